//! `debrief init [DIR]`: a new site that builds at once.

use crate::cli::InitArgs;
use crate::error::Error;

use super::Report;
use super::scaffold;

/// Writes a new site into DIR, refusing to touch an existing one.
pub(crate) fn run(args: &InitArgs, report: &Report) -> Result<(), Error> {
    let dir = &args.dir;
    if dir.join("site.toml").exists() {
        return Err(Error::Usage(format!(
            "{} already holds a site (site.toml exists)",
            dir.display()
        )));
    }
    let files = scaffold::site_files(args.github_pages);
    // A folder already under version control keeps its own .gitignore.
    let files: Vec<_> = files
        .into_iter()
        .filter(|(p, _)| *p != ".gitignore" || !dir.join(p).exists())
        .collect();
    if let Some((existing, _)) = files.iter().find(|(p, _)| dir.join(p).exists()) {
        return Err(Error::Usage(format!(
            "{} exists; not overwriting it",
            dir.join(existing).display()
        )));
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    report.say(&format!(
        "Created a site in {}. Next: `debrief serve --watch --root {0}`, or `debrief build --root {0}`\n",
        dir.display()
    ));
    if args.github_pages {
        report.say(
            "GitHub Pages: .github/workflows/pages.yml publishes the site on every push to main; \
             set the repository variable DEBRIEF_GIT and Settings → Pages → Source: GitHub Actions\n",
        );
    }
    Ok(())
}
