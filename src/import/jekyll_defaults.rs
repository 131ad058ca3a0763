//! Jekyll's `defaults:` in `_config.yml`: front matter values given to
//! every file under a path (and of a type, `posts` or `pages`), which the
//! file's own front matter overrides. A blog may set `lang: en` for
//! `_posts/english/` only there.

use serde_json::{Map, Value};

/// The scopes of `defaults:`, most specific first.
#[derive(Debug, Default)]
pub(crate) struct Defaults(Vec<Scope>);

#[derive(Debug)]
struct Scope {
    /// Path segments; `*` matches any one.
    path: Vec<String>,
    /// `posts`, `pages`, `drafts`, a collection, or any.
    kind: Option<String>,
    values: Map<String, Value>,
}

impl Defaults {
    /// The `defaults:` list of `_config.yml` (entries without `values` skipped).
    pub(crate) fn read(cfg: &Map<String, Value>) -> Defaults {
        let Some(Value::Array(list)) = cfg.get("defaults") else {
            return Defaults::default();
        };
        let mut scopes: Vec<Scope> = list
            .iter()
            .filter_map(|entry| {
                let values = entry.get("values")?.as_object()?.clone();
                let scope = entry.get("scope");
                let path = scope
                    .and_then(|s| s.get("path"))
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let kind = scope
                    .and_then(|s| s.get("type"))
                    .and_then(Value::as_str)
                    .map(str::to_owned);
                Some(Scope {
                    path: path
                        .split('/')
                        .filter(|s| !s.is_empty() && *s != ".")
                        .map(str::to_owned)
                        .collect(),
                    kind,
                    values,
                })
            })
            .collect();
        // Jekyll lets the longer path win, then the one with a type.
        scopes.sort_by_key(|s| std::cmp::Reverse((s.path.len(), s.kind.is_some())));
        Defaults(scopes)
    }

    /// Adds to `map` every default for the file `rel` that it does not set itself.
    pub(crate) fn apply(&self, rel: &str, kind: &str, map: &mut Map<String, Value>) {
        let segments: Vec<&str> = rel.split('/').collect();
        for scope in &self.0 {
            let kind_fits = scope.kind.as_deref().is_none_or(|k| k == kind);
            let path_fits = scope.path.len() <= segments.len()
                && scope
                    .path
                    .iter()
                    .zip(&segments)
                    .all(|(want, have)| want == "*" || want == have);
            if kind_fits && path_fits {
                for (key, value) in &scope.values {
                    map.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Defaults;
    use serde_json::{Map, Value, json};

    fn front(defaults: &Defaults, rel: &str, kind: &str, own: Value) -> Map<String, Value> {
        let mut map = own.as_object().cloned().expect("an object");
        defaults.apply(rel, kind, &mut map);
        map
    }

    #[test]
    fn the_most_specific_scope_wins_and_the_file_over_all() {
        let cfg = json!({"defaults": [
            {"scope": {"path": ""}, "values": {"lang": "de", "layout": "default"}},
            {"scope": {"path": "", "type": "posts"}, "values": {"layout": "post"}},
            {"scope": {"path": "_posts/english"}, "values": {"lang": "en"}},
            {"scope": {"path": "*/_posts"}, "values": {"author": "Jana"}},
            {"scope": {"path": "ohne-werte"}},
        ]});
        let d = Defaults::read(cfg.as_object().expect("an object"));
        let post = front(&d, "_posts/english/2019-05-07-x.md", "posts", json!({}));
        assert_eq!(post["lang"], "en");
        assert_eq!(post["layout"], "post");
        assert!(!post.contains_key("author"));
        let page = front(&d, "ueber-mich.md", "pages", json!({"layout": "page"}));
        assert_eq!(page["lang"], "de");
        assert_eq!(page["layout"], "page");
        let nested = front(
            &d,
            "en/_posts/2019-05-07-x.md",
            "posts",
            json!({"lang": "en"}),
        );
        assert_eq!(nested["author"], "Jana");
        assert_eq!(nested["lang"], "en");
    }
}
