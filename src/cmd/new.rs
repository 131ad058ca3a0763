//! `debrief new PATH [--lang] [--title]`: scaffold a report or its translation.

use crate::cli::NewArgs;
use crate::config::{self, Overrides};
use crate::error::Error;
use crate::scaffold;

/// Writes the new report, refusing to overwrite.
pub(crate) fn run(args: &NewArgs) -> Result<(), Error> {
    let config = config::load(&args.root, &Overrides::default())?;
    let lang = match &args.lang {
        Some(code) => Some(config.lang(code).cloned().ok_or_else(|| {
            let known: Vec<&str> = config.langs().map(|l| l.as_str()).collect();
            Error::Usage(format!(
                "--lang {code}: site.toml configures {}",
                known.join(", ")
            ))
        })?),
        None => None,
    };
    let (path, lang) = scaffold::report_path(&config, &args.path, lang.as_ref())?;
    let full = config.root.join(&path);
    if full.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; not overwriting it",
            path.display()
        )));
    }
    let today = jiff::ZonedDateTime::now().date().to_string();
    let text = scaffold::report(&config, &path, &lang, args.title.as_deref(), &today)?;
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(&full, text).map_err(|e| Error::io(&full, e))?;
    eprintln!(
        "Created {} (a draft: build with --drafts or set draft = false)",
        path.display()
    );
    Ok(())
}
