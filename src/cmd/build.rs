//! `debrief build`: the pipeline, then the output written and swapped in.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::config::{BaseUrl, Overrides};
use crate::diag::counted;
use crate::error::Error;
use crate::pipeline;

/// Builds the site and writes it.
pub(crate) fn run(args: &BuildArgs) -> Result<(), Error> {
    let started = Instant::now();
    let dest = args
        .output
        .clone()
        .unwrap_or_else(|| args.root.join("public"));
    refuse_dangerous_output(&args.root, &dest)?;
    // A URL typed on the command line is a usage error, not site.toml's.
    if let Some(url) = &args.base_url {
        BaseUrl::parse(url).map_err(|message| Error::Usage(format!("--base-url {message}")))?;
    }
    let overrides = Overrides {
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        future: args.future,
    };
    let built = pipeline::publish(&args.root, &overrides, &dest, !args.no_cache)?;
    eprint!("{}", built.warnings);
    let notes = built.coverage.iter().count();
    if notes > 0 {
        eprintln!(
            "{} about missing or outdated translations: `debrief check` lists them",
            counted(notes, "translation note")
        );
    }
    let how = if built.cached {
        format!(", {} rendered again (cached build)", built.rendered)
    } else {
        String::new()
    };
    eprintln!(
        "Built {} and {} into {} ({}{how}) in {} ms",
        counted(built.site.pages.len(), "page"),
        counted(built.site.sections.len(), "section"),
        dest.display(),
        counted(built.files, "file"),
        started.elapsed().as_millis()
    );
    // The process ends here: freeing the model piece by piece would take a
    // few percent of a cached build, for nothing.
    std::mem::forget(built);
    Ok(())
}

/// The output folder is replaced whole, so it must not hold the site's sources.
fn refuse_dangerous_output(root: &Path, dest: &Path) -> Result<(), Error> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists, so `--output .` and `--output ../site` are caught.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_owned()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut resolved = existing.canonicalize().unwrap_or(existing);
        resolved.extend(rest.iter().rev());
        resolved
    };
    let (root, dest_abs) = (absolute(root), absolute(dest));
    let inside_sources = ["content", "static", "templates", "themes", "i18n"]
        .iter()
        .any(|d| dest_abs.starts_with(root.join(d)));
    if root.starts_with(&dest_abs) || inside_sources {
        return Err(Error::Usage(format!(
            "refusing to write the site into {}: that folder would be replaced and holds the site's sources",
            dest.display()
        )));
    }
    Ok(())
}
