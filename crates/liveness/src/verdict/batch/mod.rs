//! Many verdicts at once: every id of a stream or iterator fetched through one provider, a
//! bounded number at a time, each result yielded as it completes. The provider's options
//! apply to every call (its rate limit, shared or not, and its retry policy); one failing id
//! never stops the others.

use futures_util::{Stream, StreamExt};

use super::{LivenessProvider, Verdict};
use crate::Error;

mod seen;
pub use seen::Seen;

/// One id's outcome: its verdict, or the error its call ended with.
#[derive(Debug)]
pub struct Fetched {
    /// The id, as given.
    pub id: String,
    /// The verdict, or why there is none.
    pub result: Result<Verdict, Error>,
}

/// The verdict of every id in `ids`, at most `concurrency` calls at a time (at least one), in
/// the order they complete. An id seen before in `ids`, or already in `seen` (ids a previous
/// run finished), is skipped; an empty one too (there is nothing to fetch). Memory holds the
/// calls in flight and a 10-byte fingerprint per distinct id, never the whole input.
///
/// ```no_run
/// use futures_util::StreamExt;
/// use liveness::verdict::batch::{self, Seen};
///
/// # async fn run() -> Result<(), liveness::Error> {
/// let client = liveness::verifik::Client::builder().build()?;
/// let ids = ["6716c5e2a9b4f3a1d2e4c8b7", "6716c5e2a9b4f3a1d2e4c8b8"].map(String::from);
/// let mut results = batch::verdicts(&client, futures_util::stream::iter(ids), 4, Seen::new());
/// while let Some(fetched) = results.next().await {
///     match fetched.result {
///         Ok(verdict) => println!("{}: passed {}", fetched.id, verdict.passed()),
///         Err(error) => println!("{}: {error}", fetched.id),
///     }
/// }
/// # Ok(()) }
/// ```
pub fn verdicts<'a, P, S>(
    provider: &'a P,
    ids: S,
    concurrency: usize,
    mut seen: Seen,
) -> impl Stream<Item = Fetched> + Send + 'a
where
    P: LivenessProvider + ?Sized,
    S: Stream<Item = String> + Send + 'a,
{
    ids.filter(move |id| std::future::ready(!id.is_empty() && seen.insert(id)))
        .map(move |id| async move {
            let result = provider.verdict(&id).await;
            Fetched { id, result }
        })
        .buffer_unordered(concurrency.max(1))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::Vendor;
    use crate::verdict::BoxFuture;

    /// Fails every id after 10 ms, counting calls and the most in flight at once.
    #[derive(Default)]
    struct Counting {
        calls: AtomicUsize,
        in_flight: AtomicUsize,
        most: AtomicUsize,
    }

    impl LivenessProvider for Counting {
        fn vendor(&self) -> Vendor {
            Vendor::Verifik
        }

        fn verdict<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Verdict, Error>> {
            Box::pin(async move {
                self.calls.fetch_add(1, Ordering::SeqCst);
                let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                self.most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(10)).await;
                self.in_flight.fetch_sub(1, Ordering::SeqCst);
                Err(Error::config(format!("no verdict for {id}")))
            })
        }
    }

    #[tokio::test(start_paused = true)]
    async fn at_most_concurrency_in_flight_each_id_once_and_every_failure_yielded() {
        let provider = Counting::default();
        let ids = (0..50)
            .map(|i| format!("id-{}", i % 20))
            .chain(["".to_owned()]);
        let mut previous = Seen::new();
        previous.insert("id-3");
        let fetched: Vec<Fetched> =
            verdicts(&provider, futures_util::stream::iter(ids), 4, previous)
                .collect()
                .await;
        // 20 distinct ids, one done by an earlier run, the empty one skipped.
        assert_eq!(fetched.len(), 19);
        assert_eq!(provider.calls.load(Ordering::SeqCst), 19);
        assert_eq!(provider.most.load(Ordering::SeqCst), 4);
        let mut ids: Vec<&str> = fetched.iter().map(|f| f.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 19);
        assert!(!ids.contains(&"id-3"));
        for f in &fetched {
            let message = f.result.as_ref().expect_err("fails").to_string();
            assert!(message.contains(&f.id), "{message}");
        }
        // Zero is taken as one.
        let one = Counting::default();
        let ids = (0..3).map(|i| i.to_string());
        let _: Vec<_> = verdicts(&one, futures_util::stream::iter(ids), 0, Seen::new())
            .collect()
            .await;
        assert_eq!(one.most.load(Ordering::SeqCst), 1);
    }
}
