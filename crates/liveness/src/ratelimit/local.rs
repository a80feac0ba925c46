//! The in-process limiter: each caller reserves the next free slot of its operation and
//! sleeps until it.
//!
//! It stays hand-written rather than `governor`: it is the same reservation as the Redis
//! script (`reserve.lua`), so a fail-open outage changes where slots are kept and nothing else;
//! it sleeps on tokio's clock, which paused-time tests control (governor's `until_ready` sleeps
//! on a timer of its own); and it is twenty lines.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Slots per operation.
#[derive(Debug)]
pub(crate) struct LocalLimiter {
    interval: Duration,
    next_free: Mutex<HashMap<&'static str, Instant>>,
}

impl LocalLimiter {
    /// Starts for each key `interval` apart.
    pub(crate) fn new(interval: Duration) -> Self {
        Self {
            interval,
            next_free: Mutex::new(HashMap::new()),
        }
    }

    /// Waits for the next slot of `key`.
    pub(crate) async fn acquire(&self, key: &'static str) {
        let (slot, now) = {
            let mut next_free = self.next_free.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let next = next_free.entry(key).or_insert(now);
            let slot = (*next).max(now);
            *next = slot + self.interval;
            (slot, now)
        };
        // tokio's timer fires on whole milliseconds: sleeping until "now" would cost up to 1 ms
        // on every call the limit does not hold back.
        if slot > now {
            tokio::time::sleep_until(slot).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratelimit::interval;

    #[tokio::test(start_paused = true)]
    async fn a_burst_is_spread_at_the_rate_and_keys_are_independent() {
        let limiter = std::sync::Arc::new(LocalLimiter::new(interval(20)));
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
