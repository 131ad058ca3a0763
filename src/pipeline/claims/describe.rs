//! What made an output, in the words readers of a message know it by:
//! the source file, the list or term, the generated file.

use std::path::Path;

use super::{By, Claim, shorten};
use crate::render::{FeedOf, Job, JobKind};
use crate::site::{Site, alias_path};

/// Words and places for what made an output.
pub(super) struct Describe<'a> {
    pub(super) site: &'a Site,
}

impl Describe<'_> {
    /// What made it, as readers of the message know it.
    pub(super) fn what(&self, by: By<'_>) -> String {
        let site = self.site;
        match by {
            By::Alias(id, _) => format!("an alias in {}", site.page(id).file.shown.display()),
            By::Css => "the code highlighting stylesheet".to_owned(),
            By::Theme(rel) => format!("the built-in theme's static/{rel}"),
            By::Search => "the search index".to_owned(),
            By::Copy(src) => shown_source(self.site, src).display().to_string(),
            By::Job(job) => self.job(&job.kind),
        }
    }

    /// What a rendered output is: its page's file, its list, term or feed.
    fn job(&self, kind: &JobKind) -> String {
        let site = self.site;
        let config = &site.config;
        match kind {
            JobKind::Page(id) => site.page(*id).file.shown.display().to_string(),
            JobKind::Pager { section, index } => {
                let s = site.section(*section);
                let list = match &s.file {
                    Some(f) => f.shown.display().to_string(),
                    None => format!("the {} list of content/{}", s.lang, s.dir),
                };
                match index {
                    0 => list,
                    i => format!("page {} of {list}", i + 1),
                }
            }
            JobKind::Redirect { to, .. } => format!("the redirect to `{to}`"),
            JobKind::TaxonomyList { taxonomy, lang } => format!(
                "the {lang} `{}` term list",
                config.taxonomies[*taxonomy].name
            ),
            JobKind::TermPager { term, index } => {
                let t = site.term(*term);
                let name = &config.taxonomies[t.taxonomy].name;
                let term = format!("the {} {name} term `{}`", t.lang, shorten(&t.name));
                match index {
                    0 => term,
                    i => format!("page {} of {term}", i + 1),
                }
            }
            JobKind::EventList(lang) => format!("the {lang} events list"),
            JobKind::Event(id) => {
                let e = site.event(*id);
                format!("the {} event `{}`", e.lang, shorten(&e.name))
            }
            JobKind::Feed(FeedOf::Language(lang)) => format!("the {lang} feed"),
            JobKind::Feed(FeedOf::Term(id)) => {
                let t = site.term(*id);
                let name = &config.taxonomies[t.taxonomy].name;
                format!(
                    "the feed of the {} {name} term `{}`",
                    t.lang,
                    shorten(&t.name)
                )
            }
            JobKind::Sitemap(_) | JobKind::SitemapIndex(_) => "the sitemap".to_owned(),
            JobKind::Robots => "robots.txt".to_owned(),
            JobKind::NotFound => "the 404 page".to_owned(),
        }
    }

    /// The site path it is published at, as the writer gave it.
    pub(super) fn shown(&self, claim: &Claim<'_>) -> String {
        match claim.by {
            By::Job(Job {
                kind: JobKind::Page(id),
                ..
            }) => self.site.page(*id).path.clone(),
            By::Alias(_, alias) => alias_path(alias),
            _ => match claim.out.strip_suffix("index.html") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
                _ => format!("/{}", claim.out),
            },
        }
    }

    /// What to change.
    pub(super) fn fix(&self, by: By<'_>) -> &'static str {
        match by {
            By::Alias(..) => "write the alias as a path of short names, like \"/old/url/\"",
            By::Copy(_) => "rename the file",
            By::Job(Job {
                kind: JobKind::Page(_),
                ..
            }) => "give the page a shorter `slug`",
            By::Job(Job {
                kind: JobKind::TermPager { .. } | JobKind::Feed(FeedOf::Term(_)),
                ..
            }) => "give the term a shorter name",
            By::Job(Job {
                kind: JobKind::Event(_),
                ..
            }) => "give the event a shorter name",
            _ => "give it a shorter name",
        }
    }
}

/// A copied file's path as shown in messages: relative to the site root.
pub(super) fn shown_source<'a>(site: &Site, src: &'a Path) -> &'a Path {
    src.strip_prefix(&site.config.root).unwrap_or(src)
}
