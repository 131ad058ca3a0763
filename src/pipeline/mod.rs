//! The ONLY place the stages are wired together; `build`, `check` and
//! `serve` all go through here.
//!
//! 1. config::load        site.toml → Config
//! 2. content::load       content/ → sources (parallel)
//! 3. site::assemble      → Site (immutable)
//! 4. markdown::render    → bodies (parallel; cached across updates)
//! 5. render::run         → output files (parallel; only jobs whose inputs changed)
//! 6. static files, bundle assets, highlight stylesheet → Outputs
//!
//! [`Build::update`] redoes 2–6 for a batch of changed files, and must give
//! exactly the outputs [`full`] gives on the edited tree.

pub mod change;
mod claims;
pub(crate) mod deps;
mod fast;
mod persist;
mod publish;
mod references;

pub(crate) use persist::records_output;
pub use publish::{Published, check, publish};

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config, Lang, Overrides};
use crate::content::source::Source;
use crate::content::source_file::SourceFile;
use crate::content::{self, Discovered};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::{self, Catalog};
use crate::markdown::{self, Rendered, highlight::Highlighter};
use crate::output::{Outputs, Stamp};
use crate::render::view::{Bodies, ItemCache};
use crate::render::{self, RenderContext, templates};
use crate::site::{self, FastMap, PageId, Site, translations::resolve_link, url};

use change::Change;

/// Templates every theme must provide.
const REQUIRED_TEMPLATES: [&str; 7] = [
    "page.html",
    "section.html",
    "index.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "events.html",
    "event.html",
];

/// The inputs of a build, as read from disk.
#[derive(Clone)]
struct Inputs {
    config: Arc<Config>,
    catalog: Arc<Catalog>,
    templates: templates::TemplateSources,
    discovered: Discovered,
    /// By path relative to `content/`.
    sources: BTreeMap<String, Arc<Source>>,
}

/// A rendered body, reusable while its file's text and its links' targets
/// are unchanged.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct CachedBody {
    /// The file, as shown in messages (the cache key).
    shown: PathBuf,
    /// A hash of the file's text.
    text: u64,
    /// The file's size and modification time when it was rendered.
    stamp: Option<Stamp>,
    /// Its front matter as parsed ([`SourceFile::parsed`]): what a cached
    /// build takes instead of reading the unchanged file.
    #[serde(skip)]
    front: Arc<str>,
    lang: Lang,
    rendered: Arc<Rendered>,
}

/// Cached bodies by file (as shown in messages).
type BodyCache = HashMap<PathBuf, CachedBody, ahash::RandomState>;

/// What an earlier build left that this one may reuse.
struct Reuse<'a> {
    /// The model, when the build before ran in this process.
    site: Option<&'a Site>,
    bodies: &'a BodyCache,
    fingerprints: &'a FastMap<String, u64>,
    url_set: u64,
}

/// The hash a cached body is keyed by: the same in every run of one binary.
fn text_hash(text: &str) -> u64 {
    ahash::RandomState::with_seeds(1, 2, 3, 4).hash_one(text)
}

/// A build: every stage's result, kept so that an update can reuse them.
pub struct Build {
    inputs: Inputs,
    overrides: Overrides,
    highlighter: Arc<Highlighter>,
    cache: BodyCache,
    fingerprints: FastMap<String, u64>,
    url_set: u64,
    global: u64,
    bodies: Bodies,
    items: ItemCache,
    /// The configuration used.
    pub config: Arc<Config>,
    /// The site model.
    pub site: Arc<Site>,
    /// Files to write or serve.
    pub outputs: Outputs,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// What an update changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// Output paths whose bytes changed or that are new.
    pub changed: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
    /// How many jobs were rendered.
    pub rendered: usize,
}

/// Stages 1 and 2, with the template and UI-string files: everything read from disk.
///
/// `known` is asked, once the configuration, UI strings and templates are
/// read and while `content/` is walked, for the content files whose body the
/// build cache holds (their stamp and parsed front matter): those still
/// unchanged are not read. When it knows none, code highlighting is made
/// ready at once: every body is to be rendered.
fn read_inputs(
    root: &Path,
    overrides: &Overrides,
    known: impl FnOnce(&Config, &Catalog, &templates::TemplateSources) -> content::Known + Send,
    reading: content::Reading,
) -> Result<(Inputs, Arc<Highlighter>, Diagnostics), Diagnostics> {
    let config = Arc::new(config::load(root, overrides)?);
    let highlighter = Arc::new(Highlighter::new());
    let catalog = i18n::load(&config);
    let template_sources = templates::load(&config);
    let mut clock = Clock::start();
    let (discovered, sources, mut diags) = content::load(
        &config,
        || {
            let known = match (&catalog, &template_sources) {
                (Ok(c), Ok(t)) => known(&config, c, t),
                _ => content::Known::default(),
            };
            if config.markdown.highlight_code && known.is_empty() {
                highlighter.warm_up();
            }
            known
        },
        reading,
    );
    clock.lap("content");
    let (catalog, template_sources) = match (catalog, template_sources) {
        (Ok(c), Ok(t)) if !diags.has_errors() => (c, t),
        (c, t) => {
            for d in [c.err(), t.err()].into_iter().flatten() {
                diags.extend(d);
            }
            return Err(diags);
        }
    };
    let inputs = Inputs {
        config: config.clone(),
        catalog: Arc::new(catalog),
        templates: template_sources,
        discovered,
        sources: sources.into_iter().map(|(k, v)| (k, Arc::new(v))).collect(),
    };
    Ok((inputs, highlighter, diags))
}

/// The generated highlighting stylesheet, when code is highlighted.
fn highlight_css(config: &Config) -> Result<Option<String>, Diagnostics> {
    if !config.markdown.highlight_code {
        return Ok(None);
    }
    let md = &config.markdown;
    markdown::highlight::stylesheet(&md.highlight_theme, &md.highlight_theme_dark)
        .map(Some)
        .map_err(|m| Diagnostic::error(m, Some(Location::file(config::CONFIG_FILE))).into())
}

/// Runs every stage on the site at `root`, keeping every output in memory.
pub fn full(root: &Path, overrides: &Overrides) -> Result<Build, Diagnostics> {
    let (inputs, highlighter, mut diags) = read_inputs(
        root,
        overrides,
        |_, _, _| content::Known::default(),
        content::Reading::Whole,
    )?;
    let config = inputs.config.clone();
    let prepared = prepare(&inputs, &highlighter, None, BodyMode::Kept)?;
    let derived = derive(&inputs, &highlighter, prepared, None, render::keep)?;
    diags.extend(derived.warnings.clone());
    let mut outputs = Outputs {
        files: derived
            .files
            .into_iter()
            .map(|(k, v)| (k, v.into()))
            .collect(),
        copies: derived.copies,
    };
    if let Some(css) = highlight_css(&config)? {
        outputs
            .files
            .insert(HIGHLIGHT_CSS.to_owned(), css.into_bytes().into());
    }
    Ok(Build {
        inputs,
        overrides: overrides.clone(),
        highlighter,
        cache: derived.cache,
        fingerprints: derived.fingerprints,
        url_set: derived.url_set,
        global: derived.global,
        bodies: derived.bodies,
        items: derived.items,
        config,
        site: derived.site,
        outputs,
        warnings: diags,
    })
}

/// Where the generated highlighting stylesheet goes.
const HIGHLIGHT_CSS: &str = "css/highlight.css";

impl Build {
    /// Translation coverage notes (warnings): pages missing a language,
    /// outdated translations, UI strings missing in a language.
    pub fn coverage(&self) -> Diagnostics {
        i18n::coverage::report(&self.site, &self.inputs.catalog)
    }

    /// Applies a batch of changes. On error the build is left as it was.
    pub fn update(&mut self, changes: &[Change]) -> Result<Update, Diagnostics> {
        if changes.contains(&Change::Config) {
            let next = full(&self.config.root, &self.overrides)?;
            let mut update = Update {
                rendered: next.fingerprints.len(),
                ..Update::default()
            };
            for (path, bytes) in &next.outputs.files {
                if self.outputs.files.get(path) != Some(bytes) {
                    update.changed.push(path.clone());
                }
            }
            self.outputs
                .files
                .keys()
                .filter(|k| !next.outputs.files.contains_key(*k))
                .for_each(|k| update.removed.push(k.clone()));
            diff_copies(&self.outputs, &next.outputs, &mut update);
            *self = next;
            return Ok(update);
        }
        let mut clock = Clock::start();
        if let Some(update) = fast::bodies_only(self, changes)? {
            clock.lap("bodies only");
            return Ok(update);
        }
        let mut inputs = self.inputs.clone();
        let config = inputs.config.clone();
        if changes.contains(&Change::Template) {
            inputs.templates = templates::load(&config)?;
        }
        if changes.contains(&Change::I18n) {
            inputs.catalog = Arc::new(i18n::load(&config)?);
        }
        let touched: Vec<&PathBuf> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Content(p) => Some(p),
                _ => None,
            })
            .collect();
        if !touched.is_empty() {
            reload_content(&mut inputs, &touched)?;
        }
        clock.lap("reload");
        let reuse = Reuse {
            site: Some(&self.site),
            bodies: &self.cache,
            fingerprints: &self.fingerprints,
            url_set: self.url_set,
        };
        let prepared = prepare(&inputs, &self.highlighter, Some(&reuse), BodyMode::Kept)?;
        let derived = derive(
            &inputs,
            &self.highlighter,
            prepared,
            Some(&self.items),
            render::keep,
        )?;
        let mut clock = Clock::start();

        let mut update = Update {
            rendered: derived.files.len(),
            ..Update::default()
        };
        let next_copies = derived.copies;
        let gone: Vec<String> = self
            .fingerprints
            .keys()
            .filter(|k| !derived.fingerprints.contains_key(*k))
            .cloned()
            .collect();
        for path in gone {
            self.outputs.files.remove(&path);
            // A copied file the rendered one hid is served again.
            if next_copies.contains_key(&path) {
                update.changed.push(path);
            } else {
                update.removed.push(path);
            }
        }
        for (path, bytes) in derived.files {
            if self.outputs.files.get(&path).map(|b| &b[..]) != Some(&bytes[..]) {
                update.changed.push(path.clone());
                self.outputs.files.insert(path, bytes.into());
            }
        }
        let next_outputs = Outputs {
            files: BTreeMap::new(),
            copies: next_copies,
        };
        diff_copies(&self.outputs, &next_outputs, &mut update);
        // A copied file edited in place keeps its paths: say it changed.
        let edited: BTreeSet<&PathBuf> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Content(p) | Change::Static(p) => Some(p),
                _ => None,
            })
            .collect();
        for (path, src) in &next_outputs.copies {
            if edited.contains(src) && !update.changed.contains(path) {
                update.changed.push(path.clone());
            }
        }
        self.outputs.copies = next_outputs.copies;
        update.changed.sort();
        update
            .removed
            .retain(|p| !self.outputs.files.contains_key(p));
        let old = (
            std::mem::replace(&mut self.inputs, inputs),
            std::mem::replace(&mut self.cache, derived.cache),
            std::mem::replace(&mut self.fingerprints, derived.fingerprints),
            std::mem::replace(&mut self.site, derived.site),
        );
        self.url_set = derived.url_set;
        self.global = derived.global;
        self.warnings = derived.warnings;
        self.items = derived.items;
        let old_bodies = std::mem::replace(&mut self.bodies, derived.bodies);
        let old = (old, old_bodies);
        // Freeing the previous model takes milliseconds on a large site:
        // not while the writer waits for the page.
        rayon::spawn(move || drop(old));
        clock.lap("apply");
        Ok(update)
    }
}

/// Copies are compared by source path; a changed static file keeps its
/// path, so every copy counts as changed when static files were touched.
fn diff_copies(old: &Outputs, new: &Outputs, update: &mut Update) {
    for (path, src) in &new.copies {
        if old.copies.get(path) != Some(src) && !new.files.contains_key(path) {
            update.changed.push(path.clone());
        }
    }
    for path in old.copies.keys() {
        if !new.copies.contains_key(path) && !new.files.contains_key(path) {
            update.removed.push(path.clone());
        }
    }
}

/// Re-reads changed content files; walks `content/` again only when files
/// were added or removed.
fn reload_content(inputs: &mut Inputs, touched: &[&PathBuf]) -> Result<(), Diagnostics> {
    let config = inputs.config.clone();
    let rel_of = |p: &Path| rel_in_content(&config, p);
    let edits_only = touched
        .iter()
        .all(|p| p.is_file() && inputs.sources.contains_key(&rel_of(p)));
    let mut diags = Diagnostics::new();
    if edits_only {
        for p in touched {
            let rel = rel_of(p);
            match content::load_one(&config, p, &rel, &inputs.discovered) {
                Ok(s) => {
                    inputs.sources.insert(rel, Arc::new(s));
                }
                Err(d) => diags.extend(d),
            }
        }
        return diags.into_result().map(|_| ());
    }
    let discovered = content::discover(&config)?;
    let touched: BTreeSet<String> = touched.iter().map(|p| rel_of(p)).collect();
    let mut sources = BTreeMap::new();
    for (path, rel) in &discovered.markdown {
        let reuse = inputs.sources.get(rel).filter(|_| !touched.contains(rel));
        match reuse {
            Some(old) => {
                let assets: Arc<Vec<_>> = old
                    .path
                    .bundle
                    .as_ref()
                    .and_then(|b| discovered.assets.get(b).cloned())
                    .unwrap_or_default();
                let s = if assets == old.assets {
                    old.clone()
                } else {
                    Arc::new(Source {
                        assets,
                        ..(**old).clone()
                    })
                };
                sources.insert(rel.clone(), s);
            }
            None => match content::load_one(&config, path, rel, &discovered) {
                Ok(s) => {
                    sources.insert(rel.clone(), Arc::new(s));
                }
                Err(d) => diags.extend(d),
            },
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    inputs.sources = sources;
    inputs.discovered = discovered;
    Ok(())
}

/// Prints how long each stage took when `DEBRIEF_TIMINGS` is set.
pub(crate) struct Clock {
    on: bool,
    last: std::time::Instant,
}

impl Clock {
    pub(crate) fn start() -> Clock {
        Clock {
            on: std::env::var_os("DEBRIEF_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            let took = self.last.elapsed();
            // The resident set (Linux only; left out elsewhere).
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
                    line.split_whitespace().nth(1)?.parse::<u64>().ok()
                })
                .map(|kib| format!(", resident {} MiB", kib / 1024))
                .unwrap_or_default();
            eprintln!("  {stage}: {:.1} ms{rss}", took.as_secs_f64() * 1000.0);
        }
        self.last = std::time::Instant::now();
    }
}

/// A path's `/`-separated place under `content/`.
fn rel_in_content(config: &Config, path: &Path) -> String {
    content::rel_path(&config.content_dir(), path)
}

/// Stages 3 and 4, and the plan of stage 5: what to render.
struct Prepared {
    site: Arc<Site>,
    url_set: u64,
    global: u64,
    bodies: Bodies,
    cache: BodyCache,
    jobs: Vec<render::Job>,
    /// Each job's fingerprint; empty until the page bodies are rendered
    /// when they are deferred.
    prints: Vec<u64>,
    /// The jobs whose fingerprint differs from the reused one (all without reuse).
    dirty: Vec<render::Job>,
    /// Page bodies are rendered a batch at a time with their pages, and
    /// cut down to what lists need as soon as the page is out.
    lean: bool,
    /// Static files and bundle assets: output path → source file.
    copies: BTreeMap<String, PathBuf>,
    /// What checking the output paths found worth a warning.
    warnings: Diagnostics,
}

/// What stages 3–6 produce; `T` is what became of each rendered file.
struct Derived<T> {
    site: Arc<Site>,
    url_set: u64,
    global: u64,
    bodies: Bodies,
    cache: BodyCache,
    fingerprints: FastMap<String, u64>,
    /// The rendered jobs (all of them, or only the changed ones).
    files: Vec<T>,
    copies: BTreeMap<String, PathBuf>,
    /// List items, for the next update.
    items: ItemCache,
    /// What the model and the outputs noticed that readers would miss.
    warnings: Diagnostics,
}

/// How many pages a lean build renders at a time: their bodies are what it
/// holds in memory besides the model.
const BATCH: usize = 1024;

/// How `prepare` treats the page bodies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyMode {
    /// All rendered (or reused) up front and kept whole.
    Kept,
    /// Rendered with their pages, in batches; only what lists need is kept.
    Lean,
}

/// Stages 3–4 and the plan; with `reuse`, bodies are taken from it while
/// valid and only jobs whose fingerprint changed are dirty.
fn prepare(
    inputs: &Inputs,
    highlighter: &Highlighter,
    reuse: Option<&Reuse<'_>>,
    keep: BodyMode,
) -> Result<Prepared, Diagnostics> {
    let config = &inputs.config;
    let mut diags = Diagnostics::new();
    for required in REQUIRED_TEMPLATES {
        if !inputs.templates.contains(required) {
            diags.push(Diagnostic::error(
                format!("no `{required}` template in templates/ or the theme's templates/"),
                None,
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut clock = Clock::start();
    let site = Arc::new(site::assemble(
        config.clone(),
        inputs.sources.values().cloned().collect(),
        reuse.and_then(|r| r.site),
    )?);
    clock.lap("assemble");
    // Every output path, checked before any body is rendered or any file written.
    let jobs = render::plan(&site, &inputs.templates);
    let mut statics = Outputs::default();
    let links = add_static(config, &site, &mut statics)?;
    let css = config.markdown.highlight_code.then_some(HIGHLIGHT_CSS);
    let mut claimed = claims::check(&site, &jobs, css, &statics.copies);
    claimed.extend(links);
    if claimed.has_errors() {
        return Err(claimed);
    }
    clock.lap("plan and claims");
    let url_set = deps::url_set(&site);
    let links_stable = reuse.is_some_and(|r| r.url_set == url_set);
    let lean = keep == BodyMode::Lean && reuse.is_none();
    let (bodies, cache) = render_bodies(
        &site,
        highlighter,
        reuse.map(|r| r.bodies),
        links_stable,
        !lean,
    )?;
    clock.lap("markdown");
    let mut h = DefaultHasher::new();
    (&inputs.templates, &inputs.catalog).hash(&mut h);
    let global = deps::global(&site, url_set, h.finish());
    let (prints, dirty) = if lean {
        (Vec::new(), jobs.clone())
    } else {
        let prints = deps::fingerprints(&site, &bodies, &jobs, global);
        let dirty = jobs
            .iter()
            .zip(&prints)
            .filter(|(job, fp)| reuse.is_none_or(|r| r.fingerprints.get(&job.out) != Some(*fp)))
            .map(|(job, _)| job.clone())
            .collect();
        (prints, dirty)
    };
    clock.lap("plan and fingerprints");
    Ok(Prepared {
        site,
        url_set,
        global,
        bodies,
        cache,
        jobs,
        prints,
        dirty,
        lean,
        copies: statics.copies,
        warnings: claimed,
    })
}

/// Stages 5–6: renders the dirty jobs, handing each file to `emit`. Pages
/// go first, a batch at a time, each batch's missing bodies rendered just
/// before it; then every list, feed and the rest.
fn derive<T: Send>(
    inputs: &Inputs,
    highlighter: &Highlighter,
    mut prepared: Prepared,
    items: Option<&ItemCache>,
    emit: impl Fn(&render::Job, Vec<u8>) -> Result<T, Diagnostic> + Sync,
) -> Result<Derived<T>, Diagnostics> {
    let mut clock = Clock::start();
    let tera = templates::compile(&inputs.templates, &prepared.site, &inputs.catalog)?;
    let (pages, rest): (Vec<render::Job>, Vec<render::Job>) = std::mem::take(&mut prepared.dirty)
        .into_iter()
        .partition(|job| matches!(job.kind, render::JobKind::Page(_)));
    let mut rest = rest;
    rest.sort_by_cached_key(|job| std::cmp::Reverse(render::weight(&prepared.site, job)));
    let batch = if prepared.lean {
        BATCH
    } else {
        pages.len().max(1)
    };
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    let mut failures = Vec::new();
    for jobs in pages.chunks(batch) {
        if let Err(d) = complete_bodies(&mut prepared, jobs, highlighter) {
            diags.extend(d);
        }
        if diags.has_errors() {
            // Only the other bodies' errors are still worth finding.
            continue;
        }
        let (done, failed) =
            render::try_each(jobs, &context(inputs, &prepared, &tera, None, false), &emit);
        files.extend(done);
        failures.extend(failed);
        if prepared.lean {
            cut_down(&mut prepared, jobs);
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    if prepared.lean {
        prepared.prints = deps::fingerprints(
            &prepared.site,
            &prepared.bodies,
            &prepared.jobs,
            prepared.global,
        );
    }
    let cx = context(inputs, &prepared, &tera, items, true);
    let (done, failed) = render::try_each(&rest, &cx, &emit);
    let items = cx.items.into_cache(&prepared.site);
    files.extend(done);
    failures.extend(failed);
    if !failures.is_empty() {
        return Err(render::summarize(failures));
    }
    clock.lap("render");
    let Prepared {
        site,
        url_set,
        global,
        bodies,
        cache,
        jobs,
        prints,
        copies,
        warnings: claimed,
        ..
    } = prepared;
    let mut warnings = site.warnings.clone();
    warnings.extend(claimed);
    drop(tera);
    Ok(Derived {
        global,
        bodies,
        fingerprints: jobs.into_iter().map(|j| j.out).zip(prints).collect(),
        files,
        copies,
        cache,
        url_set,
        site,
        items,
        warnings,
    })
}

/// What rendering the jobs of `prepared` needs.
fn context<'a>(
    inputs: &'a Inputs,
    prepared: &'a Prepared,
    tera: &'a tera::Tera,
    items: Option<&'a ItemCache>,
    lists: bool,
) -> RenderContext<'a> {
    let partial = lists
        .then(|| render::item_partial(&prepared.site, tera, &inputs.templates, prepared.global))
        .flatten();
    RenderContext {
        site: &prepared.site,
        bodies: &prepared.bodies,
        tera,
        sources: &inputs.templates,
        catalog: &inputs.catalog,
        items: render::view::ListItems::new(&prepared.site, items, partial),
    }
}

/// Renders, in full, the bodies of the pages of `jobs` that are not (yet,
/// or no longer: cached with only what lists need) whole.
fn complete_bodies(
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
    let cx = markdown::Context { site, highlighter };
    let rendered: Vec<(PageId, Result<CachedBody, Diagnostics>)> = partial
        .par_iter()
        .map(|&id| {
            let p = site.page(id);
            (id, render_body(&cx, &p.file, p.body.clone(), &p.key.lang))
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
fn render_body(
    cx: &markdown::Context<'_>,
    file: &Arc<SourceFile>,
    body: std::ops::Range<usize>,
    lang: &Lang,
) -> Result<CachedBody, Diagnostics> {
    let (whole, body) = if file.unread {
        let whole = file.whole()?;
        let split = content::front_matter::split(&whole.text)
            .map_err(|(m, at)| Diagnostic::error(m, Some(whole.location(at))))?;
        (whole, split.body)
    } else {
        (file.clone(), body)
    };
    let rendered = markdown::render(cx, &whole, body, lang)?;
    Ok(CachedBody {
        shown: file.shown.clone(),
        text: text_hash(&whole.text),
        // The stamp its front matter was parsed at: should the file have
        // changed since, the next build parses it again.
        stamp: file.stamp,
        front: file.parsed.clone(),
        lang: lang.clone(),
        rendered: Arc::new(rendered),
    })
}

/// Keeps only what lists need of the bodies of the pages of `jobs`.
fn cut_down(prepared: &mut Prepared, jobs: &[render::Job]) {
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

/// Renders every page, section and term body in parallel, reusing a cached
/// body while its file is the same and its `@/` links resolve alike.
fn render_bodies(
    site: &Arc<Site>,
    highlighter: &Highlighter,
    cache: Option<&BodyCache>,
    links_stable: bool,
    with_pages: bool,
) -> Result<(Bodies, BodyCache), Diagnostics> {
    let cx = markdown::Context { site, highlighter };
    let one = |file: Option<&Arc<SourceFile>>,
               body: std::ops::Range<usize>,
               lang: &Lang|
     -> Result<Option<CachedBody>, Diagnostics> {
        let Some(file) = file else { return Ok(None) };
        // The same size and mtime say the file is unchanged without hashing
        // its text (of an unread file, nothing else can); a file touched
        // but not changed is still a hit by its text.
        let same = |c: &CachedBody| {
            (c.stamp.is_some() && c.stamp == file.stamp)
                || (!file.unread && c.text == text_hash(&file.text))
        };
        let hit = cache.and_then(|c| c.get(&file.shown)).filter(|c| {
            same(c)
                && &c.lang == lang
                && (links_stable
                    || c.rendered.links.iter().all(|(link, resolved)| {
                        resolve_link(site, link, lang)
                            .map(|p| url::absolute(&site.config, &p))
                            .as_ref()
                            == Ok(resolved)
                    }))
        });
        if let Some(hit) = hit {
            // Kept with the stamp the file has now, so the next build need
            // not read a touched file again.
            return Ok(Some(CachedBody {
                stamp: file.stamp,
                front: file.parsed.clone(),
                ..hit.clone()
            }));
        }
        render_body(&cx, file, body, lang).map(Some)
    };
    // Without pages, each gets a placeholder to render with its page.
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .map(|p| match with_pages {
            true => one(Some(&p.file), p.body.clone(), &p.key.lang),
            false => Ok(None),
        })
        .collect();
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .map(|s| {
            one(
                s.file.as_ref().filter(|_| s.own_index),
                s.body.clone(),
                &s.lang,
            )
        })
        .collect();
    let terms: Vec<_> = site
        .terms
        .par_iter()
        .map(|t| {
            one(
                t.source.as_ref().map(|s| &s.file),
                t.source.as_ref().map_or(0..0, |s| s.body.clone()),
                &t.lang,
            )
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut new_cache = BodyCache::default();
    let empty = Arc::new(Rendered::default());
    let pending = Arc::new(Rendered {
        partial: true,
        ..Rendered::default()
    });
    let mut collect = |results: Vec<Result<Option<CachedBody>, Diagnostics>>,
                       none: &Arc<Rendered>|
     -> Vec<Arc<Rendered>> {
        results
            .into_iter()
            .map(|r| match r {
                Ok(Some(c)) => {
                    let rendered = c.rendered.clone();
                    new_cache.insert(c.shown.clone(), c);
                    rendered
                }
                Ok(None) => none.clone(),
                Err(d) => {
                    diags.extend(d);
                    empty.clone()
                }
            })
            .collect()
    };
    let bodies = Bodies {
        pages: collect(pages, if with_pages { &empty } else { &pending }),
        sections: collect(sections, &empty),
        terms: collect(terms, &empty),
    };
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok((bodies, new_cache))
}

/// Theme `static/`, then site `static/` (which wins), then bundle assets next
/// to every language version of their page.
/// Returns a warning for each symbolic link skipped in `static/`.
fn add_static(
    config: &Config,
    site: &Site,
    outputs: &mut Outputs,
) -> Result<Diagnostics, Diagnostics> {
    let mut links = Vec::new();
    if let Some(theme) = config.theme_dir() {
        links.extend(outputs.copy_tree(&theme.join("static"), "")?);
    }
    links.extend(outputs.copy_tree(&config.root.join("static"), "")?);
    for page in &site.pages {
        let dir = url::output_file(&page.path);
        let dir = dir.trim_end_matches("index.html");
        for asset in page.assets.iter() {
            outputs
                .copies
                .insert(format!("{dir}{}", asset.rel), asset.src.clone());
        }
    }
    Ok(links
        .into_iter()
        .map(|link| {
            let shown = link.strip_prefix(&config.root).unwrap_or(&link);
            content::symlink_warning(shown.to_path_buf())
        })
        .collect())
}
