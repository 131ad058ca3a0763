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

mod bodies;
pub mod change;
mod claims;
mod clock;
pub(crate) mod deps;
mod derive;
mod fast;
mod inputs;
mod persist;
mod publish;
mod references;
mod statics;

pub(crate) use persist::records_output;
pub use publish::{Published, check, publish};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Config, Overrides};
use crate::content::{self};
use crate::diag::Diagnostics;
use crate::i18n::{self};
use crate::markdown::highlight::Highlighter;
use crate::output::Outputs;
use crate::render::view::{Bodies, ItemCache};
use crate::render::{self, templates};
use crate::site::{FastMap, Site};

use bodies::{BodyCache, CachedBody, text_hash};
use change::Change;
pub(crate) use clock::Clock;
use derive::{BodyMode, Reuse, derive, prepare};
use inputs::{Inputs, read_inputs, rel_in_content, reload_content};
use statics::{HIGHLIGHT_CSS, highlight_css};

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
