//! Bundle photos as readers get them: no GPS position, serial number or
//! owner's name in any published JPEG or PNG, `width`/`height` that match
//! the file, `srcset` candidates at the widths they state, the EXIF
//! orientation applied, a titled image as a figure, lazy loading below the
//! first image, a second build doing no image work, and `check` warning
//! about an image it cannot clean. The fixture's photo is made by
//! `scripts/make-test-photo.py`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::support::{SiteTest, files_under, selector};

const REPORT: &str = "/reports/leweb-buehne/";
const BUNDLE: &str = "content/reports/2008-12-10-leweb-buehne";

/// Personal data the fixture's files carry, as their bytes hold it.
const SECRETS: [&str; 3] = ["SN-20081210-4711", "LS-998877", "Anna Beispiel"];

/// The EXIF fields of a file, or none.
fn exif_tags(path: &Path) -> Vec<exif::Field> {
    let file = fs::File::open(path).expect("open an image");
    exif::Reader::new()
        .read_from_container(&mut std::io::BufReader::new(file))
        .map(|e| e.fields().cloned().collect())
        .unwrap_or_default()
}

fn has_private(fields: &[exif::Field]) -> bool {
    fields.iter().any(|f| {
        f.tag.context() == exif::Context::Gps
            || [
                exif::Tag::BodySerialNumber,
                exif::Tag::LensSerialNumber,
                exif::Tag::CameraOwnerName,
                exif::Tag::Artist,
            ]
            .contains(&f.tag)
    })
}

fn built() -> SiteTest {
    let site = SiteTest::new("photos");
    site.build().success();
    site
}

/// The output file an `<img>` URL on the page at `page` leads to.
fn file_of(site: &SiteTest, page: &str, url: &str) -> PathBuf {
    let rooted = match url.strip_prefix("/blog/") {
        Some(rest) => format!("/{rest}"),
        None => format!("{page}{url}"),
    };
    site.out(&rooted)
}

#[test]
fn published_images_carry_no_gps_serial_or_owner() {
    let site = built();
    // The test would prove nothing if the source were clean.
    let source = site.root().join(BUNDLE).join("buehne.jpg");
    assert!(has_private(&exif_tags(&source)));
    let public = site.root().join("public");
    let images: Vec<PathBuf> = files_under(&public)
        .into_iter()
        .filter(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            ["jpg", "png"].contains(&ext)
        })
        .collect();
    assert!(images.len() >= 8, "{images:?}");
    for path in &images {
        assert!(
            !has_private(&exif_tags(path)),
            "{} has EXIF",
            path.display()
        );
        let bytes = fs::read(path).unwrap();
        for secret in SECRETS {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{} holds {secret}", path.display());
        }
    }
}

#[test]
fn every_img_has_the_size_of_its_file_and_each_srcset_candidate_its_width() {
    let site = built();
    for page in [REPORT, "/en/reports/leweb-buehne/"] {
        let doc = site.html(page);
        let imgs = doc.select("main img");
        assert!(imgs.len() >= 2, "{page}");
        for img in imgs {
            let el = img.value();
            let src = el.attr("src").unwrap();
            if src.ends_with(".webp") {
                continue;
            }
            let (w, h) = image::image_dimensions(file_of(&site, page, src)).unwrap();
            let size = (el.attr("width").unwrap(), el.attr("height").unwrap());
            // The attributes give the image's proportions; `src` may be a narrower copy.
            let (aw, ah): (u32, u32) = (size.0.parse().unwrap(), size.1.parse().unwrap());
            assert!((f64::from(aw) / f64::from(ah) - f64::from(w) / f64::from(h)).abs() < 0.01);
            let Some(srcset) = el.attr("srcset") else {
                assert_eq!((aw, ah), (w, h), "{src} on {page}");
                continue;
            };
            assert!(el.attr("sizes").is_some());
            let mut widest = 0;
            for candidate in srcset.split(", ") {
                let (url, width) = candidate.split_once(' ').unwrap();
                let width: u32 = width.trim_end_matches('w').parse().unwrap();
                let (fw, _) = image::image_dimensions(file_of(&site, page, url)).unwrap();
                assert_eq!(fw, width, "{url} in the srcset of {page}");
                widest = widest.max(width);
            }
            // The widest candidate is the original, whose size the attributes give.
            assert_eq!(widest, aw, "{srcset}");
        }
    }
    let doc = site.html(REPORT);
    assert_eq!(
        doc.attr("main img[alt^=Richard]", "srcset"),
        "buehne-480w.jpg 480w, buehne-960w.jpg 960w, buehne-1600w.jpg 1600w, buehne.jpg 2400w"
    );
    assert_eq!(doc.attr("main img[alt=Logo]", "width"), "240");
}

#[test]
fn the_photo_is_turned_upright_by_its_orientation() {
    let site = built();
    let source = image::ImageReader::open(site.root().join(BUNDLE).join("buehne.jpg"))
        .unwrap()
        .decode()
        .unwrap();
    assert_eq!((source.width(), source.height()), (1600, 2400));
    for name in ["buehne.jpg", "buehne-960w.jpg"] {
        let img = image::open(site.out(&format!("{REPORT}{name}")))
            .unwrap()
            .to_rgb8();
        assert!(img.width() > img.height(), "{name} is not turned");
        // The picture's top-left corner is red once it is upright.
        let [r, g, b] = img.get_pixel(2, 2).0;
        assert!(r > 200 && g < 60 && b < 60, "{name}: {r},{g},{b}");
    }
}

#[test]
fn a_titled_photo_is_a_figure_and_only_the_first_image_loads_at_once() {
    let site = built();
    let doc = site.html(REPORT);
    assert_eq!(
        doc.text("main figure figcaption"),
        "Richard Binhammer auf der Bühne, LeWeb 2008"
    );
    assert!(doc.select("p figure").is_empty());
    let imgs = doc.select("main img");
    let first = imgs[0].value();
    assert_eq!(
        first.attr("alt"),
        Some("Richard Binhammer spricht vor vollem Saal")
    );
    assert_eq!(first.attr("loading"), None);
    for img in &imgs[1..] {
        assert_eq!(img.value().attr("loading"), Some("lazy"));
        assert_eq!(img.value().attr("decoding"), Some("async"));
    }
    // An image with a title inside a sentence keeps it as its title.
    let inline = doc.select("main p img");
    assert!(!inline.is_empty());
}

/// The `content` of each `<meta property=…>` (or `name=…`) of a page.
fn metas(site: &SiteTest, page: &str) -> BTreeMap<String, Vec<String>> {
    let html = scraper::Html::parse_document(&site.read(page));
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for meta in html.select(&selector("head meta")) {
        let el = meta.value();
        if let (Some(key), Some(content)) =
            (el.attr("property").or(el.attr("name")), el.attr("content"))
        {
            map.entry(key.to_owned())
                .or_default()
                .push(content.to_owned());
        }
    }
    map
}

#[test]
fn reports_have_open_graph_and_twitter_cards_in_their_language() {
    let site = built();
    let one = |m: &BTreeMap<String, Vec<String>>, k: &str| m.get(k).map(|v| v[0].clone());
    for (page, locale, other, title) in [
        (REPORT, "de_DE", "en_GB", "Auf der Bühne der LeWeb"),
        (
            "/en/reports/leweb-buehne/",
            "en_GB",
            "de_DE",
            "On the LeWeb stage",
        ),
    ] {
        let m = metas(&site, page);
        let canonical = site.html(page).attr("link[rel=canonical]", "href");
        assert_eq!(one(&m, "og:title").as_deref(), Some(title));
        assert_eq!(one(&m, "og:type").as_deref(), Some("article"));
        assert_eq!(one(&m, "og:url"), Some(canonical.clone()));
        assert_eq!(one(&m, "og:locale").as_deref(), Some(locale));
        assert_eq!(m["og:locale:alternate"], [other]);
        assert_eq!(
            one(&m, "article:published_time").as_deref(),
            Some("2008-12-10")
        );
        assert_eq!(
            one(&m, "twitter:card").as_deref(),
            Some("summary_large_image")
        );
        assert!(
            one(&m, "og:description")
                .unwrap()
                .contains("Richard Binhammer")
        );
        let image = one(&m, "og:image").unwrap();
        assert_eq!(image, format!("{canonical}buehne-1600w.jpg"));
        assert_eq!(one(&m, "og:image:width").as_deref(), Some("1600"));
        assert_eq!(one(&m, "og:image:height").as_deref(), Some("1067"));
        let rel = image.strip_prefix("https://host.example/blog").unwrap();
        assert!(site.exists(rel), "{rel}");
    }
    // A page without a photo shows the site's preview image, as a website.
    let home = metas(&site, "/en/");
    assert_eq!(one(&home, "og:type").as_deref(), Some("website"));
    assert_eq!(one(&home, "og:title").as_deref(), Some("Conference Notes"));
    assert_eq!(
        one(&home, "og:image").as_deref(),
        Some("https://host.example/blog/images/karte-vorschau.png")
    );
    assert!(site.exists("/images/karte-vorschau.png"));
    assert_eq!(one(&home, "og:locale").as_deref(), Some("en_GB"));
}

/// Every file of the image cache with its modification time.
fn cache_files(site: &SiteTest) -> BTreeMap<PathBuf, SystemTime> {
    files_under(&site.root().join(".debrief-cache/images"))
        .into_iter()
        .map(|p| {
            let time = fs::metadata(&p).unwrap().modified().unwrap();
            (p, time)
        })
        .collect()
}

#[test]
fn a_second_build_does_no_image_work_and_a_changed_photo_is_made_again() {
    let site = built();
    let made = cache_files(&site);
    assert!(made.len() >= 7, "{made:?}");
    let first = site.output_files();
    site.write(&format!("{BUNDLE}/index.md"), &{
        let text = fs::read_to_string(site.root().join(BUNDLE).join("index.md")).unwrap();
        text.replace("voll bis", "ganz voll bis")
    });
    site.build().success();
    assert_eq!(cache_files(&site), made, "the cache was written again");
    let second = site.output_files();
    for (path, bytes) in &first {
        // Pages and the search index follow the text; nothing else changes.
        let shown = path.to_string_lossy();
        if !shown.ends_with(".html") && !shown.starts_with("pagefind/") {
            assert_eq!(second.get(path), Some(bytes), "{}", path.display());
        }
    }
    // A new version of the photo is a new content: made, and published.
    let sketch = image::RgbImage::from_pixel(1000, 400, image::Rgb([10, 120, 30]));
    sketch
        .save(site.root().join(BUNDLE).join("buehne.jpg"))
        .unwrap();
    site.build().success();
    let doc = site.html(REPORT);
    assert_eq!(doc.attr("main figure img", "width"), "1000");
    assert_eq!(doc.attr("main figure img", "height"), "400");
    assert_eq!(
        image::image_dimensions(site.out(&format!("{REPORT}buehne-960w.jpg"))).unwrap(),
        (960, 384)
    );
    assert!(!site.exists(&format!("{REPORT}buehne-1600w.jpg")));
}

#[test]
fn check_warns_about_an_image_it_cannot_clean_where_it_is_shown() {
    let site = SiteTest::new("photos");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let want = format!(
        "warning: `karte.webp` would publish its GPS position: debrief removes such data only from the JPEG and PNG files of page bundles\n  --> {BUNDLE}/index.md:14:15\n"
    );
    assert!(run.stderr.contains(&want), "{}", run.stderr);
    // Nothing is written: no output, no image cache.
    assert!(!site.root().join("public").exists());
    assert!(!site.root().join(".debrief-cache/images").exists());
}

#[test]
fn a_bundle_file_named_like_a_copy_is_an_error() {
    let site = SiteTest::new("photos");
    fs::copy(
        site.root().join(BUNDLE).join("skizze.png"),
        site.root().join(BUNDLE).join("buehne-960w.jpg"),
    )
    .unwrap();
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: `buehne-960w.jpg` is the name debrief gives the 960 pixel wide copy of `buehne.jpg`, and this bundle has a file by that name\n --> {BUNDLE}/buehne-960w.jpg"
        )),
        "{}",
        run.stderr
    );
}
