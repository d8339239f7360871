//! Signed bearer tokens for a remote app-server: an HS256 JWT made from a shared secret, with
//! the issuer, audience and expiry the server checks (`--ws-auth signed-bearer-token`).

use serde::Serialize;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Serialize)]
struct Header {
    alg: &'static str,
    typ: &'static str,
}

#[derive(Serialize)]
struct Claims<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    iss: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aud: Option<&'a str>,
    iat: u64,
    nbf: u64,
    exp: u64,
}

/// `header.claims.signature`, base64url without padding; `exp` is now + `ttl` (a ttl of 0 makes
/// a token that is already expired, for tests of the server's refusal).
pub(crate) fn hs256(
    secret: &[u8],
    issuer: Option<&str>,
    audience: Option<&str>,
    ttl: Duration,
    now: SystemTime,
) -> String {
    let b64 = |bytes: &[u8]| data_encoding::BASE64URL_NOPAD.encode(bytes);
    let now = now
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let header = serde_json::to_vec(&Header {
        alg: "HS256",
        typ: "JWT",
    })
    .expect("a fixed header serializes");
    let claims = serde_json::to_vec(&Claims {
        iss: issuer,
        aud: audience,
        iat: now,
        nbf: now,
        exp: now + ttl.as_secs(),
    })
    .expect("claims serialize");
    let signing_input = format!("{}.{}", b64(&header), b64(&claims));
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret);
    let tag = ring::hmac::sign(&key, signing_input.as_bytes());
    format!("{signing_input}.{}", b64(tag.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_known_hs256_signature() {
        // RFC 7515 A.1's key and algorithm over our own claims: recompute the MAC independently.
        let t = hs256(
            b"secret",
            Some("me"),
            Some("you"),
            Duration::from_secs(60),
            UNIX_EPOCH,
        );
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims = data_encoding::BASE64URL_NOPAD
            .decode(parts[1].as_bytes())
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&claims).unwrap();
        assert_eq!(v["iss"], "me");
        assert_eq!(v["aud"], "you");
        assert_eq!(v["exp"], 60);
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"secret");
        let sig = data_encoding::BASE64URL_NOPAD
            .decode(parts[2].as_bytes())
            .unwrap();
        let input = format!("{}.{}", parts[0], parts[1]);
        assert!(ring::hmac::verify(&key, input.as_bytes(), &sig).is_ok());
        assert!(ring::hmac::verify(&key, b"other", &sig).is_err());
    }
}
