//! The progress line of a long build: on a terminal only, and only once
//! the build has run for a second, `Building… 2.4 s` rewritten in place
//! and wiped when the build ends, so that a quick build prints nothing
//! extra and a log or a pipe never gets it.

use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a build runs before the line appears.
const AFTER: Duration = Duration::from_secs(1);
/// How often the line is rewritten.
const EVERY: Duration = Duration::from_millis(200);

/// A progress line being shown; dropping it (or [`Progress::done`]) ends it.
pub(crate) struct Progress {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the line for `what` (`Building`), when `on` (stderr is a
    /// terminal and the command was not asked to be quiet).
    pub(crate) fn start(what: &'static str, on: bool) -> Progress {
        if !on {
            return Progress {
                stop: None,
                thread: None,
            };
        }
        let started = Instant::now();
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let mut wait = AFTER;
            let mut shown = false;
            // Until told to stop, or the command is gone.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(wait) {
                let secs = started.elapsed().as_secs_f64();
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[K{what}… {secs:.1} s");
                let _ = err.flush();
                shown = true;
                wait = EVERY;
            }
            if shown {
                let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
            }
        });
        Progress {
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// Ends the line, wiping it, before the command prints its report.
    pub(crate) fn done(mut self) {
        self.end();
    }

    fn end(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.end();
    }
}
