//! What the command line gives a writer's hands: completions for each
//! shell, the man page, `--quiet` and `--verbose`, the build's summary,
//! `check --drafts`, and colour only on a terminal without `NO_COLOR`.

use std::process::{Command, Stdio};

use crate::support::SiteTest;

/// `debrief ARGS`, its stdout.
fn stdout_of(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_debrief"))
        .args(args)
        .output()
        .expect("run debrief");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

const SUBCOMMANDS: [&str; 7] = [
    "build",
    "check",
    "serve",
    "new",
    "init",
    "completions",
    "man",
];

#[test]
fn completions_for_bash_zsh_and_fish_know_every_subcommand() {
    let bash = stdout_of(&["completions", "bash"]);
    let mut check = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .spawn()
        .expect("run bash -n");
    std::io::Write::write_all(&mut check.stdin.take().unwrap(), bash.as_bytes()).unwrap();
    assert!(check.wait().unwrap().success(), "bash -n rejects:\n{bash}");
    assert!(bash.contains("complete -F _debrief"), "{bash}");
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(&["completions", shell]);
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
        // fish writes long options without their dashes (`-l drafts`).
        assert!(
            script.contains("drafts") && script.contains("quiet"),
            "{shell}"
        );
    }
    assert!(stdout_of(&["completions", "zsh"]).starts_with("#compdef debrief"));
    let fish = stdout_of(&["completions", "fish"]);
    assert!(fish.contains("complete -c debrief"), "{fish}");
    let bad = SiteTest::new("bilingual").run(&["completions", "tcsh"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn the_man_page_names_every_subcommand_and_one_page_each_is_written() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH debrief 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(page.contains(sub), "the man page lacks {sub}");
    }
    let site = SiteTest::new("bilingual");
    site.run(&["man", "--dir", "man"]).success();
    let build = std::fs::read_to_string(site.root().join("man/debrief-build.1")).unwrap();
    assert!(build.contains("\\-\\-drafts"), "{build}");
}

/// `stderr` with the milliseconds of "in N ms" made `in N ms`.
fn without_timing(stderr: &str) -> String {
    let mut out = String::new();
    for line in stderr.split_inclusive('\n') {
        match line.rfind(" in ").filter(|_| line.ends_with(" ms\n")) {
            Some(at) => out.push_str(&format!("{} in N ms\n", &line[..at])),
            None => out.push_str(line),
        }
    }
    out
}

#[test]
fn the_build_summary_says_per_language_what_was_built_and_what_was_left_out() {
    // The fixture has a draft (entwurf.md) and a report dated 2999 (zukunft.md).
    let site = SiteTest::new("bilingual");
    let run = site.build();
    run.success();
    let root = site.root().display();
    assert_eq!(
        without_timing(&run.stderr),
        format!(
            "3 translation notes about missing or outdated translations: `debrief check` lists them\n\
             Built 8 pages and 4 sections into {root}/public (71 files) in N ms\n  \
             de: 4 pages, 2 sections, 2 terms, 1 event, 3 feeds\n  \
             en: 4 pages, 2 sections, 2 terms, 1 event, 3 feeds\n\
             Left out 1 draft (include with --drafts) and 1 report dated after today (include with --future)\n"
        )
    );
    // --verbose names each file left out; --future brings the future one in.
    let run = site.build_with(&["--future", "--verbose", "--no-cache"]);
    run.success();
    let text = without_timing(&run.stderr);
    let summary = text.split_once("Built ").unwrap().1;
    assert_eq!(
        summary,
        format!(
            "9 pages and 4 sections into {root}/public (72 files) in N ms\n  \
             de: 5 pages, 2 sections, 2 terms, 1 event, 3 feeds\n  \
             en: 4 pages, 2 sections, 2 terms, 1 event, 3 feeds\n\
             Left out 1 draft (include with --drafts)\n  \
             content/reports/entwurf.md (de, draft)\n"
        )
    );
    // The notes themselves, in full, instead of their count.
    assert!(
        text.contains("warning: `Nur auf Deutsch` has no en version\n"),
        "{text}"
    );
    // With --drafts nothing is left out.
    let run = site.build_with(&["--drafts"]);
    run.success();
    assert!(!run.stderr.contains("Left out"), "{}", run.stderr);
}

#[test]
fn quiet_prints_only_warnings_and_errors() {
    let site = SiteTest::new("bilingual");
    let run = site.build_with(&["--quiet"]);
    run.success();
    assert_eq!(run.stderr, "");
    assert!(site.exists("/"));
    let run = site.run(&["-q", "check", "--root", site.root().to_str().unwrap()]);
    run.success();
    assert!(!run.stderr.contains("No errors"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: `Nur auf Deutsch` has no en version"),
        "{}",
        run.stderr
    );
    let run = site.run(&["new", "content/reports/neu.md", "-q"]);
    run.success();
    assert_eq!(run.stderr, "");
    // An error is printed in full.
    site.write(
        "content/reports/kaputt.md",
        "+++\ntitle = \"Kaputt\"\ndate = 2008-13-01\n+++\n",
    );
    let run = site.build_with(&["--quiet"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("--> content/reports/kaputt.md:3:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: the build failed with 1 error\n"),
        "{}",
        run.stderr
    );
    let both = site.build_with(&["--quiet", "--verbose"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
}

#[test]
fn check_drafts_lists_the_drafts_with_their_paths() {
    let site = SiteTest::new("bilingual");
    site.write(
        "content/reports/2009-03-04-cebit/index.en.md",
        "+++\ntitle = \"CeBIT, half done\"\ndraft = true\n+++\n\nNotes.\n",
    );
    let root = site.root().to_str().unwrap();
    let run = site.run(&["check", "--root", root, "--drafts"]);
    run.success();
    assert!(
        run.stderr.contains(
            "2 drafts:\n  content/reports/2009-03-04-cebit/index.en.md (en)\n  content/reports/entwurf.md (de)\n"
        ),
        "{}",
        run.stderr
    );
    let run = site.run(&["check", "--root", root]);
    run.success();
    assert!(!run.stderr.contains("drafts:"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "Left out 2 drafts (include with --drafts) and 1 report dated after today (include with --future)\n"
        ),
        "{}",
        run.stderr
    );
}

/// `debrief ARGS` on a pseudo-terminal (util-linux `script`), with `env`;
/// what the terminal showed.
fn on_a_terminal(site: &SiteTest, args: &str, env: &[(&str, &str)]) -> String {
    let line = format!("{} {args}", env!("CARGO_BIN_EXE_debrief"));
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(site.root())
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run script(1)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let site = SiteTest::new("bilingual");
    site.write(
        "content/reports/kaputt.md",
        "+++\ntitle = \"Kaputt\"\ndate = 2008-13-01\n+++\n",
    );
    let shown = on_a_terminal(&site, "build", &[]);
    assert!(shown.contains("\x1b[1;31merror\x1b[0m: "), "{shown:?}");
    let plain = on_a_terminal(&site, "build", &[("NO_COLOR", "1")]);
    assert!(plain.contains("error: "), "{plain:?}");
    assert!(!plain.contains('\x1b'), "{plain:?}");
    // Piped (as every other test runs it): no colour either.
    let run = site.build();
    assert!(run.stderr.contains("error: ") && !run.stderr.contains('\x1b'));
}

#[test]
fn the_progress_line_shows_on_a_terminal_only_after_a_second() {
    // A quick build on a terminal: no progress line.
    let small = SiteTest::new("bilingual");
    let plain = [("NO_COLOR", "1")];
    let shown = on_a_terminal(&small, "build", &plain);
    assert!(shown.contains("Built 8 pages"), "{shown:?}");
    assert!(!shown.contains("Building…"), "{shown:?}");
    // A build of 800 reports: the line, once it has run a second, wiped
    // before the summary.
    let big = SiteTest::new("bilingual");
    for i in 0..800 {
        big.write(
            &format!("content/reports/bericht-{i}.md"),
            &format!(
                "+++\ntitle = \"Bericht {i}\"\ndate = 2009-0{}-1{}\n\n[taxonomies]\ntags = [\"Thema {}\"]\n+++\n\n„Zitat“ und Text {i}.\n",
                i % 9 + 1,
                i % 9,
                i % 40
            ),
        );
    }
    let started = std::time::Instant::now();
    let shown = on_a_terminal(&big, "build --no-cache", &plain);
    let took = started.elapsed();
    eprintln!("the build of 808 pages took {took:?} on a terminal");
    assert!(shown.contains("Built 808 pages"), "{shown:?}");
    // Only where the build did take more than a second (debug builds here
    // take several): a faster machine shows nothing, which is right too.
    if took > std::time::Duration::from_millis(1500) {
        let line = shown.find("\r\x1b[KBuilding… 1.").expect("a progress line");
        let wiped = shown.rfind("\r\x1b[K").unwrap();
        let summary = shown.find("Built 808 pages").unwrap();
        assert!(line < wiped && wiped < summary, "{shown:?}");
    }
    // Piped: never.
    let run = big.build_with(&["--no-cache"]);
    assert!(!run.stderr.contains("Building"), "{}", run.stderr);
}
