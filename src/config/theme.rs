//! The default theme built into the binary (`themes/default/` at build
//! time, embedded by `build.rs`), used by a site whose `theme = "default"`
//! has no `themes/default/` folder of its own: a folder, when there is one,
//! wins whole.

/// The name of the built-in theme.
pub const BUILTIN: &str = "default";

/// How files of the built-in theme are named in messages.
pub const BUILTIN_SHOWN: &str = "(built-in theme default)";

/// Every file of the built-in theme: path under the theme folder, bytes.
const FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));

/// The built-in theme's files under `dir` (`templates`, `i18n`, `static`),
/// each with its path below that folder.
pub fn builtin_files(dir: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    let prefix = format!("{dir}/");
    FILES.iter().filter_map(move |(path, bytes)| {
        path.strip_prefix(prefix.as_str())
            .map(|rel| (&path[path.len() - rel.len()..], *bytes))
    })
}

/// One file of the built-in theme, by its path under the theme folder.
pub fn builtin_file(path: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::{FILES, builtin_files};

    #[test]
    fn the_embedded_theme_is_the_default_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: BTreeSet<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap();
                let rel = rel.to_string_lossy().replace('\\', "/");
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        let embedded: BTreeSet<(String, Vec<u8>)> = FILES
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn files_are_listed_by_folder() {
        let templates: Vec<&str> = builtin_files("templates").map(|(p, _)| p).collect();
        assert!(templates.contains(&"page.html"), "{templates:?}");
        assert!(
            templates.contains(&"partials/listing.html"),
            "{templates:?}"
        );
        let strings: Vec<&str> = builtin_files("i18n").map(|(p, _)| p).collect();
        assert_eq!(strings, ["de.toml", "en.toml"]);
    }
}
