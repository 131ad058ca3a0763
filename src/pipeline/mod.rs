//! The ONLY place the stages are wired together; `build`, `check` and
//! `serve` all go through here.
//!
//! 1. config::load        site.toml → Config
//! 2. content::load       content/ → sources (parallel)
//! 3. site::assemble      → Site (immutable); bundle images looked at (and made, cached)
//! 4. markdown::render    → bodies (parallel; cached across updates)
//! 5. render::run         → output files (parallel; only jobs whose inputs changed)
//! 6. static files, bundle assets, highlight stylesheet → Outputs
//!
//! [`Build::update`] redoes 2–6 for a batch of changed files, and must give
//! exactly the outputs [`full`] gives on the edited tree.

mod bodies;
pub mod change;
mod claims;
mod clock;
pub(crate) mod deps;
mod derive;
mod images;
mod inputs;
mod persist;
mod publish;
mod references;
mod search;
mod statics;

pub(crate) use persist::records_output;
pub use publish::{Published, check, publish};
pub use search::{SearchIndex, SearchJob};

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::theme;
use crate::config::{Config, Overrides};
use crate::content::{self};
use crate::diag::Diagnostics;
use crate::i18n::{self};
use crate::images::ImageFacts;
use crate::markdown::highlight::Highlighter;
use crate::output::{Bytes, Outputs, diff};
use crate::render::bodies::Bodies;
use crate::render::items::ItemCache;
use crate::render::{self, templates};
use crate::site::{FastMap, Site};

use bodies::BodyCache;
use change::Change;
pub(crate) use clock::Clock;
use derive::{BodyMode, Derived, First, Reuse, derive, derive_watched, plan_dirty, prepare};
use inputs::{Inputs, read_inputs, reload_content};
use statics::{HIGHLIGHT_CSS, builtin_static, highlight_css};

/// A build: every stage's result, kept so that an update can reuse them.
pub struct Build {
    inputs: Inputs,
    overrides: Overrides,
    highlighter: Arc<Highlighter>,
    cache: BodyCache,
    fingerprints: FastMap<String, u64>,
    url_set: u64,
    global: u64,
    /// The fingerprint of the pages the search index in `outputs` was made from.
    search_print: u64,
    bodies: Bodies,
    items: ItemCache,
    images: Arc<ImageFacts>,
    /// The configuration used.
    pub config: Arc<Config>,
    /// The site model.
    pub site: Arc<Site>,
    /// Files to write or serve.
    pub outputs: Outputs,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
}

/// Rendered files, each with its output path.
pub type Rendered = [(String, Vec<u8>)];

/// The pages a writer is looking at, for [`Build::update_watched`].
pub struct Watched<'a> {
    /// Whether the output at this path (`reports/x/index.html`) is watched.
    pub wants: &'a (dyn Fn(&str) -> bool + Sync),
    /// Takes the watched pages' new files (path, bytes) as soon as they are rendered.
    pub publish: &'a dyn Fn(&Rendered),
    /// Whether a newer change is waiting: once the watched pages are
    /// published, the rest of the update is given up for it, the build is
    /// left as it was, and [`Update::superseded`] says so.
    pub stop: &'a (dyn Fn() -> bool + Sync),
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
    /// The update was given up for a newer change, after the watched pages
    /// were published ([`Watched::stop`]); nothing else was applied.
    pub superseded: bool,
}

/// Runs every stage on the site at `root`, keeping every output in memory.
pub fn full(root: &Path, overrides: &Overrides) -> Result<Build, Diagnostics> {
    let mut build = full_pages(root, overrides)?;
    build.refresh_search()?;
    Ok(build)
}

/// [`full`] without the search index: what `serve` shows first, making the
/// index on a thread of its own ([`Build::search_job`]) once the pages are
/// served.
pub fn full_pages(root: &Path, overrides: &Overrides) -> Result<Build, Diagnostics> {
    let (inputs, highlighter, mut diags) = read_inputs(
        root,
        overrides,
        |_, _, _| content::Known::default(),
        content::Reading::Whole,
    )?;
    let config = inputs.config.clone();
    let mut prepared = prepare(&inputs, &highlighter, None, BodyMode::Kept)?;
    plan_dirty(&mut prepared, None);
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
    for (rel, bytes) in builtin_static(&config) {
        outputs.files.insert(rel, bytes.into());
    }
    Ok(Build {
        // No index made yet: stale whatever the pages are.
        search_print: !crate::search::fingerprint(&derived.site, &derived.fingerprints),
        inputs,
        overrides: overrides.clone(),
        highlighter,
        cache: derived.cache,
        fingerprints: derived.fingerprints,
        url_set: derived.url_set,
        global: derived.global,
        bodies: derived.bodies,
        items: derived.items,
        images: derived.images,
        config,
        site: derived.site,
        outputs,
        warnings: diags,
    })
}

impl Build {
    /// Translation coverage notes (warnings): pages missing a language,
    /// outdated translations, UI strings missing in a language.
    pub fn coverage(&self) -> Diagnostics {
        i18n::coverage::report(&self.site, &self.inputs.catalog)
    }

    /// Applies a batch of changes. On error the build is left as it was.
    ///
    /// 1. a changed `site.toml` builds everything again;
    /// 2. otherwise: read again what changed, derive the next model and
    ///    outputs reusing this build's, and publish what differs.
    pub fn update(&mut self, changes: &[Change]) -> Result<Update, Diagnostics> {
        self.update_watched(changes, None)
    }

    /// [`Build::update`], rendering the pages `watched` wants before all
    /// else and handing them to it at once: what the writer looks at is
    /// shown while the lists and feeds are still being rendered.
    pub fn update_watched(
        &mut self,
        changes: &[Change],
        watched: Option<Watched<'_>>,
    ) -> Result<Update, Diagnostics> {
        if changes.contains(&Change::Config) {
            return self.rebuild();
        }
        let mut clock = Clock::start();
        let inputs = reread(&self.inputs, changes)?;
        clock.lap("reload");
        let reuse = Reuse {
            site: Some((&self.site, &self.bodies)),
            bodies: &self.cache,
            url_set: self.url_set,
        };
        let mut prepared = prepare(&inputs, &self.highlighter, Some(&reuse), BodyMode::Kept)?;
        if watched.is_none() {
            plan_dirty(&mut prepared, Some(&self.fingerprints));
        }
        let items = Some(&self.items);
        let mut publish = |files: &Rendered| {
            if let Some(w) = &watched {
                (w.publish)(files);
            }
        };
        let first = watched.as_ref().map(|w| First {
            wants: w.wants,
            publish: &mut publish,
            before: &self.fingerprints,
            stop: w.stop,
        });
        let derived = derive_watched(
            &inputs,
            &self.highlighter,
            prepared,
            items,
            first,
            render::keep,
        )?;
        let Some(derived) = derived else {
            return Ok(Update {
                superseded: true,
                ..Update::default()
            });
        };
        let mut clock = Clock::start();
        let update = self.apply(inputs, derived, &edited(changes));
        clock.lap("apply");
        Ok(update)
    }

    /// A full build, compared with this one. The search index served so far
    /// is kept until [`Build::search_job`] makes the new one.
    fn rebuild(&mut self) -> Result<Update, Diagnostics> {
        let mut next = full_pages(&self.config.root, &self.overrides)?;
        let prefix = format!("{}/", crate::search::DIR);
        let index = (self.outputs.files.range(prefix.clone()..))
            .take_while(|(p, _)| p.starts_with(&prefix));
        for (path, bytes) in index {
            (next.outputs.files)
                .entry(path.clone())
                .or_insert_with(|| bytes.clone());
        }
        let paths = self.outputs.paths().into_iter().chain(next.outputs.paths());
        let changes = diff::diff(&self.outputs, &next.outputs, paths, &BTreeSet::new());
        let rendered = next.fingerprints.len();
        let old = std::mem::replace(self, next);
        // Freeing a whole build takes a good part of a second on a large
        // site: not while the writer waits for the page.
        std::thread::spawn(move || drop(old));
        Ok(Update::new(changes, rendered))
    }

    /// Takes in what `derive` made from `inputs`, returning what changed.
    fn apply(
        &mut self,
        inputs: Inputs,
        derived: Derived<(String, Vec<u8>)>,
        edited: &BTreeSet<PathBuf>,
    ) -> Update {
        let mut gone: Vec<String> = self
            .fingerprints
            .keys()
            .filter(|k| !derived.fingerprints.contains_key(*k))
            .cloned()
            .collect();
        let rendered = derived.files.len();
        let mut files: Vec<(String, Bytes)> = derived
            .files
            .into_iter()
            .map(|(k, v)| (k, v.into()))
            .collect();
        // The built-in theme's static files follow the site's static/: one
        // the site now has a file for goes, one it no longer has comes back.
        let theme = builtin_static(&inputs.config);
        gone.extend(
            theme::builtin_files("static")
                .map(|(rel, _)| rel)
                .filter(|rel| !theme.iter().any(|(r, _)| r == rel))
                .filter(|rel| !derived.fingerprints.contains_key(*rel))
                .filter(|rel| self.outputs.files.contains_key(*rel))
                .map(str::to_owned),
        );
        files.extend(
            theme
                .into_iter()
                .filter(|(rel, _)| !self.outputs.files.contains_key(rel))
                .map(|(rel, bytes)| (rel, bytes.into())),
        );
        let changes = self
            .outputs
            .replace(files, &gone, Some(derived.copies), edited);
        let replaced = bodies::merge(&mut self.cache, derived.cache, &derived.site);
        let old = (
            std::mem::replace(&mut self.inputs, inputs),
            replaced,
            std::mem::replace(&mut self.fingerprints, derived.fingerprints),
            std::mem::replace(&mut self.site, derived.site),
            std::mem::replace(&mut self.bodies, derived.bodies),
            std::mem::replace(&mut self.items, derived.items),
        );
        self.images = derived.images;
        self.url_set = derived.url_set;
        self.global = derived.global;
        self.warnings = derived.warnings;
        // Freeing the previous model takes milliseconds on a large site:
        // not while the writer waits for the page.
        rayon::spawn(move || drop(old));
        Update::new(changes, rendered)
    }
}

impl Update {
    pub(super) fn new(changes: diff::Changes, rendered: usize) -> Update {
        Update {
            changed: changes.changed,
            removed: changes.removed,
            rendered,
            superseded: false,
        }
    }
}

/// The inputs after `changes`: templates and UI strings read again when
/// they changed, changed content files re-read.
fn reread(inputs: &Inputs, changes: &[Change]) -> Result<Inputs, Diagnostics> {
    let mut inputs = inputs.clone();
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
    Ok(inputs)
}

/// Files changed in place: a copy of one keeps its paths, yet changed.
fn edited(changes: &[Change]) -> BTreeSet<PathBuf> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::Content(p) | Change::Static(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}
