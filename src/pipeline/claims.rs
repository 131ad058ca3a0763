//! Everything a build publishes, checked once, before anything is rendered
//! or written, by `build`, `check` and `serve` alike:
//!
//! 1. every output path is one a file system takes: no part empty, `.` or
//!    `..`, none holding a NUL, none over 255 bytes;
//! 2. no two rendered outputs are the same file (a static file or bundle
//!    asset that a rendered output replaces is a warning: the page wins);
//! 3. no output is a file where another needs a folder.
//!
//! Each problem names the source file that made the path, at the line of
//! the alias, slug or name when its text is at hand.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::front_matter;
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::render::{FeedOf, Job, JobKind};
use crate::site::page::Page;
use crate::site::{FastMap, FastSet, PageId, Site, alias_path};

/// The longest file name (one path part) that common file systems take, in bytes.
const NAME_MAX: usize = 255;

/// What makes an output file.
#[derive(Clone, Copy)]
enum By<'a> {
    /// A rendered job (other than an alias's redirect).
    Job(&'a Job),
    /// A page's alias, redirecting to it.
    Alias(PageId, &'a str),
    /// The generated highlighting stylesheet.
    Css,
    /// A static file of the built-in theme, at this path.
    Theme(&'a str),
    /// A file of the search index.
    Search,
    /// A static file or bundle asset, copied from this file.
    Copy(&'a Path),
}

struct Claim<'a> {
    out: &'a str,
    by: By<'a>,
}

/// Checks every output the build would publish: `jobs` (the rendered
/// files), `generated` (the stylesheet when made, and the built-in theme's
/// static files, marked `true`), `search` (the search index's files named
/// in advance: `search::claimed`) and `copies` (output path →
/// source file). Returns errors and warnings together.
pub(super) fn check(
    site: &Site,
    jobs: &[Job],
    generated: &[(&str, bool)],
    search: &[String],
    copies: &BTreeMap<String, PathBuf>,
) -> Diagnostics {
    let mut aliases: FastMap<String, Vec<(PageId, &str)>> = FastMap::default();
    for (i, page) in site.pages.iter().enumerate().rev() {
        let id = PageId(i as u32);
        for alias in page.front.aliases.iter().rev() {
            let out = crate::site::url::output_file(&alias_path(alias));
            aliases.entry(out).or_default().push((id, alias));
        }
    }
    let mut claims: Vec<Claim<'_>> = Vec::with_capacity(jobs.len() + copies.len() + 1);
    for job in jobs {
        let by = match job.kind {
            JobKind::Redirect { .. } => aliases
                .get_mut(&job.out)
                .and_then(Vec::pop)
                .map_or(By::Job(job), |(id, alias)| By::Alias(id, alias)),
            _ => By::Job(job),
        };
        claims.push(Claim { out: &job.out, by });
    }
    for (out, from_theme) in generated {
        let by = if *from_theme { By::Theme(out) } else { By::Css };
        claims.push(Claim { out, by });
    }
    for out in search {
        claims.push(Claim {
            out,
            by: By::Search,
        });
    }
    for (out, src) in copies {
        claims.push(Claim {
            out,
            by: By::Copy(src),
        });
    }
    let describe = Describe { site };
    let mut diags = Diagnostics::new();
    // 1. Paths a file system takes; one error for each bad part of a
    // source (a term's name makes its page, feed and other languages' pages).
    let mut fine = Vec::with_capacity(claims.len());
    let mut told: FastSet<(Option<String>, &str)> = FastSet::default();
    for claim in claims {
        let Some((part, problem)) = unfit(claim.out) else {
            fine.push(claim);
            continue;
        };
        let at = describe.at(claim.by);
        if told.insert((at.as_ref().map(Location::to_string), part)) {
            diags.push(
                Diagnostic::error(
                    format!(
                        "{} would be published at `{}`, {problem}",
                        describe.what(claim.by),
                        shorten(&describe.shown(&claim))
                    ),
                    at,
                )
                .with_note(describe.fix(claim.by)),
            );
        }
    }
    // 2. One source per file.
    let mut seen: FastMap<&str, usize> = FastMap::default();
    for (i, claim) in fine.iter().enumerate() {
        let Some(earlier) = seen.insert(claim.out, i) else {
            continue;
        };
        let other = &fine[earlier];
        if let By::Copy(src) = claim.by {
            // A rendered output wins over a copied file; keep it as the owner.
            seen.insert(claim.out, earlier);
            if !matches!(other.by, By::Copy(_)) {
                diags.push(describe.shadowed(other.by, claim.out, src));
            }
            continue;
        }
        diags.push(describe.collision(claim, other));
    }
    // 3. No file where a folder goes: each file is named once, with the
    // first output that needs it to be a folder.
    let mut named: FastSet<&str> = FastSet::default();
    for claim in &fine {
        for (i, _) in claim.out.match_indices('/') {
            let folder = &claim.out[..i];
            let Some(&owner) = seen.get(folder) else {
                continue;
            };
            if named.insert(folder) {
                let file = &fine[owner];
                diags.push(
                    Diagnostic::error(
                        format!(
                            "{} would be published as the file `/{folder}`, where {} needs a folder: it is published at `{}`",
                            describe.what(file.by),
                            describe.what(claim.by),
                            describe.shown(claim)
                        ),
                        describe.blame(file.by, claim.by),
                    )
                    .with_note("rename or move one of them"),
                );
            }
        }
    }
    diags
}

/// The part of `out` a file system would not take, and why.
fn unfit(out: &str) -> Option<(&str, String)> {
    for part in out.split('/') {
        if part.contains('\0') {
            let why = "which holds a NUL character, which no file system takes";
            return Some((part, why.to_owned()));
        }
        if part.is_empty() || part == "." || part == ".." {
            let why = format!(
                "which has an {} part: no file can be published there",
                match part {
                    "" => "empty (`//`)",
                    "." => "`.`",
                    _ => "`..`",
                }
            );
            return Some((part, why));
        }
        if part.len() > NAME_MAX {
            let why = format!(
                "whose part `{}` is {} bytes long; file systems take at most {NAME_MAX}",
                shorten(part),
                part.len()
            );
            return Some((part, why));
        }
    }
    None
}

/// A path as shown in a message: NULs escaped, long parts cut short.
fn shorten(text: &str) -> String {
    const KEEP: usize = 40;
    let mut shown = String::new();
    for (i, part) in text.split('/').enumerate() {
        if i > 0 {
            shown.push('/');
        }
        let mut chars = part.chars();
        let head: String = chars.by_ref().take(KEEP).collect();
        shown.push_str(&head.replace('\0', "\\0"));
        if chars.next().is_some() {
            shown.push('…');
        }
    }
    shown
}

/// Words and places for what made an output.
struct Describe<'a> {
    site: &'a Site,
}

impl Describe<'_> {
    /// What made it, as readers of the message know it.
    fn what(&self, by: By<'_>) -> String {
        let site = self.site;
        let config = &site.config;
        match by {
            By::Alias(id, _) => format!("an alias in {}", site.page(id).file.shown.display()),
            By::Css => "the code highlighting stylesheet".to_owned(),
            By::Theme(rel) => format!("the built-in theme's static/{rel}"),
            By::Search => "the search index".to_owned(),
            By::Copy(src) => shown_source(self.site, src).display().to_string(),
            By::Job(job) => match &job.kind {
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
            },
        }
    }

    /// The site path it is published at, as the writer gave it.
    fn shown(&self, claim: &Claim<'_>) -> String {
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

    /// Where the writer can change it: the alias, slug or name in the file
    /// that gave it, else that file, else `site.toml` for what it configures.
    fn at(&self, by: By<'_>) -> Option<Location> {
        let site = self.site;
        let config = &site.config;
        match by {
            By::Alias(id, alias) => Some(find(&site.page(id).file, &[alias, "aliases"])),
            By::Css | By::Theme(_) | By::Search => Some(Location::file(CONFIG_FILE)),
            By::Copy(src) => Some(Location::file(shown_source(site, src))),
            By::Job(job) => match &job.kind {
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
                            let name = &config.taxonomies[t.taxonomy].name;
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
            },
        }
    }

    /// Where to point for a problem between two outputs: at what the writer
    /// gave (a page, an alias, a copied file) rather than at what debrief
    /// generates, `first` before `second`.
    fn blame(&self, first: By<'_>, second: By<'_>) -> Option<Location> {
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

    /// What to change.
    fn fix(&self, by: By<'_>) -> &'static str {
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

    /// The page of a rendered output, and whether its `slug` gives its URL.
    fn page(&self, by: By<'_>) -> Option<(&Page, bool)> {
        match by {
            By::Job(Job {
                kind: JobKind::Page(id),
                ..
            }) => {
                let p = self.site.page(*id);
                Some((p, p.front.slug.is_some()))
            }
            _ => None,
        }
    }

    /// Two rendered outputs at one place: named first, and pointed at, the
    /// one whose line made it (a `slug`, an alias) over one that got its
    /// place from a file name.
    fn collision(&self, claim: &Claim<'_>, other: &Claim<'_>) -> Diagnostic {
        let at_line = |by| self.at(by).is_some_and(|l| l.line > 0);
        let (claim, other) = if !at_line(claim.by) && at_line(other.by) {
            (other, claim)
        } else {
            (claim, other)
        };
        let location = self.blame(claim.by, other.by);
        // The error points at one page's `slug`: say where the other's URL
        // comes from, as its file is not shown.
        let whence = match (self.page(claim.by), self.page(other.by)) {
            (Some((_, true)), Some((p, by_slug))) => Some(format!(
                "{} has this URL from its {}",
                p.file.shown.display(),
                if by_slug { "`slug` too" } else { "file name" }
            )),
            _ => None,
        };
        let alias = matches!(claim.by, By::Alias(..)) || matches!(other.by, By::Alias(..));
        let note = match (self.dated(claim.by), self.dated(other.by)) {
            (Some((dir, name, date)), Some((other_dir, other_name, other_date)))
                if dir == other_dir && name == other_name && date != other_date =>
            {
                let parts =
                    if (date.year(), date.month()) != (other_date.year(), other_date.month()) {
                        ":year/:month"
                    } else {
                        ":year/:month/:day"
                    };
                let (key, prefix) = if dir.is_empty() {
                    ("\"\"".to_owned(), String::new())
                } else {
                    (dir.to_owned(), format!("{dir}/"))
                };
                format!(
                    "their file names differ only by the date: give one of them a `slug`, or give the section dated URLs in site.toml:\n    [permalinks]\n    {key} = \"/{prefix}{parts}/:slug/\""
                )
            }
            _ if alias => "change or remove the alias".to_owned(),
            _ => "give one of them another file name or `slug`".to_owned(),
        };
        let d = Diagnostic::error(
            format!(
                "{} and {} would both be published at `{}`",
                self.what(claim.by),
                self.what(other.by),
                self.shown(claim)
            ),
            location,
        );
        match whence {
            Some(whence) => d.with_note(whence),
            None => d,
        }
        .with_note(note)
    }

    /// A page's section folder, its file name without the date prefix, and
    /// that prefix's day, when its slug comes from such a name.
    fn dated(&self, by: By<'_>) -> Option<(&str, &str, jiff::civil::Date)> {
        let By::Job(Job {
            kind: JobKind::Page(id),
            ..
        }) = by
        else {
            return None;
        };
        let p = self.site.page(*id);
        let file_name = p.key.tkey.rsplit('/').next()?;
        let (date, name) = crate::content::date::split_date_prefix(file_name)?;
        p.front
            .slug
            .is_none()
            .then_some((&*p.dir, name, date.day()))
    }

    /// A static file or bundle asset that a rendered output replaces.
    fn shadowed(&self, by: By<'_>, out: &str, src: &Path) -> Diagnostic {
        let what = match by {
            By::Job(Job {
                kind: JobKind::Page(id),
                ..
            }) => format!("the page {}", self.site.page(*id).file.shown.display()),
            _ => "a page debrief generates".to_owned(),
        };
        Diagnostic::warning(
            format!(
                "this file is not published: {what} is published at the same place, {}/{out}",
                self.site.config.base_url.path
            ),
            Some(Location::file(shown_source(self.site, src))),
        )
        .with_note("rename or move the file, or give the page another `slug`")
    }
}

/// A copied file's path as shown in messages: relative to the site root.
fn shown_source<'a>(site: &Site, src: &'a Path) -> &'a Path {
    src.strip_prefix(&site.config.root).unwrap_or(src)
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
