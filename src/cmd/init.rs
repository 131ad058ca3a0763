//! `debrief init [DIR]`: a new site that builds at once.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::Error;

use super::Report;
use super::scaffold;

/// Writes a new site into DIR, refusing to touch an existing one; with
/// `--github-pages` in an existing site, writes only the Pages files.
pub(crate) fn run(args: &InitArgs, report: &Report) -> Result<(), Error> {
    let dir = &args.dir;
    let existing_site = dir.join("site.toml").exists();
    if existing_site && !args.github_pages {
        return Err(Error::Usage(format!(
            "{} already holds a site (site.toml exists); `debrief init --github-pages` adds only the GitHub Pages workflow to it",
            dir.display()
        )));
    }
    let files = match existing_site {
        true => scaffold::pages_files(),
        false => scaffold::site_files(args.github_pages),
    };
    // A folder already under version control keeps its own .gitignore.
    let files: Vec<_> = files
        .into_iter()
        .filter(|(p, _)| *p != ".gitignore" || !dir.join(p).exists())
        .collect();
    if let Some((existing, _)) = files.iter().find(|(p, _)| dir.join(p).exists()) {
        let shown = match here(dir) {
            true => Path::new(existing).to_path_buf(),
            false => dir.join(existing),
        };
        return Err(Error::Usage(format!(
            "{} exists; not overwriting it",
            shown.display()
        )));
    }
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    }
    if !existing_site && here(dir) {
        report.say("Created a site here. Next: `debrief serve --watch`, or `debrief build`\n");
    } else if !existing_site {
        report.say(&format!(
            "Created a site in {}. Next: `debrief serve --watch --root {0}`, or `debrief build --root {0}`\n",
            dir.display()
        ));
    }
    if args.github_pages {
        report.say(
            "GitHub Pages: .github/workflows/pages.yml publishes the site on every push to main; \
             set the repository variable DEBRIEF_GIT and Settings → Pages → Source: GitHub Actions\n",
        );
    }
    Ok(())
}

/// Whether DIR is the current folder, which messages need not name.
fn here(dir: &Path) -> bool {
    dir.as_os_str().is_empty() || dir == Path::new(".")
}
