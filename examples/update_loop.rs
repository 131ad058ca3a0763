//! The update of one edit, in process, for profiling (`perf record`) and
//! for the stage times `DEBRIEF_TIMINGS=1` prints: one build of the site at
//! ROOT, then N edits of KIND (`body`, `title` or `tag` of its middle
//! German report, or `template`: the theme's page template), each through
//! `Build::update_watched` with that report's page watched. Prints the medians of the time to the watched page and to
//! the end of the update. The file is put back at the end.
//!
//! `cargo run --release --example update_loop -- ROOT [KIND] [N]`, e.g. on
//! the corpus `bench/serve_edit.py` makes: `target/bench/serve-5000`.
use std::path::PathBuf;
use std::time::Instant;

use debrief::config::Overrides;
use debrief::pipeline::{self, Watched, change::Change};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap());
    let kind = args.next().unwrap_or_else(|| "title".into());
    let n: usize = args.next().map(|s| s.parse().unwrap()).unwrap_or(20);
    let mut build = pipeline::full_pages(&root, &Overrides::default()).unwrap();
    let dir = root.join("content/reports");
    let mut reports: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".de.md"))
        .collect();
    reports.sort();
    let path = reports[reports.len() / 2].clone();
    let slug = path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".de.md")
        .to_string();
    let watched_out = format!("reports/{slug}/index.html");
    let original = std::fs::read_to_string(&path).unwrap();
    let template = root.join("themes/default/templates/page.html");
    let template_text = std::fs::read_to_string(&template).unwrap_or_default();
    let mut firsts = Vec::new();
    let mut totals = Vec::new();
    for i in 0..n {
        let change = if kind == "template" {
            let marked = template_text.replacen(
                "{% block content %}",
                &format!("{{% block content %}}<!-- {i} -->"),
                1,
            );
            std::fs::write(&template, marked).unwrap();
            Change::Template
        } else {
            let text = match kind.as_str() {
                "title" => original.replacen("title = \"", &format!("title = \"X{i} "), 1),
                "tag" => original.replacen("tags = [", &format!("tags = [\"T{i}\", "), 1),
                _ => format!("{original}\n\nNeuer Satz {i}.\n"),
            };
            std::fs::write(&path, text).unwrap();
            Change::Content(path.clone())
        };
        let start = Instant::now();
        let first = std::cell::Cell::new(None);
        let wants = |p: &str| p == watched_out;
        let publish = |_: &pipeline::Rendered| first.set(Some(start.elapsed()));
        let changes = [change];
        build
            .update_watched(
                &changes,
                Some(Watched {
                    wants: &wants,
                    publish: &publish,
                    stop: &|| false,
                }),
            )
            .unwrap();
        let total = start.elapsed();
        firsts.push(first.get().unwrap_or(total).as_secs_f64() * 1e3);
        totals.push(total.as_secs_f64() * 1e3);
    }
    std::fs::write(&path, original).unwrap();
    if kind == "template" {
        std::fs::write(&template, template_text).unwrap();
    }
    firsts.sort_by(f64::total_cmp);
    totals.sort_by(f64::total_cmp);
    println!(
        "{kind}: first page median {:.1} ms (min {:.1}), whole update median {:.1} ms (min {:.1})",
        firsts[n / 2],
        firsts[0],
        totals[n / 2],
        totals[0]
    );
}
