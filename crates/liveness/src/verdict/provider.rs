//! [`LivenessProvider`]: fetch the verdict for an id, whichever vendor is configured.

use std::future::Future;
use std::pin::Pin;

use super::Verdict;
use crate::{Error, Vendor};

/// A boxed future, so providers can be used as `dyn LivenessProvider`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A vendor client that can say what happened to a liveness session.
///
/// ```no_run
/// # async fn run(provider: &dyn liveness::verdict::LivenessProvider) -> Result<(), liveness::Error> {
/// let verdict = provider.verdict("session-id").await?;
/// if !verdict.passed() {
///     println!("{:?}: {:?}", verdict.vendor, verdict.outcome);
/// }
/// # Ok(()) }
/// ```
pub trait LivenessProvider: Send + Sync {
    /// The vendor behind it.
    fn vendor(&self) -> Vendor;

    /// The verdict for `id` (a Tencent SdkToken, a TrustDecision liveness id, a Talentomobile
    /// process id, a Verifik record id). Unknown and expired sessions are verdicts, not errors;
    /// errors are for calls that failed.
    fn verdict<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<Verdict, Error>>;
}

/// `impl LivenessProvider for $client`: its vendor, and the verdict `$fetch` (an
/// `async fn(&$client, &str) -> Result<Verdict, Error>`) comes to.
macro_rules! liveness_provider {
    ($client:ty, $vendor:expr, $fetch:path) => {
        impl $crate::verdict::LivenessProvider for $client {
            fn vendor(&self) -> $crate::Vendor {
                $vendor
            }

            fn verdict<'a>(
                &'a self,
                id: &'a str,
            ) -> $crate::verdict::BoxFuture<'a, Result<$crate::verdict::Verdict, $crate::Error>>
            {
                Box::pin(async move {
                    let verdict = $fetch(self, id).await;
                    $crate::metrics::verdict(&verdict);
                    verdict
                })
            }
        }
    };
}
pub(crate) use liveness_provider;
