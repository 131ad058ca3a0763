//! Front matter mapping: a source's keys (Jekyll, Hugo, Zola) onto
//! debrief's `title`, `date`, `description`, `draft`, `aliases`,
//! taxonomies, and everything unknown under `[extra]`.

use serde_json::{Map, Value};

use crate::import::item::Front;

/// What a source's front matter says beyond debrief's own keys.
#[derive(Debug, Default)]
pub(crate) struct Mapped {
    /// The mapped front matter.
    pub(crate) front: Front,
    /// A language the front matter names (`lang`, `language`, `locale`).
    pub(crate) lang: Option<String>,
    /// A translation key (`ref`, `lang_ref`, `translation_key`, `translationKey`).
    pub(crate) pair: Option<String>,
    /// An explicit URL (`permalink`, `url`, `path`).
    pub(crate) url: Option<String>,
}

const LANG_KEYS: [&str; 3] = ["lang", "language", "locale"];
const PAIR_KEYS: [&str; 22] = [
    // Keys themes and plugins use too: `t_id`, jekyll-multiple-languages'
    // `namespace`, and ones that name the original.
    "t_id",
    "tid",
    "trans_id",
    "translation_ref",
    "translation_of",
    "translated_from",
    "i18n_id",
    "i18n-id",
    "namespace",
    "translationkey",
    "translation_key",
    "translation-key",
    "translation_id",
    "translation",
    "lang_ref",
    "lang-ref",
    "langref",
    "ref",
    "i18n",
    "i18n_key",
    "i18n-key",
    "multilingual_key",
];

/// Maps every key of `map`; nothing is dropped.
pub(crate) fn map(map: Map<String, Value>) -> Mapped {
    let mut out = Mapped::default();
    for (key, value) in map {
        take(&mut out, key, value);
    }
    out
}

/// Files one key under the debrief key it means, or under `[extra]`.
fn take(out: &mut Mapped, key: String, value: Value) {
    let front = &mut out.front;
    let lower = key.to_ascii_lowercase();
    match lower.as_str() {
        "title" => front.title = text(&value),
        "date" | "publishdate" => front.date = front.date.take().or(text(&value)),
        "updated" | "lastmod" | "last_modified_at" | "modified" => front.updated = text(&value),
        "description" | "excerpt" | "summary" => {
            front.description = front.description.take().or(text(&value))
        }
        "draft" => front.draft |= value.as_bool().unwrap_or(false),
        "published" => front.draft |= value.as_bool() == Some(false),
        "slug" => front.slug = text(&value),
        "aliases" | "redirect_from" => front.aliases.extend(list(&value, false)),
        "weight" => front.weight = value.as_i64(),
        "tags" => front
            .taxonomies
            .entry("tags".into())
            .or_default()
            .extend(list(&value, true)),
        // Jekyll splits a `categories` string at spaces, not a `category`.
        "categories" | "category" => front
            .taxonomies
            .entry("categories".into())
            .or_default()
            .extend(list(&value, lower == "categories")),
        "taxonomies" => {
            if let Value::Object(map) = value {
                for (name, terms) in map {
                    front
                        .taxonomies
                        .entry(name)
                        .or_default()
                        .extend(list(&terms, false));
                }
            }
        }
        "extra" | "params" => {
            if let Value::Object(map) = value {
                for (k, v) in map {
                    extra(front, k, v);
                }
            }
        }
        "permalink" | "url" | "path" => out.url = text(&value),
        k if LANG_KEYS.contains(&k) => out.lang = text(&value),
        k if PAIR_KEYS.contains(&k) => out.pair = text(&value),
        k if out.lang.is_none() && custom_lang(k, &value) => {
            out.lang = text(&value);
            extra(front, key, value);
        }
        _ => extra(front, key, value),
    }
}

/// A theme's own language key (`sprache: de`, `lang_code: en`,
/// `i18n-lang: de`) holding a language code: read when the front matter
/// has none of `lang`, `language`, `locale` (which win), and kept under
/// `[extra]` too.
fn custom_lang(key: &str, value: &Value) -> bool {
    let named = ["lang", "locale", "sprache"]
        .iter()
        .any(|n| key.contains(n))
        && !["ref", "key", "translation"]
            .iter()
            .any(|n| key.contains(n));
    named && text(value).is_some_and(|v| lang_code(&v).is_some())
}

/// Keeps a key under `[extra]` (TOML has no null: a null is left out).
fn extra(front: &mut Front, key: String, value: Value) {
    if let Some(value) = to_toml(value) {
        front.extra.insert(key, value);
    }
}

/// A scalar as text.
pub(crate) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of terms: a YAML/TOML list, or one string (split at spaces for
/// Jekyll's `tags: a b c`, at commas otherwise).
fn list(value: &Value, spaces: bool) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        Value::String(s) if s.contains(',') => s
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        Value::String(s) if spaces => s.split_whitespace().map(str::to_owned).collect(),
        other => text(other).into_iter().collect(),
    }
}

/// JSON-shaped front matter as TOML.
pub(crate) fn to_toml(value: Value) -> Option<toml::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Value::String(s) => toml::Value::String(s),
        Value::Array(items) => toml::Value::Array(items.into_iter().filter_map(to_toml).collect()),
        Value::Object(map) => toml::Value::Table(
            map.into_iter()
                .filter_map(|(k, v)| Some((k, to_toml(v)?)))
                .collect(),
        ),
    })
}

/// A language as the source wrote it (`de_DE`, `de-DE`, `German`) as a
/// lower-case code (`de`).
pub(crate) fn lang_code(written: &str) -> Option<String> {
    let lower = written.trim().to_ascii_lowercase();
    let code = match lower.as_str() {
        "german" | "deutsch" | "ger" | "deu" => "de",
        "english" | "englisch" | "eng" => "en",
        other => other.split(['_', '-']).next().unwrap_or(other),
    };
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())).then(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{lang_code, map};
    use serde_json::json;

    #[test]
    fn jekyll_keys() {
        let m = map(json!({
            "title": "Interview mit Richard Binhammer",
            "date": "2008-12-16 10:00:00 +0100",
            "tags": "social-media dell",
            "categories": ["Konferenz", "LeWeb"],
            "excerpt": "Kurz gesagt",
            "redirect_from": "/2008/12/16/binhammer.html",
            "locale": "de_DE",
            "lang_ref": "binhammer",
            "permalink": "/interviews/binhammer/",
            "layout": "post",
            "published": false,
            "comments": null,
        })
        .as_object()
        .cloned()
        .expect("an object"));
        assert_eq!(
            m.front.title.as_deref(),
            Some("Interview mit Richard Binhammer")
        );
        assert_eq!(m.front.taxonomies["tags"], ["social-media", "dell"]);
        assert_eq!(m.front.taxonomies["categories"], ["Konferenz", "LeWeb"]);
        assert_eq!(m.front.description.as_deref(), Some("Kurz gesagt"));
        assert_eq!(m.front.aliases, ["/2008/12/16/binhammer.html"]);
        assert!(m.front.draft);
        assert_eq!(m.lang.as_deref(), Some("de_DE"));
        assert_eq!(m.pair.as_deref(), Some("binhammer"));
        assert_eq!(m.url.as_deref(), Some("/interviews/binhammer/"));
        assert_eq!(m.front.extra["layout"].as_str(), Some("post"));
        assert!(!m.front.extra.contains_key("comments"));
    }

    #[test]
    fn a_custom_language_key_when_there_is_no_standard_one() {
        let lang =
            |front: serde_json::Value| map(front.as_object().cloned().expect("an object")).lang;
        assert_eq!(lang(json!({"sprache": "de"})).as_deref(), Some("de"));
        assert_eq!(
            lang(json!({"i18n-lang": "en_GB"})).as_deref(),
            Some("en_GB")
        );
        assert_eq!(
            lang(json!({"lang_code": "de", "lang": "en"})).as_deref(),
            Some("en")
        );
        assert_eq!(lang(json!({"multilang": true, "lang_count": 2})), None);
        assert_eq!(lang(json!({"languages": ["de", "en"]})), None);
    }

    #[test]
    fn language_codes() {
        for (written, code) in [
            ("de_DE", Some("de")),
            ("en-GB", Some("en")),
            ("German", Some("de")),
            ("EN", Some("en")),
            ("klingon", None),
        ] {
            assert_eq!(lang_code(written).as_deref(), code, "{written}");
        }
    }
}
