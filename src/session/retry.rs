//! When to retry an overloaded (`-32001`) request: exponential backoff with jitter.

use std::time::Duration;

/// 20 ms, 40 ms, ... capped at 1 s, each ±25 %.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let base_ms = (20u64 << attempt.min(6)).min(1000);
    let jitter = jitter_fraction(); // in [-0.25, 0.25)
    Duration::from_micros(((base_ms as f64) * 1000.0 * (1.0 + jitter)) as u64)
}

fn jitter_fraction() -> f64 {
    use std::cell::Cell;
    thread_local!(static SEED: Cell<u64> = const { Cell::new(0) });
    SEED.with(|seed| {
        let mut x = seed.get();
        if x == 0 {
            x = (std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1))
                | 1;
        }
        // xorshift64: plenty for spreading retries apart.
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        seed.set(x);
        ((x >> 11) as f64 / (1u64 << 53) as f64) * 0.5 - 0.25
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        for attempt in 0..10 {
            let d = super::backoff(attempt).as_millis();
            assert!(d <= 1250, "{d}");
            assert!(d >= 15, "{d}");
        }
    }
}
