//! The debrief file an item becomes: TOML front matter in debrief's key
//! order, taxonomies mapped onto the site's, then the body.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::date::Date;
use crate::import::item::Item;
use crate::import::plan::Planned;
use crate::import::report::Report;
use crate::site::slug::slugify;

/// The whole file text of `item`, placed at `planned`, with `aliases`.
pub(crate) fn file(
    config: &Config,
    item: &Item,
    planned: &Planned,
    aliases: &[String],
    report: &mut Report,
) -> String {
    let front = &item.front;
    let mut out = String::from("+++\n");
    let title = front.title.clone().unwrap_or_else(|| {
        report.unmapped(&item.source, "it has no title; used its file name");
        item.name.replace('-', " ")
    });
    line(&mut out, "title", &quote(&title));
    let mut extra = front.extra.clone();
    for (key, raw) in [("date", &front.date), ("updated", &front.updated)] {
        let Some(raw) = raw else { continue };
        let day = raw.get(..10).and_then(|d| Date::parse(d).ok());
        match Date::parse(raw) {
            Ok(date) => line(&mut out, key, &date_value(&date)),
            Err(_) if day.is_some() => {
                let day = day.as_ref().map(Date::ymd).unwrap_or_default();
                report.unmapped(
                    &item.source,
                    format!("{key} `{raw}` has a time debrief cannot read; kept the day {day}"),
                );
                line(&mut out, key, &day);
            }
            Err(_) => {
                report.unmapped(
                    &item.source,
                    format!("{key} `{raw}` is no date; kept it as extra.source_{key}"),
                );
                extra.insert(format!("source_{key}"), toml::Value::String(raw.clone()));
            }
        }
    }
    if let Some(description) = &front.description {
        line(&mut out, "description", &quote(description));
    }
    if front.draft {
        line(&mut out, "draft", "true");
    }
    if let Some(slug) = &planned.slug {
        line(&mut out, "slug", &quote(slug));
    }
    if !aliases.is_empty() {
        let list: Vec<String> = aliases.iter().map(|a| quote(a)).collect();
        line(&mut out, "aliases", &format!("[{}]", list.join(", ")));
    }
    if let Some(weight) = front.weight {
        line(&mut out, "weight", &weight.to_string());
    }
    let taxonomies = taxonomies(config, &front.taxonomies, &mut extra, report);
    if !taxonomies.is_empty() {
        out.push_str("\n[taxonomies]\n");
        for (name, terms) in &taxonomies {
            let list: Vec<String> = terms.iter().map(|t| quote(t)).collect();
            line(&mut out, &bare_key(name), &format!("[{}]", list.join(", ")));
        }
    }
    if !extra.is_empty() {
        let mut wrapped = toml::Table::new();
        wrapped.insert("extra".into(), toml::Value::Table(extra));
        out.push('\n');
        out.push_str(&toml::to_string(&wrapped).unwrap_or_default());
    }
    out.push_str("+++\n\n");
    out.push_str(item.body.trim_start_matches(['\n', '\r']));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The source's taxonomies as the site's: a name the site has stays;
/// `categories` joins `tags` when the site has no `categories`; any
/// other goes under `[extra]`.
fn taxonomies(
    config: &Config,
    source: &BTreeMap<String, Vec<String>>,
    extra: &mut toml::Table,
    report: &mut Report,
) -> BTreeMap<String, Vec<String>> {
    let has = |name: &str| config.taxonomies.iter().any(|t| t.name == name);
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, terms) in source.iter().filter(|(_, t)| !t.is_empty()) {
        let target = if has(name) {
            name.as_str()
        } else if name == "categories" && has("tags") {
            report.notes.insert(
                "site.toml has no `categories` taxonomy: categories were added to tags (add [[taxonomies]] name = \"categories\" to keep them apart, then import again)".into(),
            );
            "tags"
        } else {
            report.notes.insert(format!(
                "site.toml has no `{name}` taxonomy: its terms were kept under [extra] as `{name}`"
            ));
            let list = terms.iter().cloned().map(toml::Value::String).collect();
            extra.insert(name.clone(), toml::Value::Array(list));
            continue;
        };
        let list = out.entry(target.to_owned()).or_default();
        for term in terms {
            if slugify(term).is_empty() {
                report.notes.insert(format!(
                    "the term `{term}` has no letters or digits for a URL; left out"
                ));
            } else if !list.contains(term) {
                list.push(term.clone());
            }
        }
    }
    out
}

fn line(out: &mut String, key: &str, value: &str) {
    out.push_str(key);
    out.push_str(" = ");
    out.push_str(value);
    out.push('\n');
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A key as TOML needs it written.
fn bare_key(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare { key.to_owned() } else { quote(key) }
}

/// A date as a TOML date or date-time when it is one, else a string.
fn date_value(date: &Date) -> String {
    let written = serde_json::to_value(date)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| date.ymd());
    if written.parse::<toml::value::Datetime>().is_ok() {
        written
    } else {
        quote(&written)
    }
}
