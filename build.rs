//! Embeds the default theme (`themes/default/`) in the binary: writes
//! `OUT_DIR/builtin_theme.rs`, a list of `(path, include_bytes!(…))` that
//! `src/theme.rs` includes. A build script rather than a directory-embedding
//! macro because Cargo then rebuilds when a theme file is added, removed or
//! edited (`rerun-if-changed` on a folder covers everything inside it).

use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by Cargo"));
    let theme = root.join("themes").join("default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(&theme, &mut files)?;
    files.sort();
    let mut out = String::from("&[\n");
    for file in &files {
        let rel = file
            .strip_prefix(&theme)
            .expect("walked from the theme")
            .to_string_lossy()
            .replace('\\', "/");
        out.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            file.to_string_lossy()
        ));
    }
    out.push_str("]\n");
    let dest = PathBuf::from(env::var_os("OUT_DIR").expect("set by Cargo"));
    fs::write(dest.join("builtin_theme.rs"), out)
}

/// Every file under `dir`, hidden ones and editor backups left out.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}
