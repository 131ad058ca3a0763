//! Writing a build to disk. The output folder is never changed in place:
//! a build fills another folder and puts it in the output's place with one
//! atomic exchange of the two names (see [`swap`](super::swap)), so that
//! after an error, or a kill at any moment, the output is exactly the old
//! site or exactly the new one. Two ways to fill that folder:
//!
//! - [`Staging`]: a cold build's new folder next to the output, filled as
//!   files are rendered;
//! - [`Spare`]: a cached build's second copy of the output, kept in the
//!   build cache between builds (see [`spare`](super::spare)).
//!
//! Every folder made here holds [`MARK`](super::MARK); what a killed build
//! left next to the output is removed by the next build
//! ([`clean_leftovers`]).

pub(crate) use super::spare::Spare;
pub(crate) use super::staging::Staging;

/// Writes `outputs` to `dest`, replacing what was there only once
/// everything is written (for tests: a build writes as it renders).
#[cfg(test)]
pub(crate) fn write(
    outputs: &crate::output::Outputs,
    dest: &std::path::Path,
) -> Result<(), crate::error::Error> {
    use crate::output::Sink;
    use crate::output::diff::copies_shown;
    use rayon::prelude::*;
    let staging = Staging::new(dest)?;
    outputs
        .files
        .par_iter()
        .try_for_each(|(rel, bytes)| staging.put(rel, bytes).map(|_| ()))?;
    let shown: Vec<_> =
        copies_shown(&outputs.copies, |rel| outputs.files.contains_key(rel)).collect();
    shown
        .par_iter()
        .try_for_each(|(rel, src)| staging.copy(rel, src).map(|_| ()))?;
    staging.commit()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::write;
    use crate::output::Outputs;

    #[test]
    fn writes_files_and_replaces_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        std::fs::create_dir_all(dest.join("stale")).unwrap();
        std::fs::write(dest.join("stale/index.html"), "old").unwrap();
        let src = dir.path().join("logo.svg");
        std::fs::write(&src, "<svg/>").unwrap();
        let mut outputs = Outputs::default();
        outputs
            .files
            .insert("en/index.html".into(), b"hello".to_vec().into());
        outputs
            .copies
            .insert("img/logo.svg".into(), PathBuf::from(&src));
        write(&outputs, &dest).unwrap();
        assert_eq!(
            std::fs::read_to_string(dest.join("en/index.html")).unwrap(),
            "hello"
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("img/logo.svg")).unwrap(),
            "<svg/>"
        );
        assert!(!dest.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn failed_write_leaves_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("public");
        std::fs::create_dir_all(&dest).unwrap();
        std::fs::write(dest.join("index.html"), "old").unwrap();
        let mut outputs = Outputs::default();
        outputs
            .copies
            .insert("gone.png".into(), dir.path().join("missing.png"));
        assert!(write(&outputs, &dest).is_err());
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "old"
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the staging folder is removed");
    }
}
