//! Processed images kept in `.debrief-cache/images/`: one folder per image
//! content (its hash), holding the original without its metadata and each
//! width at the configured quality, so that a build makes each file once
//! and a second build only looks. An index keeps each source's facts by
//! its size and modification time: an unchanged photo is not even read.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::collections::FastMap;
use crate::config::ImagesConfig;
use crate::stamp::Stamp;

use super::Facts;
use super::{height_at, probe, scale, strip, widths};

/// Where processed images go, under the site root.
const DIR: &str = ".debrief-cache/images";
const INDEX: &str = "index.bin";
/// Raised whenever the pixel work or the file layout changes: old copies
/// are then made again.
const VERSION: u32 = 1;

/// The files made of one image, in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Made {
    /// The original without metadata (and upright).
    pub original: PathBuf,
    /// Each narrower copy with its width.
    pub variants: Vec<(u32, PathBuf)>,
}

/// The cache of processed images.
pub(crate) struct Store {
    dir: PathBuf,
    /// Whether missing files are made (`build`, `serve`) or only facts
    /// read (`check`).
    produce: bool,
    known: Mutex<FastMap<PathBuf, (Stamp, Arc<Facts>)>>,
    changed: AtomicBool,
    decoded: AtomicUsize,
    /// Whether `dir` is this build's own, removed with the store.
    scratch: bool,
}

/// The index as saved.
type Index = Vec<(PathBuf, Stamp, Facts)>;

/// A hash of a file's bytes: the same in every run.
pub(super) fn content_hash(bytes: &[u8]) -> u64 {
    ahash::RandomState::with_seeds(11, 12, 13, 14).hash_one(bytes)
}

impl Store {
    /// The cache of the site at `root`; with `produce`, missing files are
    /// made and the index is saved.
    pub(crate) fn open(root: &Path, produce: bool) -> Store {
        let dir = root.join(DIR);
        let index: Index = std::fs::read(dir.join(INDEX))
            .ok()
            .and_then(|b| postcard::from_bytes::<(u32, Index)>(&b).ok())
            .filter(|(v, _)| *v == VERSION)
            .map(|(_, i)| i)
            .unwrap_or_default();
        let known = index
            .into_iter()
            .map(|(p, s, f)| (p, (s, Arc::new(f))))
            .collect();
        Store {
            dir,
            produce,
            known: Mutex::new(known),
            changed: AtomicBool::new(false),
            decoded: AtomicUsize::new(0),
            scratch: false,
        }
    }

    /// A store for a build that keeps no cache (`--no-cache`): its files
    /// go into a new folder of the system's temporary folder, removed when
    /// the store is dropped, once the build has copied them.
    pub(crate) fn scratch() -> std::io::Result<Store> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("debrief-images-{}-{nanos:09}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(Store {
            dir,
            produce: true,
            known: Mutex::new(FastMap::default()),
            changed: AtomicBool::new(false),
            decoded: AtomicUsize::new(0),
            scratch: true,
        })
    }

    /// Whether missing files are made.
    pub(crate) fn produces(&self) -> bool {
        self.produce
    }

    /// How many images were decoded since the store was opened.
    #[cfg(test)]
    pub(crate) fn decoded(&self) -> usize {
        self.decoded.load(Ordering::Relaxed)
    }

    /// The facts of the image at `src`, read only when it changed.
    pub(crate) fn facts(&self, src: &Path) -> Result<Arc<Facts>, String> {
        let stamp = Stamp::read(src);
        if let Some(stamp) = stamp {
            let known = self.known.lock().map_err(|_| "image cache poisoned")?;
            if let Some((_, f)) = known.get(src).filter(|(s, _)| *s == stamp) {
                return Ok(f.clone());
            }
        }
        let bytes = std::fs::read(src).map_err(|e| format!("cannot be read: {e}"))?;
        let facts = Arc::new(probe::probe(&bytes)?);
        if let Some(stamp) = stamp {
            let mut known = self.known.lock().map_err(|_| "image cache poisoned")?;
            known.insert(src.to_path_buf(), (stamp, facts.clone()));
            self.changed.store(true, Ordering::Relaxed);
        }
        Ok(facts)
    }

    /// The published files of the image at `src` (whose facts are
    /// `facts`), made now when the cache lacks them.
    pub(crate) fn make(
        &self,
        src: &Path,
        facts: &Facts,
        settings: &ImagesConfig,
    ) -> Result<Made, String> {
        let folder = self.dir.join(format!("{:016x}", facts.hash));
        let ext = match facts.format {
            super::Format::Jpeg => "jpg",
            super::Format::Png => "png",
        };
        let made = Made {
            original: folder.join(format!("original-v{VERSION}.{ext}")),
            variants: widths(facts, settings)
                .into_iter()
                .map(|w| {
                    let q = settings.quality;
                    (w, folder.join(format!("{w}w-q{q}-v{VERSION}.{ext}")))
                })
                .collect(),
        };
        let missing: Vec<&Path> = std::iter::once(&made.original)
            .chain(made.variants.iter().map(|(_, p)| p))
            .filter(|p| !p.is_file())
            .map(PathBuf::as_path)
            .collect();
        if missing.is_empty() || !self.produce {
            return Ok(made);
        }
        let bytes = std::fs::read(src).map_err(|e| format!("cannot be read: {e}"))?;
        std::fs::create_dir_all(&folder).map_err(|e| cache_error(&folder, &e))?;
        let turned = facts.orientation != 1;
        let needs_pixels = turned || missing.iter().any(|p| **p != *made.original);
        let upright = if needs_pixels {
            self.decoded.fetch_add(1, Ordering::Relaxed);
            Some(scale::decode(facts.format, &bytes, facts.orientation)?)
        } else {
            None
        };
        if missing.contains(&made.original.as_path()) {
            let original = match &upright {
                // An upright copy carries no orientation to need the EXIF for.
                Some(u) if turned => u.original()?,
                _ => strip::strip(facts.format, &bytes)?,
            };
            write_atomically(&made.original, &original)?;
        }
        for (w, path) in &made.variants {
            if let (true, Some(u)) = (missing.contains(&path.as_path()), &upright) {
                let scaled = u.scaled(*w, height_at(facts, *w), settings.quality)?;
                write_atomically(path, &scaled)?;
            }
        }
        Ok(made)
    }

    /// Forgets every image but those at `sources` (the site's now) and
    /// removes their made files: the cache holds what the site shows, not
    /// every photo it ever had.
    pub(crate) fn keep_only(&self, sources: &[&Path]) -> Result<(), String> {
        if !self.produce {
            return Ok(());
        }
        let mut folders = std::collections::HashSet::new();
        {
            let mut known = self.known.lock().map_err(|_| "image cache poisoned")?;
            let before = known.len();
            known.retain(|src, _| sources.contains(&src.as_path()));
            if known.len() != before {
                self.changed.store(true, Ordering::Relaxed);
            }
            folders.extend(known.values().map(|(_, f)| format!("{:016x}", f.hash)));
        }
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(());
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let made_here = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
            if made_here && !folders.contains(&name) && entry.path().is_dir() {
                std::fs::remove_dir_all(entry.path())
                    .map_err(|e| cache_error(&entry.path(), &e))?;
            }
        }
        Ok(())
    }

    /// Saves the index for the next build, when it changed.
    pub(crate) fn save(&self) -> Result<(), String> {
        if !self.produce || !self.changed.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        let index: Index = {
            let known = self.known.lock().map_err(|_| "image cache poisoned")?;
            known
                .iter()
                .map(|(p, (s, f))| (p.clone(), *s, (**f).clone()))
                .collect()
        };
        let bytes = postcard::to_allocvec(&(VERSION, index)).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&self.dir).map_err(|e| cache_error(&self.dir, &e))?;
        write_atomically(&self.dir.join(INDEX), &bytes)
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if self.scratch {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it into
/// place: a killed build leaves no half-written image to publish.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| cache_error(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| cache_error(path, &e))
}

fn cache_error(path: &Path, e: &std::io::Error) -> String {
    format!("cannot write the image cache file {}: {e}", path.display())
}

#[cfg(test)]
mod tests {
    use super::Store;
    use crate::config::ImagesConfig;

    fn settings() -> ImagesConfig {
        ImagesConfig {
            widths: vec![200, 400, 2000],
            quality: 80,
            sizes: String::new(),
            preview_width: 300,
        }
    }

    /// A JPEG of `w` × `h` pixels in one colour.
    fn jpeg(w: u32, h: u32, shade: u8) -> Vec<u8> {
        let img = image::RgbImage::from_pixel(w, h, image::Rgb([shade, 90, 40]));
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn an_image_is_decoded_once_and_a_later_build_only_looks() {
        let site = tempfile::tempdir().unwrap();
        let src = site.path().join("photo.jpg");
        std::fs::write(&src, jpeg(600, 300, 200)).unwrap();
        let first = Store::open(site.path(), true);
        let facts = first.facts(&src).unwrap();
        assert_eq!((facts.width, facts.height), (600, 300));
        let made = first.make(&src, &facts, &settings()).unwrap();
        assert_eq!(first.decoded(), 1);
        let widths: Vec<u32> = made.variants.iter().map(|(w, _)| *w).collect();
        assert_eq!(widths, [200, 400]);
        for (w, path) in &made.variants {
            assert_eq!(image::image_dimensions(path).unwrap(), (*w, *w / 2));
        }
        first.save().unwrap();
        // The next build, in another process: the index answers, nothing is decoded.
        let second = Store::open(site.path(), true);
        let again = second.facts(&src).unwrap();
        assert_eq!(again, facts);
        assert_eq!(second.make(&src, &again, &settings()).unwrap(), made);
        assert_eq!(second.decoded(), 0);
        // Another quality is another file; the original needs no pixels.
        let other = ImagesConfig {
            quality: 60,
            ..settings()
        };
        let redone = second.make(&src, &again, &other).unwrap();
        assert_eq!(second.decoded(), 1);
        assert_eq!(redone.original, made.original);
        // A photo no page shows any more takes its copies with it.
        second.keep_only(&[]).unwrap();
        assert!(!made.original.exists());
        // `check` makes nothing.
        let looking = Store::open(site.path(), false);
        std::fs::write(&src, jpeg(500, 500, 10)).unwrap();
        let changed = looking.facts(&src).unwrap();
        assert_eq!(changed.width, 500);
        let planned = looking.make(&src, &changed, &settings()).unwrap();
        assert!(!planned.original.exists());
        assert_eq!(looking.decoded(), 0);
    }
}
