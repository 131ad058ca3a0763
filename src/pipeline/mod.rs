//! The ONLY place the stages are wired together; `build`, `check` and (later)
//! `serve` all go through here.
//!
//! 1. config::load        site.toml → Config
//! 2. content::load       content/ → Vec<Source> (parallel)
//! 3. site::assemble      → Site (immutable)
//! 4. markdown::render    → bodies (parallel)
//! 5. render::run         → output files (parallel)
//! 6. static files, bundle assets, highlight stylesheet → Outputs

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config, Overrides};
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n;
use crate::markdown::{self, Rendered, highlight::Highlighter};
use crate::output::Outputs;
use crate::render::{self, RenderContext, templates, view::Bodies};
use crate::site::{self, Site, url};

/// The result of a successful build: the model and what it produces.
pub struct Build {
    /// The configuration used.
    pub config: Arc<Config>,
    /// The site model.
    pub site: Arc<Site>,
    /// Files to write.
    pub outputs: Outputs,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// Translation coverage notes (warnings) for `check`.
    pub coverage: Diagnostics,
}

/// Runs every stage on the site at `root`.
pub fn full(root: &Path, overrides: &Overrides) -> Result<Build, Diagnostics> {
    let config = Arc::new(config::load(root, overrides)?);
    let highlighter = Arc::new(Highlighter::new());
    if config.markdown.highlight_code {
        highlighter.warm_up();
    }
    let (sources, mut diags) = content::load(&config);
    let catalog = i18n::load(&config).map_err(|d| merged(&diags, d));
    let template_sources = templates::load(&config).map_err(|d| merged(&diags, d));
    let (catalog, template_sources) = match (catalog, template_sources) {
        (Ok(c), Ok(t)) if !diags.has_errors() => (Arc::new(c), t),
        (c, t) => {
            for d in [c.err(), t.err()].into_iter().flatten() {
                diags = d;
            }
            return Err(diags);
        }
    };
    for required in [
        "page.html",
        "section.html",
        "index.html",
        "taxonomy_list.html",
        "taxonomy_term.html",
        "events.html",
        "event.html",
    ] {
        if !template_sources.contains(required) {
            diags.push(Diagnostic::error(
                format!("no `{required}` template in templates/ or the theme's templates/"),
                None,
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }

    let site = Arc::new(site::assemble(config.clone(), sources)?);
    let bodies = render_bodies(&site, &highlighter)?;
    let tera = templates::compile(&template_sources, &site, &catalog)?;
    let jobs = render::plan(&site, &template_sources);
    let cx = RenderContext {
        site: &site,
        bodies: &bodies,
        tera: &tera,
        sources: &template_sources,
        catalog: &catalog,
    };
    let mut outputs = Outputs::default();
    outputs.files.extend(render::run(&jobs, &cx)?);
    add_static(&config, &site, &mut outputs)?;
    if config.markdown.highlight_code {
        let css =
            markdown::highlight::stylesheet(&config.markdown.highlight_theme).map_err(|m| {
                Diagnostic::error(m, Some(crate::diag::Location::file(config::CONFIG_FILE)))
            })?;
        outputs
            .files
            .insert("css/highlight.css".to_owned(), css.into_bytes());
    }
    let coverage = i18n::coverage::report(&site, &catalog);
    Ok(Build {
        config,
        site,
        outputs,
        warnings: diags,
        coverage,
    })
}

fn merged(first: &Diagnostics, then: Diagnostics) -> Diagnostics {
    let mut all = first.clone();
    all.extend(then);
    all
}

/// Renders every page and section body in parallel.
fn render_bodies(site: &Arc<Site>, highlighter: &Highlighter) -> Result<Bodies, Diagnostics> {
    let cx = markdown::Context { site, highlighter };
    let pages: Vec<Result<Rendered, Diagnostics>> = site
        .pages
        .par_iter()
        .map(|p| markdown::render(&cx, &p.file, p.body.clone(), &p.key.lang))
        .collect();
    let sections: Vec<Result<Rendered, Diagnostics>> = site
        .sections
        .par_iter()
        .map(|s| match &s.file {
            Some(file) if s.own_index => markdown::render(&cx, file, s.body.clone(), &s.lang),
            _ => Ok(Rendered::default()),
        })
        .collect();
    let terms: Vec<Result<Rendered, Diagnostics>> = site
        .terms
        .par_iter()
        .map(|t| match &t.source {
            Some(src) => markdown::render(&cx, &src.file, src.body.clone(), &t.lang),
            None => Ok(Rendered::default()),
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut collect = |results: Vec<Result<Rendered, Diagnostics>>| -> Vec<Arc<Rendered>> {
        results
            .into_iter()
            .map(|r| match r {
                Ok(r) => Arc::new(r),
                Err(d) => {
                    diags.extend(d);
                    Arc::new(Rendered::default())
                }
            })
            .collect()
    };
    let bodies = Bodies {
        pages: collect(pages),
        sections: collect(sections),
        terms: collect(terms),
    };
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(bodies)
}

/// Theme `static/`, then site `static/` (which wins), then bundle assets next
/// to every language version of their page.
fn add_static(config: &Config, site: &Site, outputs: &mut Outputs) -> Result<(), Diagnostics> {
    if let Some(theme) = config.theme_dir() {
        outputs.copy_tree(&theme.join("static"), "")?;
    }
    outputs.copy_tree(&config.root.join("static"), "")?;
    for page in &site.pages {
        let dir = url::output_file(&page.path);
        let dir = dir.trim_end_matches("index.html");
        for asset in page.assets.iter() {
            outputs
                .copies
                .insert(format!("{dir}{}", asset.rel), asset.src.clone());
        }
    }
    Ok(())
}
