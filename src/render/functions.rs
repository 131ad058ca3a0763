//! Template functions and filters: `get_url`, `trans`, `date`.
//!
//! Each holds an `Arc` of the immutable snapshot it needs; no locks, no globals.

use std::sync::Arc;

use tera::{Kwargs, State, TeraResult};

use crate::config::Lang;
use crate::diag::Diagnostic;
use crate::i18n::Catalog;
use crate::site::Site;
use crate::site::translations::resolve_link;

/// The language a call asks for, else the page's (`lang` in the context).
fn lang_of(site: &Site, kwargs: &Kwargs, state: &State) -> TeraResult<Lang> {
    let code: Option<String> = match kwargs.get::<String>("lang")? {
        Some(code) => Some(code),
        None => state.get::<String>("lang")?,
    };
    match code {
        Some(code) => {
            site.config.lang(&code).cloned().ok_or_else(|| {
                tera::Error::message(format!("`{code}` is not a configured language"))
            })
        }
        None => Ok(site.config.default_language.clone()),
    }
}

/// `get_url(path="@/reports/x.md", lang="en")` or `get_url(path="css/site.css")`.
pub(crate) fn get_url(
    site: Arc<Site>,
) -> impl Fn(Kwargs, &State) -> TeraResult<String> + Send + Sync + 'static {
    move |kwargs, state| {
        let path: String = kwargs.must_get("path")?;
        if path.starts_with("@/") {
            let lang = lang_of(&site, &kwargs, state)?;
            let site_path = resolve_link(&site, &path, &lang).map_err(tera::Error::message)?;
            Ok(site.config.base_url.absolute(&site_path))
        } else {
            Ok(site
                .config
                .base_url
                .absolute(&format!("/{}", path.trim_start_matches('/'))))
        }
    }
}

/// `trans(key="read_more", lang="en", default="…")`.
pub(crate) fn trans(
    site: Arc<Site>,
    catalog: Arc<Catalog>,
) -> impl Fn(Kwargs, &State) -> TeraResult<String> + Send + Sync + 'static {
    move |kwargs, state| {
        let key: String = kwargs.must_get("key")?;
        let lang = lang_of(&site, &kwargs, state)?;
        if let Some(found) = catalog.get(&lang, &key) {
            return Ok(found.to_owned());
        }
        kwargs
            .get::<String>("default")?
            .ok_or_else(|| error_of(catalog.not_found(&lang, &key)))
    }
}

/// A function's error as Tera carries it: Tera keeps only its text (and
/// adds the template's location), so each note goes on a line of its own
/// after the message, and `templates::diagnostics` makes them notes again.
fn error_of(d: Diagnostic) -> tera::Error {
    let lines: Vec<String> = std::iter::once(d.message).chain(d.notes).collect();
    tera::Error::message(lines.join("\n"))
}

/// `"2008-12-16" | date`: "16. Dezember 2008" with the language's `date_format`
/// and `month_N` strings; an unparsable value is returned unchanged.
pub(crate) fn date(
    site: Arc<Site>,
    catalog: Arc<Catalog>,
) -> impl Fn(&str, Kwargs, &State) -> TeraResult<String> + Send + Sync + 'static {
    move |value, kwargs, state| {
        let lang = lang_of(&site, &kwargs, state)?;
        Ok(format_date(&catalog, &lang, value))
    }
}

fn format_date(catalog: &Catalog, lang: &Lang, value: &str) -> String {
    let Some(day) = value
        .get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
    else {
        return value.to_owned();
    };
    let month = catalog
        .get(lang, &format!("month_{}", day.month()))
        .map_or_else(|| day.month().to_string(), str::to_owned);
    catalog
        .get(lang, "date_format")
        .unwrap_or("{year}-{month}-{day}")
        .replace("{day}", &day.day().to_string())
        .replace("{month}", &month)
        .replace("{year}", &day.year().to_string())
}
