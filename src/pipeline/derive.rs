//! The one step from inputs to outputs: the model, the bodies, the plan,
//! each output's fingerprint compared with the run before, and the
//! rendering of those whose fingerprint changed.

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use super::bodies::{BodyCache, Earlier, complete_bodies, cut_down, render_bodies};
use super::clock::Clock;
use super::images::add_images;
use super::inputs::Inputs;
use super::inputs::REQUIRED_TEMPLATES;
use super::statics::HIGHLIGHT_CSS;
use super::statics::{add_static, builtin_static};
use super::{claims, deps};
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::ImageFacts;
use crate::markdown::highlight::Highlighter;
use crate::output::Outputs;
use crate::render::bodies::Bodies;
use crate::render::items::ItemCache;
use crate::render::{self, RenderContext, templates};
use crate::site::{self, FastMap, FastSet, Site};

/// What an earlier build left that this one may reuse.
pub(super) struct Reuse<'a> {
    /// The model, when the build before ran in this process, with its bodies.
    pub(super) site: Option<(&'a Site, &'a Bodies)>,
    /// Bodies by file.
    pub(super) bodies: &'a BodyCache,
    pub(super) url_set: u64,
}

/// Stages 3 and 4, and the plan of stage 5: what to render.
pub(super) struct Prepared {
    pub(super) site: Arc<Site>,
    pub(super) url_set: u64,
    pub(super) global: u64,
    pub(super) bodies: Bodies,
    /// The bodies rendered or refreshed by this build ([`render_bodies`]).
    pub(super) cache: BodyCache,
    pub(super) jobs: Vec<render::Job>,
    /// Each job's fingerprint; empty until the page bodies are rendered
    /// when they are deferred.
    pub(super) prints: Vec<u64>,
    /// The jobs whose fingerprint differs from the reused one (all without reuse).
    pub(super) dirty: Vec<render::Job>,
    /// Page bodies are rendered a batch at a time with their pages, and
    /// cut down to what lists need as soon as the page is out.
    pub(super) lean: bool,
    /// Static files and bundle assets: output path → source file.
    pub(super) copies: BTreeMap<String, PathBuf>,
    /// What checking the output paths found worth a warning.
    pub(super) warnings: Diagnostics,
    /// The bundle images, by source file.
    pub(super) images: Arc<ImageFacts>,
}

/// What stages 3–6 produce; `T` is what became of each rendered file.
pub(super) struct Derived<T> {
    pub(super) site: Arc<Site>,
    pub(super) url_set: u64,
    pub(super) global: u64,
    pub(super) bodies: Bodies,
    /// The bodies rendered or refreshed by this build: all of them, but for
    /// pages kept from the model before ([`Reuse::site`]).
    pub(super) cache: BodyCache,
    pub(super) fingerprints: FastMap<String, u64>,
    /// The rendered jobs (all of them, or only the changed ones).
    pub(super) files: Vec<T>,
    pub(super) copies: BTreeMap<String, PathBuf>,
    /// The bundle images, by source file.
    pub(super) images: Arc<ImageFacts>,
    /// List items, for the next update.
    pub(super) items: ItemCache,
    /// What the model and the outputs noticed that readers would miss.
    pub(super) warnings: Diagnostics,
}

/// How many pages a lean build renders at a time: their bodies are what it
/// holds in memory besides the model.
/// The pages a writer is looking at: rendered before the rest of an
/// update, and handed to `publish` as soon as they are.
pub(super) struct First<'a, T> {
    /// Whether the output at this path is being looked at.
    pub(super) wants: &'a (dyn Fn(&str) -> bool + Sync),
    /// Takes the watched pages' new files.
    pub(super) publish: &'a mut dyn FnMut(&[T]),
    /// The fingerprints of the build before, against which the rest of
    /// the plan is made once the watched pages are out.
    pub(super) before: &'a FastMap<String, u64>,
    /// Whether a newer change is waiting: once the watched pages are out,
    /// the rest is given up for it.
    pub(super) stop: &'a (dyn Fn() -> bool + Sync),
}

/// How many jobs are rendered between two looks at [`First::stop`].
const STEP: usize = 256;

pub(super) const BATCH: usize = 1024;

/// How `prepare` treats the page bodies.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum BodyMode {
    /// All rendered (or reused) up front and kept whole.
    Kept,
    /// Rendered with their pages, in batches; only what lists need is kept.
    Lean,
}

/// Stages 3–4 and the plan; with `reuse`, bodies are taken from it while
/// valid and only jobs whose fingerprint changed are dirty.
pub(super) fn prepare(
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
        reuse.and_then(|r| r.site).map(|(site, _)| site),
    )?);
    clock.lap("assemble");
    // Every output path, checked before any body is rendered or any file written.
    let jobs = render::plan(&site, &inputs.templates);
    let mut statics = Outputs::default();
    let links = add_static(config, &site, &mut statics)?;
    let (images, image_warnings) = add_images(config, &site, &inputs.images, &mut statics.copies)?;
    let images = Arc::new(images);
    clock.lap("images");
    let theme_files = builtin_static(config);
    let generated: Vec<(&str, bool)> = (config.markdown.highlight_code)
        .then_some((HIGHLIGHT_CSS, false))
        .into_iter()
        .chain(theme_files.iter().map(|(rel, _)| (rel.as_str(), true)))
        .collect();
    let search = crate::search::claimed(config);
    let mut claimed = claims::check(&site, &jobs, &generated, &search, &statics.copies);
    claimed.extend(links);
    claimed.extend(image_warnings);
    if claimed.has_errors() {
        return Err(claimed);
    }
    clock.lap("plan and claims");
    let url_set = deps::url_set(&site);
    let links_stable = reuse.is_some_and(|r| r.url_set == url_set);
    let lean = keep == BodyMode::Lean && reuse.is_none();
    let earlier = reuse.map(|r| Earlier {
        cache: r.bodies,
        model: r.site,
    });
    let (bodies, cache) = render_bodies(&site, &images, highlighter, earlier, links_stable, !lean)?;
    clock.lap("markdown");
    let mut h = DefaultHasher::new();
    (&inputs.templates, &inputs.catalog).hash(&mut h);
    let global = deps::global(&site, url_set, h.finish());
    Ok(Prepared {
        site,
        url_set,
        global,
        bodies,
        cache,
        jobs,
        prints: Vec::new(),
        dirty: Vec::new(),
        lean,
        copies: statics.copies,
        warnings: claimed,
        images,
    })
}

/// The plan's last step: each job's fingerprint, and the jobs whose
/// fingerprint differs from the one in `before` (all of them without it).
/// A lean build renders every job and takes the fingerprints afterwards.
pub(super) fn plan_dirty(prepared: &mut Prepared, before: Option<&FastMap<String, u64>>) {
    let mut clock = Clock::start();
    if prepared.lean {
        prepared.dirty = prepared.jobs.clone();
        return;
    }
    let p = &*prepared;
    let prints = deps::fingerprints(&p.site, &p.bodies, &p.jobs, p.global);
    prepared.dirty = (prepared.jobs.iter().zip(&prints))
        .filter(|(job, fp)| before.is_none_or(|b| b.get(&job.out) != Some(*fp)))
        .map(|(job, _)| job.clone())
        .collect();
    prepared.prints = prints;
    clock.lap("fingerprints");
}

/// The watched page jobs whose output changed since `before`.
fn watched_dirty(
    prepared: &Prepared,
    wants: &(dyn Fn(&str) -> bool + Sync),
    before: &FastMap<String, u64>,
) -> Vec<render::Job> {
    prepared
        .jobs
        .iter()
        .filter(|job| matches!(job.kind, render::JobKind::Page(_)) && wants(&job.out))
        .filter(|job| {
            let print =
                deps::page_fingerprint(&prepared.site, &prepared.bodies, job, prepared.global);
            before.get(&job.out) != Some(&print)
        })
        .cloned()
        .collect()
}

/// Stages 5–6: renders the dirty jobs, handing each file to `emit`. Pages
/// go first, a batch at a time, each batch's missing bodies rendered just
/// before it; then every list, feed and the rest.
pub(super) fn derive<T: Send>(
    inputs: &Inputs,
    highlighter: &Highlighter,
    prepared: Prepared,
    items: Option<&ItemCache>,
    emit: impl Fn(&render::Job, render::Output<'_, '_>) -> Result<T, Diagnostic> + Sync,
) -> Result<Derived<T>, Diagnostics> {
    derive_watched(inputs, highlighter, prepared, items, None, emit)?.ok_or_else(|| {
        Diagnostics::from(Diagnostic::error(
            "the build stopped before it was done",
            None,
        ))
    })
}

/// [`derive`], the watched pages of `first` first; `None` when the rest
/// was given up for a newer change ([`First::stop`]).
pub(super) fn derive_watched<T: Send>(
    inputs: &Inputs,
    highlighter: &Highlighter,
    mut prepared: Prepared,
    items: Option<&ItemCache>,
    first: Option<First<'_, T>>,
    emit: impl Fn(&render::Job, render::Output<'_, '_>) -> Result<T, Diagnostic> + Sync,
) -> Result<Option<Derived<T>>, Diagnostics> {
    let mut clock = Clock::start();
    let stop = first.as_ref().map(|f| f.stop);
    let given_up = || stop.is_some_and(|stop| stop());
    let tera = templates::compile(&inputs.templates, &prepared.site, &inputs.catalog)?;
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    let mut failures = Vec::new();
    // What the writer is looking at goes first, before the rest is planned.
    let mut shown = FastSet::default();
    if let Some(first) = first {
        let cx = (inputs, highlighter, &tera);
        let (done, failed, out) = watched_first(cx, &mut prepared, first, &emit)?;
        clock.lap("watched pages");
        files.extend(done);
        failures.extend(failed);
        shown = out;
    }
    let (pages, rest): (Vec<render::Job>, Vec<render::Job>) = std::mem::take(&mut prepared.dirty)
        .into_iter()
        .filter(|job| !shown.contains(&job.out))
        .partition(|job| matches!(job.kind, render::JobKind::Page(_)));
    let mut rest = rest;
    rest.sort_by_cached_key(|job| std::cmp::Reverse(render::weight(&prepared.site, job)));
    let batch = match (prepared.lean, stop.is_some()) {
        (true, _) => BATCH,
        (false, true) => STEP,
        (false, false) => pages.len().max(1),
    };
    for jobs in pages.chunks(batch) {
        if given_up() {
            return Ok(None);
        }
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
    let step = if stop.is_some() {
        STEP
    } else {
        rest.len().max(1)
    };
    for jobs in rest.chunks(step) {
        if given_up() {
            return Ok(None);
        }
        let (done, failed) = render::try_each(jobs, &cx, &emit);
        files.extend(done);
        failures.extend(failed);
    }
    let items = cx.items.into_cache(&prepared.site);
    if !failures.is_empty() {
        return Err(render::summarize(failures));
    }
    clock.lap("render");
    drop(tera);
    Ok(Some(finish(prepared, files, items)))
}

/// What `prepared` became, with the files rendered and the list items kept.
fn finish<T>(prepared: Prepared, files: Vec<T>, items: ItemCache) -> Derived<T> {
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
        images,
        ..
    } = prepared;
    let mut warnings = site.warnings.clone();
    warnings.extend(claimed);
    Derived {
        global,
        bodies,
        fingerprints: jobs.into_iter().map(|j| j.out).zip(prints).collect(),
        files,
        copies,
        images,
        cache,
        url_set,
        site,
        items,
        warnings,
    }
}

/// Renders and publishes the watched pages whose output changed, then
/// plans the rest against the build before; the files, the failures and
/// the paths done.
#[allow(clippy::type_complexity)]
fn watched_first<T: Send>(
    (inputs, highlighter, tera): (&Inputs, &Highlighter, &tera::Tera),
    prepared: &mut Prepared,
    first: First<'_, T>,
    emit: &(impl Fn(&render::Job, render::Output<'_, '_>) -> Result<T, Diagnostic> + Sync),
) -> Result<(Vec<T>, Vec<Diagnostic>, FastSet<String>), Diagnostics> {
    let watched = watched_dirty(prepared, first.wants, first.before);
    complete_bodies(prepared, &watched, highlighter)?;
    let cx = context(inputs, prepared, tera, None, false);
    let (done, failed) = render::try_each(&watched, &cx, emit);
    if failed.is_empty() && !done.is_empty() {
        (first.publish)(&done);
    }
    let shown = watched.into_iter().map(|job| job.out).collect();
    plan_dirty(prepared, Some(first.before));
    Ok((done, failed, shown))
}

/// What rendering the jobs of `prepared` needs.
pub(super) fn context<'a>(
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
        items: render::items::ListItems::new(&prepared.site, items, partial),
    }
}
