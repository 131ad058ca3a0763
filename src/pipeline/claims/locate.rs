//! Where a message about an output points: the line of the alias, slug
//! or name that gave its path when the text is at hand, else the file.

use std::path::Path;

use super::By;
use super::describe::{Describe, shown_source};
use crate::config::CONFIG_FILE;
use crate::content::front_matter;
use crate::content::source_file::SourceFile;
use crate::diag::Location;
use crate::render::{FeedOf, JobKind};

impl Describe<'_> {
    /// Where the writer can change it: the alias, slug or name in the file
    /// that gave it, else that file, else `site.toml` for what it configures.
    pub(super) fn at(&self, by: By<'_>) -> Option<Location> {
        let site = self.site;
        match by {
            By::Alias(id, alias) => Some(find(&site.page(id).file, &[alias, "aliases"])),
            By::Css | By::Theme(_) | By::Search => Some(Location::file(CONFIG_FILE)),
            By::Copy(src) => Some(Location::file(shown_source(site, src))),
            By::Job(job) => self.job_at(&job.kind),
        }
    }

    /// Where the writer can change a rendered output's path.
    fn job_at(&self, kind: &JobKind) -> Option<Location> {
        let site = self.site;
        match kind {
            JobKind::Page(id) => {
                let p = site.page(*id);
                Some(match &p.front.slug {
                    Some(slug) => slug_at(&p.file, slug),
                    None => Location::file(&p.file.shown),
                })
            }
            JobKind::Pager { section, .. } => {
                let s = site.section(*section);
                Some(match &s.file {
                    Some(f) => Location::file(&f.shown),
                    None => Location::file(Path::new("content").join(&*s.dir)),
                })
            }
            JobKind::TermPager { term, .. } | JobKind::Feed(FeedOf::Term(term)) => {
                let t = site.term(*term);
                match &t.source {
                    Some(s) => Some(Location::file(&s.file.shown)),
                    None => {
                        let name = &site.config.taxonomies[t.taxonomy].name;
                        let p = site.page(*t.pages.first()?);
                        Some(find(&p.file, &[&t.name, name]))
                    }
                }
            }
            JobKind::Event(id) => {
                let e = site.event(*id);
                let p = site.page(*e.pages.first()?);
                Some(find(&p.file, &[&e.name, "event"]))
            }
            JobKind::TaxonomyList { .. } => Some(Location::file(CONFIG_FILE)),
            JobKind::NotFound => Some(Location::file("templates/404.html")),
            _ => None,
        }
    }

    /// Where to point for a problem between two outputs: at what the writer
    /// gave (a page, an alias, a copied file) rather than at what debrief
    /// generates, `first` before `second`.
    pub(super) fn blame(&self, first: By<'_>, second: By<'_>) -> Option<Location> {
        let given = |by: By<'_>| match by {
            By::Alias(..) | By::Copy(_) => true,
            By::Job(job) => matches!(job.kind, JobKind::Page(_)),
            By::Css | By::Theme(_) | By::Search => false,
        };
        [first, second]
            .into_iter()
            .filter(|by| given(*by))
            .chain([first, second])
            .find_map(|by| self.at(by))
    }
}

/// Where a page's `slug` is written: its text on the `slug` line of the
/// front matter (not the same text elsewhere, in a title, say), else as
/// [`find`] finds it.
fn slug_at(file: &SourceFile, slug: &str) -> Location {
    match front_matter::value_location(file, "slug") {
        Some(mut at) => {
            let quoted = at
                .line_text
                .as_deref()
                .and_then(|l| l.chars().nth(at.col.saturating_sub(1)));
            if matches!(quoted, Some('"' | '\'')) {
                at.col += 1;
            }
            at
        }
        None => find(file, &[slug, "slug"]),
    }
}

/// The first of `needles` found in the text at hand of `file` (its front
/// matter at least, unless the build cache spared reading it), else the file.
fn find(file: &SourceFile, needles: &[&str]) -> Location {
    needles
        .iter()
        .filter(|n| !n.is_empty())
        .find_map(|n| file.text.find(n))
        .map_or_else(|| Location::file(&file.shown), |at| file.location(at))
}
