//! The batch's progress on stderr: a bar on a terminal (done, rate, counts per decision and
//! per error kind), a plain line every few seconds otherwise, nothing with `--quiet`; and the
//! summary at the end.

use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use liveness::verdict::Verdict;

use crate::batch::{Counts, decision, rate};
use crate::stdout;

/// How often a plain progress line is written when stderr is not a terminal.
pub const PLAIN_EVERY: Duration = Duration::from_secs(2);

/// Progress of one batch.
pub struct Progress {
    quiet: bool,
    started: Instant,
    last_line: Instant,
    resumed: usize,
    total: Option<u64>,
    counts: Counts,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// `resumed` ids were done by an earlier run (and are skipped); `total`, when the input
    /// is a file, is how many ids it holds (duplicates included, so the bar may end short).
    pub fn new(quiet: bool, resumed: usize, total: Option<u64>) -> Self {
        let total = total.map(|t| t.saturating_sub(resumed as u64));
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let (bar, template) = match total {
                Some(total) => (
                    ProgressBar::new(total),
                    "[{bar:30}] {pos}/{len} done ({per_sec}, ETA {eta}) {msg}",
                ),
                None => (
                    ProgressBar::new_spinner(),
                    "{spinner} {pos} done ({per_sec}, {elapsed}) {msg}",
                ),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let now = Instant::now();
        Self {
            quiet,
            started: now,
            last_line: now,
            resumed,
            total,
            counts: Counts::default(),
            bar,
        }
    }

    /// One verdict more.
    pub fn verdict(&mut self, verdict: &Verdict) {
        *self.counts.decisions.entry(decision(verdict)).or_default() += 1;
        self.tick();
    }

    /// One error more, of `kind`.
    pub fn error(&mut self, kind: &'static str) {
        *self.counts.errors.entry(kind).or_default() += 1;
        self.counts.failed += 1;
        self.tick();
    }

    fn tick(&mut self) {
        self.counts.done += 1;
        if let Some(bar) = &self.bar {
            bar.set_message(self.counts.line());
            bar.inc(1);
        } else if !self.quiet && self.last_line.elapsed() >= PLAIN_EVERY {
            self.last_line = Instant::now();
            let elapsed = self.started.elapsed();
            let of = self.total.map_or(String::new(), |t| format!(" of {t}"));
            stdout::err(format_args!(
                "batch: {}{of} done, {:.1} ids/s; {}",
                self.counts.done,
                rate(self.counts.done, elapsed),
                self.counts.line()
            ));
        }
    }

    /// Clears the bar and writes the summary (unless quiet); the counts.
    pub fn finish(mut self) -> Counts {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.counts.elapsed = self.started.elapsed();
        if !self.quiet {
            let resumed = if self.resumed > 0 {
                format!(" ({} already done by an earlier run)", self.resumed)
            } else {
                String::new()
            };
            stdout::err(format_args!(
                "batch: {} ids in {:.1} s, {:.1} ids/s{resumed}; {}",
                self.counts.done,
                self.counts.elapsed.as_secs_f64(),
                rate(self.counts.done, self.counts.elapsed),
                if self.counts.done == 0 {
                    "nothing to do".to_owned()
                } else {
                    self.counts.line()
                }
            ));
        }
        self.counts
    }
}
