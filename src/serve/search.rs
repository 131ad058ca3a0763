//! The search index while serving: made on a thread of its own, at a low
//! priority, after the pages it is made of are served, so that no edit
//! waits for it (on 10,000 reports it takes seconds) and the next edit's
//! rebuild gets the processor first.
//!
//! One index is made at a time, once the writer has paused for [`QUIET`]:
//! while edits come in a row, each would make one more index that the next
//! edit makes stale, and on a machine with few cores that work slows the
//! next edit's rebuild. When an index is done it is served and kept in the
//! build; when the pages changed again meanwhile, the next one starts.

use std::time::{Duration, Instant};

use super::mirror;
use super::session::Session;

/// Makes the index here and now, and serves it (`serve` without `--watch`,
/// once the pages are served).
pub(super) fn make_now(session: &mut Session) {
    let Some(job) = session.build.as_ref().and_then(|b| b.search_job()) else {
        return;
    };
    let started = Instant::now();
    finish(session, Ok(job.run()), started);
}

/// How long after the last change the index is made again.
const QUIET: Duration = Duration::from_millis(1000);

/// Serves a finished index, and starts the next one when the served index
/// is older than the pages and no change came for [`QUIET`].
pub(super) fn step(session: &mut Session) {
    if let Some((handle, _)) = &session.indexing
        && !handle.is_finished()
    {
        return;
    }
    if let Some((handle, started)) = session.indexing.take() {
        finish(session, handle.join(), started);
    }
    if session.last_change.elapsed() < QUIET {
        return;
    }
    let Some(job) = session.build.as_ref().and_then(|b| b.search_job()) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("search index".to_owned())
        .spawn(move || {
            // Every other thread of debrief goes first: the index is made
            // with what the processor has to spare.
            lower_priority(19);
            job.run()
        });
    match spawned {
        Ok(handle) => session.indexing = Some((handle, Instant::now())),
        Err(e) => eprintln!("cannot make the search index: {e}"),
    }
}

/// Serves the index a thread made (or says why there is none).
fn finish(
    session: &mut Session,
    made: std::thread::Result<Result<crate::pipeline::SearchIndex, crate::diag::Diagnostics>>,
    started: Instant,
) {
    let roots = session.roots();
    let Some(b) = session.build.as_mut() else {
        return;
    };
    match made {
        Ok(Ok(index)) => {
            for cut in index.cuts.iter().filter(|c| !session.cuts_said.contains(c)) {
                eprint!("{}", crate::diag::Diagnostics::from_iter([cut.warning()]));
            }
            session.cuts_said = index.cuts.clone();
            let update = b.apply_search(index);
            let paths: Vec<String> = update.changed.into_iter().chain(update.removed).collect();
            mirror(&session.state, &b.outputs, &roots, &paths);
            if std::env::var_os("DEBRIEF_TIMINGS").is_some() {
                let ms = started.elapsed().as_secs_f64() * 1e3;
                eprintln!("  search index {ms:.1} ms: {} files", paths.len());
            }
        }
        Ok(Err(diags)) => eprint!("{diags}"),
        Err(_) => eprintln!("the search index could not be made (a bug in debrief)"),
    }
}

/// Lowers the calling thread's priority to `nice` (Linux sets it per
/// thread; elsewhere this does nothing).
pub(super) fn lower_priority(nice: i32) {
    #[cfg(target_os = "linux")]
    {
        let tid = rustix::thread::gettid();
        let _ = rustix::process::setpriority_process(Some(tid), nice);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}
