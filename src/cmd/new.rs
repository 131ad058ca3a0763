//! `debrief new PATH [--lang] [--title]`: scaffold a report or its translation.

use std::path::Path;

use crate::cli::NewArgs;
use crate::config::{self, Overrides};
use crate::error::Error;

use super::Report;
use super::scaffold;

/// Writes the new report, refusing to overwrite.
pub(crate) fn run(args: &NewArgs, report: &Report) -> Result<(), Error> {
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
    inside_content(&config.content_dir(), &full, &path)?;
    // A link, even one to nothing, counts as there: it is not written through.
    if full.symlink_metadata().is_ok() {
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
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&full)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
        .map_err(|e| Error::io(&full, e))?;
    report.say(&format!(
        "Created {} (a draft: build with --drafts or set draft = false)\n",
        path.display()
    ));
    Ok(())
}

/// Refuses `full` (shown as `shown`) when the folders it would be written
/// into lead outside `content/` through a symbolic link.
fn inside_content(content: &Path, full: &Path, shown: &Path) -> Result<(), Error> {
    let Ok(content) = content.canonicalize() else {
        // No content/ yet: it is made below, inside the site.
        return Ok(());
    };
    let existing = full
        .ancestors()
        .skip(1)
        .find(|dir| dir.symlink_metadata().is_ok());
    let real = existing.and_then(|dir| dir.canonicalize().ok());
    if real.is_some_and(|real| real.starts_with(&content)) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "`{}` leads outside content/ through a symbolic link: new writes only inside the site's content/ folder (like content/reports/NAME.md)",
        shown.display()
    )))
}
