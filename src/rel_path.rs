//! How the site names a file: by its path under a folder, `/`-separated on
//! every platform. Below every stage, as content names its sources so and
//! output its copies.

use std::path::Path;

/// `path` relative to `base`, `/`-separated on every platform: how the
/// site names files (`reports/x.md`, `css/site.css`).
pub fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    match rel.to_str() {
        // Already in that form (as every walked path is): no empty or `.` parts.
        Some(rel)
            if std::path::MAIN_SEPARATOR == '/'
                && rel.split('/').all(|part| !part.is_empty() && part != ".") =>
        {
            rel.to_owned()
        }
        _ => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    }
}
