//! The exact output of `debrief` on broken sites, one case a folder in
//! `tests/errors/` (the shape of mdBook's and just's test suites):
//!
//! - `site/`: a small site; the harness copies the repo's `themes/default`
//!   in as `themes/default`, so a case holds only its own files;
//! - `args`: the arguments on one line, split at spaces (`build` when there
//!   is no such file); `$SITE` stands for the site's folder, and
//!   `--root $SITE` is appended (but to `init`, which takes the folder);
//! - `stderr`: the whole stderr, `$SITE` written for the site's folder;
//! - `status`: the exit status;
//! - `ignore` (rare): why debrief's output is known to be wrong; `stderr`
//!   then holds what it should print instead, checked only by the ignored
//!   test below, and the main test fails once debrief prints it (delete
//!   `ignore` then).
//!
//! `DEBRIEF_BLESS=1 cargo test --test integration error_output` rewrites
//! `stderr` and `status` of every case (but those with `ignore`) with what
//! debrief prints, instead of comparing: read the diff before committing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::files_under;

/// `tests/errors/`.
fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors")
}

/// One case folder.
struct Case {
    name: String,
    dir: PathBuf,
    /// Why its output is known to be wrong, from its `ignore` file.
    ignore: Option<String>,
}

/// Every case, by name.
fn cases() -> Vec<Case> {
    let dir = cases_dir();
    let mut cases: Vec<Case> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|entry| entry.expect("read a folder entry").path())
        .filter(|path| path.is_dir())
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            ignore: fs::read_to_string(dir.join("ignore")).ok(),
            dir,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// What one run printed.
struct Output {
    stderr: String,
    status: i32,
}

/// Each file below `dir` with its bytes, but the copied theme.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .filter(|p| !p.starts_with(dir.join("themes/default")))
        .map(|p| {
            let bytes = fs::read(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
            (p, bytes)
        })
        .collect()
}

/// Runs a case in a temp copy of its site, from a folder that is not the
/// site (so `--root` is what finds it).
fn run(case: &Case) -> Output {
    let name = &case.name;
    let temp = tempfile::tempdir().expect("create a temp dir");
    let site = temp.path().join("site");
    let from = case.dir.join("site");
    assert!(from.is_dir(), "{name}: no site/ folder");
    for file in files_under(&from) {
        let to = site.join(file.strip_prefix(&from).unwrap());
        fs::create_dir_all(to.parent().unwrap()).expect("create folders");
        fs::copy(&file, &to).unwrap_or_else(|e| panic!("copy {}: {e}", file.display()));
    }
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    for file in files_under(&theme) {
        let to = site
            .join("themes/default")
            .join(file.strip_prefix(&theme).unwrap());
        fs::create_dir_all(to.parent().unwrap()).expect("create folders");
        fs::copy(&file, &to).unwrap_or_else(|e| panic!("copy {}: {e}", file.display()));
    }
    let site_str = site.to_str().expect("temp dir path is UTF-8");
    let line = match fs::read_to_string(case.dir.join("args")) {
        Ok(text) => text.trim().to_owned(),
        Err(_) => "build".to_owned(),
    };
    let mut args: Vec<String> = line
        .split_whitespace()
        .map(|a| a.replace("$SITE", site_str))
        .collect();
    assert!(!args.is_empty(), "{name}: `args` is empty");
    if args[0] != "init" {
        args.extend(["--root".to_owned(), site_str.to_owned()]);
    }
    let before = snapshot(&site);
    let out = Command::new(env!("CARGO_BIN_EXE_debrief"))
        .args(&args)
        .current_dir(temp.path())
        .output()
        .expect("run the debrief binary");
    let status = out.status.code().expect("debrief exited normally");
    assert!(
        out.stdout.is_empty(),
        "{name}: debrief printed on stdout:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // What fails writes nothing; no case is a build or a `new` that works.
    assert!(
        snapshot(&site) == before,
        "{name}: the site's files changed (exit {status})"
    );
    let mut stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    let real = site.canonicalize().expect("resolve the temp dir");
    for path in [site_str, real.to_str().expect("UTF-8")] {
        stderr = stderr.replace(path, "$SITE");
    }
    Output { stderr, status }
}

/// The expected stderr and status of a case.
fn expected(case: &Case) -> (String, i32) {
    let read = |file: &str| {
        let path = case.dir.join(file);
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: read {}: {e} (DEBRIEF_BLESS=1 writes it)",
                case.name,
                path.display()
            )
        })
    };
    let status = read("status");
    let status = status
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("{}: `status` is no number: {status:?}", case.name));
    (read("stderr"), status)
}

/// How a case's output differs from what it should be; `None` when equal.
fn mismatch(case: &Case, got: &Output) -> Option<String> {
    let (stderr, status) = expected(case);
    if got.stderr == stderr && got.status == status {
        return None;
    }
    let mut report = format!("--- {}", case.name);
    if got.status != status {
        report.push_str(&format!("\nexit status {}, expected {status}", got.status));
    }
    if got.stderr != stderr {
        let line = got
            .stderr
            .lines()
            .zip(stderr.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| got.stderr.lines().count().min(stderr.lines().count()));
        report.push_str(&format!(
            "\nstderr differs from line {}:\n--- expected\n{stderr}--- got\n{}",
            line + 1,
            got.stderr
        ));
    }
    Some(report)
}

#[test]
fn error_output_is_exactly_as_recorded_in_tests_errors() {
    let bless = std::env::var_os("DEBRIEF_BLESS").is_some_and(|v| v == "1");
    let cases = cases();
    assert!(
        cases.len() >= 15,
        "only {} cases in tests/errors/",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let got = run(case);
        if case.ignore.is_some() {
            // Known wrong: it must still be (else its `ignore` is stale).
            if mismatch(case, &got).is_none() {
                failures.push(format!(
                    "--- {}: prints what `stderr` says it should now: delete its `ignore` file",
                    case.name
                ));
            }
        } else if bless {
            fs::write(case.dir.join("stderr"), &got.stderr).expect("write stderr");
            fs::write(case.dir.join("status"), format!("{}\n", got.status)).expect("write status");
        } else if let Some(report) = mismatch(case, &got) {
            failures.push(report);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases in tests/errors/ differ (DEBRIEF_BLESS=1 records what debrief prints):\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
#[ignore = "debrief prints these messages wrong: each case's `ignore` file says how"]
fn known_wrong_error_output_is_as_it_should_be() {
    let mut failures = Vec::new();
    let mut count = 0;
    for case in cases().iter().filter(|c| c.ignore.is_some()) {
        count += 1;
        if let Some(report) = mismatch(case, &run(case)) {
            failures.push(format!(
                "{report}--- why: {}",
                case.ignore.as_ref().unwrap()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} known-wrong cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
