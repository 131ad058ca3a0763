//! Template sources (site `templates/` over `themes/NAME/templates/`) and their
//! compilation into a Tera instance bound to one site snapshot.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{ErrorKind, Tera};

use crate::config::{Config, theme};
use crate::content::front_matter;
use crate::content::rel_path;
use crate::content::source_file::SourceFile;
use crate::diag::{self, Diagnostic, Diagnostics, Location};
use crate::i18n::Catalog;
use crate::nearest::nearest;
use crate::render::{functions, template_tags};
use crate::site::Site;

/// One template file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct TemplateFile {
    /// The path shown in messages.
    pub shown: PathBuf,
    /// Its text.
    pub text: String,
    /// It comes from the theme (not from the site's own `templates/`).
    pub from_theme: bool,
}

/// Every template by name, site templates replacing the theme's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct TemplateSources {
    files: BTreeMap<String, TemplateFile>,
}

impl TemplateSources {
    /// Whether a template of this name exists.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Whether the template of this name is the theme's own.
    pub(crate) fn is_from_theme(&self, name: &str) -> bool {
        self.files.get(name).is_some_and(|f| f.from_theme)
    }

    fn shown(&self, name: &str) -> PathBuf {
        self.files
            .get(name)
            .map_or_else(|| PathBuf::from(name), |f| f.shown.clone())
    }

    fn text(&self, name: &str) -> &str {
        self.files.get(name).map_or("", |f| f.text.as_str())
    }
}

/// Reads the theme's templates (the built-in theme's, or its folder's),
/// then the site's.
pub(crate) fn load(config: &Config) -> Result<TemplateSources, Diagnostics> {
    let mut sources = TemplateSources::default();
    let mut diags = Diagnostics::new();
    if config.builtin_theme() {
        for (name, bytes) in theme::builtin_files("templates") {
            let shown = PathBuf::from(format!("{}/templates/{name}", theme::BUILTIN_SHOWN));
            match diag::utf8(&shown, bytes.to_vec()) {
                Ok(text) => {
                    let file = TemplateFile {
                        shown,
                        text,
                        from_theme: true,
                    };
                    sources.files.insert(name.to_owned(), file);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    let dirs = config
        .theme_dir()
        .map(|d| (d.join("templates"), true))
        .into_iter()
        .chain([(config.root.join("templates"), false)]);
    for (dir, from_theme) in dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) if e.file_type().is_file() => e,
                Ok(_) => continue,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        format!("cannot read: {e}"),
                        e.path().map(Location::file),
                    ));
                    continue;
                }
            };
            let name = rel_path(&dir, entry.path());
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let shown = entry
                .path()
                .strip_prefix(&config.root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let text = std::fs::read(entry.path())
                .map_err(|e| Diagnostic::in_file(format!("cannot read: {e}"), &shown))
                .and_then(|bytes| diag::utf8(&shown, bytes));
            match text {
                Ok(text) => {
                    let file = TemplateFile {
                        shown,
                        text,
                        from_theme,
                    };
                    sources.files.insert(name, file);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    diags.into_result().map(|_| sources)
}

/// Compiles the templates with debrief's functions bound to `site`.
pub(crate) fn compile(
    sources: &TemplateSources,
    site: &Arc<Site>,
    catalog: &Arc<Catalog>,
) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    tera.register_function("get_url", functions::get_url(site.clone()));
    tera.register_function("trans", functions::trans(site.clone(), catalog.clone()));
    tera.register_filter("date", functions::date(site.clone(), catalog.clone()));
    tera.register_filter("safe", crate::render::view::safe);
    tera.add_raw_templates(
        sources
            .files
            .iter()
            .map(|(name, f)| (name.as_str(), f.text.as_str())),
    )
    .map_err(|e| Diagnostics::from_iter(diagnostics(&e, sources)))?;
    Ok(tera)
}

/// Turns a Tera error into diagnostics at the template file's line and column.
pub(crate) fn diagnostics(err: &tera::Error, sources: &TemplateSources) -> Vec<Diagnostic> {
    let at = |name: &str, line: usize, col: usize| {
        Location::in_text(sources.shown(name), sources.text(name), line, col)
    };
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let name = report.filename();
            // A message's further lines are notes (see `functions::error_of`).
            let mut lines = report.message().lines();
            let mut d = Diagnostic::error(
                lines.next().unwrap_or_default(),
                Some(at(name, span.start_line, span.start_col + 1)),
            );
            d.notes.extend(lines.map(str::to_owned));
            if matches!(err.kind(), ErrorKind::SyntaxError(_))
                && let Some(better) = unbalanced(report.message(), name, sources)
            {
                d = better;
            }
            let mut source = std::error::Error::source(err);
            while let Some(s) = source {
                d = d.with_note(s.to_string());
                source = s.source();
            }
            vec![d]
        }
        ErrorKind::MissingParent { current, parent } => vec![Diagnostic::in_file(
            format!("`{current}` extends `{parent}`, which does not exist"),
            &sources.shown(current),
        )],
        ErrorKind::TemplateNotFound(name) => vec![Diagnostic::error(
            format!("template `{name}` not found in templates/ or the theme's templates/"),
            None,
        )],
        _ => {
            let text = err.to_string();
            let parsed = parse_reports(&text, &at);
            if parsed.is_empty() {
                vec![Diagnostic::error(text, None)]
            } else {
                parsed
            }
        }
    }
}

/// The error for a template that the front matter of `file` asks for
/// (`template = "…"`) and that does not exist, at that line, with the
/// nearest template that does; `default` is what the file gets without
/// the key.
pub(crate) fn asked_but_missing(
    name: &str,
    file: &Arc<SourceFile>,
    default: &str,
    sources: &TemplateSources,
) -> Diagnostic {
    let mut message =
        format!("template `{name}` not found in templates/ or the theme's templates/");
    if let Some(near) = nearest(name, sources.files.keys().map(String::as_str)) {
        message.push_str(&format!(": did you mean `{near}`?"));
    }
    // The build cache may have spared reading the file: read it for the line.
    let file = file.whole().unwrap_or_else(|_| file.clone());
    let location = front_matter::value_location(&file, "template")
        .unwrap_or_else(|| Location::file(&file.shown));
    Diagnostic::error(message, Some(location)).with_note(format!(
        "add templates/{name} to the site, or remove `template` to use {default}"
    ))
}

/// What Tera says when a tag is left open: it notices only later, at a tag
/// it did not expect there or at the end of the file, and names neither
/// the open tag nor where it is.
const NESTING_MESSAGES: [&str; 4] = [
    "Unknown tag",
    "Unexpected end of input",
    "unexpected end of raw block",
    "block was named",
];

/// For a syntax error that comes from a tag left open (or a `macro`, which
/// Tera 2 has not), the message that names that tag and where it is.
fn unbalanced(message: &str, name: &str, sources: &TemplateSources) -> Option<Diagnostic> {
    if !NESTING_MESSAGES.iter().any(|m| message.starts_with(m)) {
        return None;
    }
    let (shown, text) = (sources.shown(name), sources.text(name));
    let place = |offset: usize| {
        let loc = Location::at_offset(&shown, text, offset);
        format!("line {}, column {}", loc.line, loc.col)
    };
    let found = template_tags::unbalanced(text, &place)?;
    Some(Diagnostic::error(
        found.message,
        Some(Location::at_offset(&shown, text, found.at)),
    ))
}

/// Tera joins several reports into one message ("error: …\n --> name:l:c …").
fn parse_reports(text: &str, at: &dyn Fn(&str, usize, usize) -> Location) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(place)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = place.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let line_no = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
            let name = parts.next().unwrap_or(place);
            out.push(Diagnostic::error(
                m.to_owned(),
                Some(at(name, line_no, col)),
            ));
            message = None;
        }
    }
    out
}
