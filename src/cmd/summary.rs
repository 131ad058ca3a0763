//! What `build` and `check` say when they are done: per language what the
//! site has (pages, sections, terms, events, feeds), and what was left
//! out (drafts, reports dated in the future) with the flag that brings
//! it in.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::config::Lang;
use crate::diag::counted;
use crate::render::templates::TemplateSources;
use crate::render::{self, FeedOf, JobKind};
use crate::site::Site;

/// What one language of the site has.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    pages: usize,
    sections: usize,
    terms: usize,
    events: usize,
    feeds: usize,
}

fn counts(site: &Site) -> BTreeMap<&Lang, Counts> {
    let mut by_lang: BTreeMap<&Lang, Counts> = site
        .config
        .langs()
        .map(|l| (l, Counts::default()))
        .collect();
    let mut count = |lang: &Lang, f: fn(&mut Counts) -> &mut usize| {
        if let Some(c) = by_lang.get_mut(lang) {
            *f(c) += 1;
        }
    };
    site.pages
        .iter()
        .for_each(|p| count(&p.key.lang, |c| &mut c.pages));
    site.sections
        .iter()
        .for_each(|s| count(&s.lang, |c| &mut c.sections));
    site.terms
        .iter()
        .for_each(|t| count(&t.lang, |c| &mut c.terms));
    site.events
        .iter()
        .for_each(|e| count(&e.lang, |c| &mut c.events));
    // The feeds are the jobs that make them; which templates exist does not
    // change them.
    for job in render::plan(site, &TemplateSources::default()) {
        match &job.kind {
            JobKind::Feed(FeedOf::Language(lang)) => count(lang, |c| &mut c.feeds),
            JobKind::Feed(FeedOf::Term(id)) => count(&site.term(*id).lang, |c| &mut c.feeds),
            _ => {}
        }
    }
    by_lang
}

/// One line per language, in the configured order (the default first):
/// `  de: 3 pages, 4 sections, 5 terms, 1 event, 3 feeds`.
pub(crate) fn languages(site: &Site) -> String {
    let counts = counts(site);
    let mut out = String::new();
    for lang in site.config.langs() {
        let c = counts.get(lang).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "  {lang}: {}, {}, {}, {}, {}",
            counted(c.pages, "page"),
            counted(c.sections, "section"),
            counted(c.terms, "term"),
            counted(c.events, "event"),
            counted(c.feeds, "feed"),
        );
    }
    out
}

/// What the build left out and how to bring it in, or nothing:
/// `Left out 1 draft (include with --drafts) and 2 reports dated after
/// today (include with --future)`; with
/// `verbose`, each file on a line of its own.
pub(crate) fn left_out(site: &Site, verbose: bool) -> String {
    let drafts = site.left_out.iter().filter(|l| l.draft).count();
    let future = site.left_out.len() - drafts;
    let mut parts = Vec::new();
    if drafts > 0 {
        parts.push(format!(
            "{} (include with --drafts)",
            counted(drafts, "draft")
        ));
    }
    if future > 0 {
        parts.push(format!(
            "{} dated after today (include with --future)",
            counted(future, "report")
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    let mut out = format!("Left out {}\n", parts.join(" and "));
    if verbose {
        let mut files = site.left_out.clone();
        files.sort();
        for l in files {
            let why = if l.draft {
                "draft"
            } else {
                "dated after today"
            };
            let _ = writeln!(out, "  {} ({}, {why})", l.file.display(), l.lang);
        }
    }
    out
}

/// The drafts in the build (`check --drafts`), each with its path and language.
pub(crate) fn drafts(site: &Site) -> String {
    let mut files: Vec<String> = site
        .pages
        .iter()
        .filter(|p| p.front.draft)
        .map(|p| format!("  {} ({})\n", p.file.shown.display(), p.key.lang))
        .collect();
    if files.is_empty() {
        return "No drafts\n".to_owned();
    }
    files.sort();
    format!("{}:\n{}", counted(files.len(), "draft"), files.concat())
}
