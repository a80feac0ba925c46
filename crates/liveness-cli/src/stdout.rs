//! Output that a closed reader cannot crash. `println!` panics when the reader of a pipe goes
//! away (`liveness ... --output json | head -c 300`); a command writing through [`write`] ends
//! quietly instead, and [`err`] never fails on a closed stderr.

use std::fmt::Display;
use std::io::{self, Write};

use crate::exit::Failure;

/// Writes `text` to stdout and flushes it. A reader that closed the pipe is
/// [`Failure::Closed`] (exit 0, nothing said: the reader took what it wanted); any other error
/// (a full disk) is [`Failure::Output`].
pub fn write(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            io::ErrorKind::BrokenPipe => Failure::Closed,
            _ => Failure::Output(format!("cannot write to stdout: {e}")),
        })
}

/// [`write`]s `line` and a newline.
pub fn line(line: impl Display) -> Result<(), Failure> {
    write(&format!("{line}\n"))
}

/// Writes `line` to stderr; a closed stderr is ignored, as there is nowhere left to say it.
pub fn err(line: impl Display) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}
