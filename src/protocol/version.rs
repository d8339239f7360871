//! The range of app-server versions this library is built and tested against.

/// Lowest supported server version (inclusive).
pub(crate) const MIN_SUPPORTED: (u64, u64, u64) = (0, 163, 0);
/// First unsupported server version (exclusive): the protocol moves between minor releases.
pub(crate) const MAX_SUPPORTED_EXCLUSIVE: (u64, u64, u64) = (0, 200, 0);

/// The version is the part of `userAgent` after the first `/`, up to the first space.
pub(crate) fn server_version_from_user_agent(user_agent: &str) -> Option<&str> {
    let rest = user_agent.split_once('/')?.1;
    let version = rest.split_whitespace().next()?;
    (!version.is_empty()).then_some(version)
}

pub(crate) fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    Some((
        parts.next()??,
        parts.next()??,
        parts.next().unwrap_or(Some(0))?,
    ))
}

pub(crate) fn is_supported(version: &str) -> bool {
    match parse(version) {
        Some(v) => v >= MIN_SUPPORTED && v < MAX_SUPPORTED_EXCLUSIVE,
        None => false,
    }
}

pub(crate) fn supported_range() -> String {
    let (a, b, c) = MIN_SUPPORTED;
    let (x, y, z) = MAX_SUPPORTED_EXCLUSIVE;
    format!(">= {a}.{b}.{c}, < {x}.{y}.{z}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_user_agent() {
        let ua = "my_client/0.163.0 (Debian 12.0.0; x86_64) xterm (my_client; 0.1.0)";
        assert_eq!(server_version_from_user_agent(ua), Some("0.163.0"));
        assert!(is_supported("0.163.0"));
        assert!(!is_supported("0.1.0"));
        assert!(!is_supported("garbage"));
        assert_eq!(server_version_from_user_agent("noslash"), None);
    }
}
