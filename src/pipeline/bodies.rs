//! The Markdown stage with its cache: a rendered body is reused while its
//! file's text and its links' targets are unchanged. The record is also
//! what the build cache keeps on disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::derive::Prepared;
use crate::config::Lang;
use crate::content::front_matter::Person;
use crate::content::source_file::SourceFile;
use crate::content::{self};
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::ImageFacts;
use crate::markdown::{self, Rendered, highlight::Highlighter};
use crate::output::Stamp;
use crate::render::bodies::Bodies;
use crate::render::{self};
use crate::site::page::Page;
use crate::site::{FastSet, PageId, Site, translations::resolve_link, url};

/// A rendered body, reusable while its file's text and its links' targets
/// are unchanged.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct CachedBody {
    /// The file, as shown in messages (the cache key).
    pub(super) shown: PathBuf,
    /// A hash of the file's text.
    pub(super) text: u64,
    /// The file's size and modification time when it was rendered.
    pub(super) stamp: Option<Stamp>,
    /// Its front matter as parsed ([`SourceFile::parsed`]): what a cached
    /// build takes instead of reading the unchanged file.
    #[serde(skip)]
    pub(super) front: Arc<str>,
    pub(super) lang: Lang,
    pub(super) rendered: Arc<Rendered>,
}

/// Cached bodies by file (as shown in messages).
pub(super) type BodyCache = HashMap<PathBuf, CachedBody, ahash::RandomState>;

/// The hash a cached body is keyed by: the same in every run of one binary.
pub(super) fn text_hash(text: &str) -> u64 {
    ahash::RandomState::with_seeds(1, 2, 3, 4).hash_one(text)
}

/// Renders, in full, the bodies of the pages of `jobs` that are not (yet,
/// or no longer: cached with only what lists need) whole.
pub(super) fn complete_bodies(
    prepared: &mut Prepared,
    jobs: &[render::Job],
    highlighter: &Highlighter,
) -> Result<(), Diagnostics> {
    let site = &prepared.site;
    let partial: Vec<PageId> = jobs
        .iter()
        .filter_map(|job| match job.kind {
            render::JobKind::Page(id) if prepared.bodies.pages[id.0 as usize].partial => Some(id),
            _ => None,
        })
        .collect();
    let cx = markdown::Context {
        site,
        highlighter,
        images: &prepared.images,
    };
    let rendered: Vec<(PageId, Result<CachedBody, Diagnostics>)> = partial
        .par_iter()
        .map(|&id| {
            let p = site.page(id);
            (
                id,
                render_body(&cx, &p.file, p.body.clone(), &p.key.lang, &p.people),
            )
        })
        .collect();
    let mut diags = Diagnostics::new();
    for (id, r) in rendered {
        match r {
            Ok(body) => {
                prepared.bodies.pages[id.0 as usize] = body.rendered.clone();
                prepared.cache.insert(body.shown.clone(), body);
            }
            Err(d) => diags.extend(d),
        }
    }
    diags.into_result().map(|_| ())
}

/// Renders one body, reading its file first when it is unread.
pub(super) fn render_body(
    cx: &markdown::Context<'_>,
    file: &Arc<SourceFile>,
    body: std::ops::Range<usize>,
    lang: &Lang,
    people: &[Person],
) -> Result<CachedBody, Diagnostics> {
    let (whole, body) = if file.unread {
        let whole = file.whole()?;
        let split = content::front_matter::split(&whole.text)
            .map_err(|(m, at)| Diagnostic::error(m, Some(whole.location(at))))?;
        (whole, split.body)
    } else {
        (file.clone(), body)
    };
    let made = markdown::render(cx, &whole, body, lang, people)?;
    let text = text_hash(&whole.text);
    // The source's text, as long as the body, is let go before the body's
    // HTML is copied into its template value: a huge report held all three.
    drop(whole);
    let rendered = made.done();
    Ok(CachedBody {
        shown: file.shown.clone(),
        text,
        // The stamp its front matter was parsed at: should the file have
        // changed since, the next build parses it again.
        stamp: file.stamp,
        front: file.parsed.clone(),
        lang: lang.clone(),
        rendered: Arc::new(rendered),
    })
}

/// Takes the bodies an update rendered or refreshed into the cache of the
/// build before, and drops the entries of files `site` no longer has;
/// returns what was dropped or replaced, to be freed off the writer's path.
pub(super) fn merge(cache: &mut BodyCache, made: BodyCache, site: &Site) -> Vec<CachedBody> {
    let mut old: Vec<CachedBody> = (made.into_iter())
        .filter_map(|(shown, body)| cache.insert(shown, body))
        .collect();
    // Counting is cheap; the set of files is made only when some are gone.
    if cache.len() > body_files(site).count() {
        let files: FastSet<&Path> = body_files(site).collect();
        let gone: Vec<PathBuf> = (cache.keys())
            .filter(|k| !files.contains(k.as_path()))
            .cloned()
            .collect();
        old.extend(gone.iter().filter_map(|k| cache.remove(k)));
    }
    old
}

/// The files whose bodies [`render_bodies`] renders: every page's, each
/// section's with an index of its own, each term's with a source.
fn body_files(site: &Site) -> impl Iterator<Item = &Path> {
    let pages = site.pages.iter().map(|p| &*p.file.shown);
    let sections = (site.sections.iter())
        .filter(|s| s.own_index)
        .filter_map(|s| s.file.as_ref().map(|f| &*f.shown));
    let terms = (site.terms.iter()).filter_map(|t| t.source.as_ref().map(|s| &*s.file.shown));
    pages.chain(sections).chain(terms)
}

/// Keeps only what lists need of the bodies of the pages of `jobs`.
pub(super) fn cut_down(prepared: &mut Prepared, jobs: &[render::Job]) {
    for job in jobs {
        if let render::JobKind::Page(id) = job.kind {
            let slot = &mut prepared.bodies.pages[id.0 as usize];
            let lean = Arc::new(slot.list_only());
            *slot = lean.clone();
            if let Some(c) = prepared.cache.get_mut(&prepared.site.page(id).file.shown) {
                c.rendered = lean;
            }
        }
    }
}

/// Where an update finds the bodies it may reuse.
#[derive(Clone, Copy)]
pub(super) struct Earlier<'a> {
    /// Bodies by file, as rendered or refreshed by the builds before.
    pub(super) cache: &'a BodyCache,
    /// The model before, in this process, with its pages' bodies: a page
    /// whose own fields are the ones of the same page there keeps its body
    /// without a look in `cache`.
    pub(super) model: Option<(&'a Site, &'a Bodies)>,
}

/// Renders every page, section and term body in parallel, reusing a cached
/// body while its file is the same and its `@/` links resolve alike.
///
/// The cache returned holds the bodies this build rendered or refreshed:
/// every one, but for the pages kept from the model before
/// ([`Earlier::model`]), whose entries stay as they are in `earlier`'s.
pub(super) fn render_bodies(
    site: &Arc<Site>,
    images: &ImageFacts,
    highlighter: &Highlighter,
    earlier: Option<Earlier<'_>>,
    links_stable: bool,
    with_pages: bool,
) -> Result<(Bodies, BodyCache), Diagnostics> {
    let reuse = Reuse {
        cx: markdown::Context {
            site,
            highlighter,
            images,
        },
        cache: earlier.map(|e| e.cache),
        model: earlier.and_then(|e| e.model),
        links_stable,
    };
    // Without pages, each gets a placeholder to render with its page.
    let pages: Vec<_> = (site.pages.par_iter().enumerate())
        .map(|(i, p)| match with_pages {
            true => match reuse.kept(PageId(i as u32), p) {
                Some(body) => Ok(Found::Kept(body)),
                None => reuse.body(Some(&p.file), p.body.clone(), &p.key.lang, &p.people),
            },
            false => Ok(Found::None),
        })
        .collect();
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .map(|s| {
            let file = s.file.as_ref().filter(|_| s.own_index);
            reuse.body(file, s.body.clone(), &s.lang, &[])
        })
        .collect();
    let terms: Vec<_> = site
        .terms
        .par_iter()
        .map(|t| {
            let source = t.source.as_ref();
            let body = source.map_or(0..0, |s| s.body.clone());
            reuse.body(source.map(|s| &s.file), body, &t.lang, &[])
        })
        .collect();
    let mut gathered = Gathered::default();
    let pending = Arc::new(Rendered {
        partial: true,
        ..Rendered::default()
    });
    let bodies = Bodies {
        pages: gathered.take(pages, (!with_pages).then_some(&pending)),
        sections: gathered.take(sections, None),
        terms: gathered.take(terms, None),
    };
    let Gathered {
        mut diags, cache, ..
    } = gathered;
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok((bodies, cache))
}

/// A body as [`Reuse`] found it.
enum Found {
    /// The source has no body (or it is rendered with its page, later).
    None,
    /// The body of the same page in the model before, kept as it is.
    Kept(Arc<Rendered>),
    /// Rendered now, or taken from the cache with the file's new stamp.
    Made(CachedBody),
}

/// Renders a body, or takes it from the model or the cache before while it
/// still holds.
struct Reuse<'a> {
    cx: markdown::Context<'a>,
    cache: Option<&'a BodyCache>,
    model: Option<(&'a Site, &'a Bodies)>,
    /// Whether every `@/` link resolves as before (no page came or went).
    links_stable: bool,
}

impl Reuse<'_> {
    /// The body of the page `id` was in the model before, while the page
    /// is the same one (its own fields shared, so its file is not read
    /// again), that body is whole, and it still holds.
    fn kept(&self, id: PageId, page: &Page) -> Option<Arc<Rendered>> {
        let (site, bodies) = self.model?;
        let before = site.pages.get(id.0 as usize)?;
        let body = bodies.pages.get(id.0 as usize)?;
        let same = Arc::ptr_eq(&before.own, &page.own) && !body.partial;
        (same && self.holds(body, &page.key.lang)).then(|| body.clone())
    }

    /// The body of `file`, from the cache or rendered.
    fn body(
        &self,
        file: Option<&Arc<SourceFile>>,
        body: std::ops::Range<usize>,
        lang: &Lang,
        people: &[Person],
    ) -> Result<Found, Diagnostics> {
        let Some(file) = file else {
            return Ok(Found::None);
        };
        if let Some(hit) = self.cached(file, lang) {
            // Kept with the stamp the file has now, so the next build need
            // not read a touched file again.
            return Ok(Found::Made(CachedBody {
                stamp: file.stamp,
                front: file.parsed.clone(),
                ..hit.clone()
            }));
        }
        render_body(&self.cx, file, body, lang, people).map(Found::Made)
    }

    /// The cached body of `file`, while the file is the same, in the same
    /// language, and it [`holds`](Reuse::holds).
    fn cached(&self, file: &SourceFile, lang: &Lang) -> Option<&CachedBody> {
        // The same size and mtime say the file is unchanged without hashing
        // its text (of an unread file, nothing else can); a file touched
        // but not changed is still a hit by its text.
        let same = |c: &CachedBody| {
            (c.stamp.is_some() && c.stamp == file.stamp)
                || (!file.unread && c.text == text_hash(&file.text))
        };
        (self.cache?.get(&file.shown))
            .filter(|c| same(c) && &c.lang == lang && self.holds(&c.rendered, lang))
    }

    /// Whether a body of the same text still holds: its links lead where
    /// they did and its images are as they were.
    fn holds(&self, body: &Rendered, lang: &Lang) -> bool {
        let site = self.cx.site;
        let links_alike = || {
            body.links.iter().all(|(link, resolved)| {
                resolve_link(site, link, lang)
                    .map(|p| url::absolute(&site.config, &p))
                    .as_ref()
                    == Ok(resolved)
            })
        };
        let images_alike = || {
            (body.images.iter()).all(|(src, key)| match self.cx.images.get(src) {
                Some(facts) => Some(facts.hash) == *key,
                // Published as it is (SVG, `static/`): its size read again.
                None => crate::images::size_key(src) == *key,
            })
        };
        (self.links_stable || links_alike()) && images_alike()
    }
}

/// The bodies rendered or reused so far, for the cache, and the errors of
/// those that failed.
#[derive(Default)]
struct Gathered {
    cache: BodyCache,
    diags: Diagnostics,
    /// What a failed body is rendered as.
    empty: Arc<Rendered>,
}

impl Gathered {
    /// The bodies of `results`, in order: a failed one empty, one not
    /// rendered `none` (else empty).
    fn take(
        &mut self,
        results: Vec<Result<Found, Diagnostics>>,
        none: Option<&Arc<Rendered>>,
    ) -> Vec<Arc<Rendered>> {
        let none = none.unwrap_or(&self.empty).clone();
        results
            .into_iter()
            .map(|r| match r {
                Ok(Found::Made(c)) => {
                    let rendered = c.rendered.clone();
                    self.cache.insert(c.shown.clone(), c);
                    rendered
                }
                Ok(Found::Kept(rendered)) => rendered,
                Ok(Found::None) => none.clone(),
                Err(d) => {
                    self.diags.extend(d);
                    self.empty.clone()
                }
            })
            .collect()
    }
}
