//! A client-side rate limiter: at most N requests per second per operation, evenly spaced.
//!
//! Each caller reserves the next free slot and sleeps until it. Slots are `1/N` s apart plus a
//! 5% margin: requests leave evenly spaced but reach the vendor with jitter (scheduling, a new
//! connection), and without the margin two of them can arrive closer than they left, putting
//! N+1 in the vendor's one-second window (the reliability test saw it at the mock).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The share of each interval kept free for arrival jitter.
const JITTER_MARGIN: f64 = 0.05;

/// Slots per operation.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    interval: Duration,
    next_free: Mutex<HashMap<&'static str, Instant>>,
}

impl RateLimiter {
    /// At most `per_second` starts per second for each key, spaced with the jitter margin.
    pub(crate) fn new(per_second: u32) -> Self {
        Self {
            interval: Duration::from_secs(1).mul_f64(1.0 + JITTER_MARGIN) / per_second.max(1),
            next_free: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for the next slot of `key`.
    pub(crate) async fn acquire(&self, key: &'static str) {
        let slot = {
            let mut next_free = self.next_free.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let next = next_free.entry(key).or_insert(now);
            let slot = (*next).max(now);
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_burst_is_spread_at_the_rate_and_keys_are_independent() {
        let limiter = std::sync::Arc::new(RateLimiter::new(20));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for i in 0..60 {
            let limiter = limiter.clone();
            let key = if i % 2 == 0 { "a" } else { "b" };
            tasks.push(tokio::spawn(async move {
                limiter.acquire(key).await;
                (key, Instant::now() - start)
            }));
        }
        let mut times: HashMap<&str, Vec<Duration>> = HashMap::new();
        for task in tasks {
            let (key, at) = task.await.expect("task");
            times.entry(key).or_default().push(at);
        }
        for (key, mut at) in times {
            at.sort();
            assert_eq!(at.len(), 30);
            // 30 starts at 20/s: the last one waits 29 intervals of 52.5 ms (50 ms + 5%); the
            // timer wakes on whole milliseconds.
            let last = Duration::from_micros(29 * 52_500);
            assert!(
                at[29] >= last && at[29] <= last + Duration::from_millis(1),
                "key {key}: {:?}",
                at[29]
            );
            // No one-second window holds more than 20 starts, with about 50 ms to spare.
            for w in at.windows(21) {
                assert!(
                    w[20] - w[0] >= Duration::from_millis(1_049),
                    "key {key}: {w:?}"
                );
            }
        }
    }
}
