//! Languages: the one a source names, when the site has it, or else the
//! one detected from the text (whatlang, limited to the site's languages).

use crate::config::Config;
use crate::import::item::{Item, LangFrom};
use crate::import::mapping::lang_code;
use crate::import::report::Report;

/// Settles every item's language to one of the site's.
pub(crate) fn assign(config: &Config, items: &mut [Item], report: &mut Report) {
    let site: Vec<String> = config.langs().map(|l| l.as_str().to_owned()).collect();
    let detector = detector(&site);
    for item in items {
        let named = item.lang.as_deref().and_then(lang_code);
        match named {
            Some(code) if site.contains(&code) => item.lang = Some(code),
            _ => {
                if let Some(written) = &item.lang {
                    report.unmapped(
                        &item.source,
                        format!("language `{written}` is not one of site.toml's ({}); detected it from the text instead", site.join(", ")),
                    );
                }
                let text = format!(
                    "{}\n{}",
                    item.front.title.as_deref().unwrap_or(""),
                    item.body
                );
                match detector.as_ref().and_then(|d| detect(d, &text, &site)) {
                    Some(code) => {
                        report.detected.push((item.source.clone(), code.clone()));
                        item.lang = Some(code);
                        item.lang_from = LangFrom::Detected;
                    }
                    None => {
                        item.lang = Some(config.default_language.as_str().to_owned());
                        item.lang_from = LangFrom::Default;
                    }
                }
            }
        }
    }
}

/// A detector that only chooses among the site's languages.
fn detector(site: &[String]) -> Option<whatlang::Detector> {
    let allowed: Vec<whatlang::Lang> = site.iter().filter_map(|c| whatlang_lang(c)).collect();
    (allowed.len() > 1).then(|| whatlang::Detector::with_allowlist(allowed))
}

/// The site code of the language `text` is written in.
fn detect(detector: &whatlang::Detector, text: &str, site: &[String]) -> Option<String> {
    let found = detector.detect_lang(text)?;
    site.iter()
        .find(|c| whatlang_lang(c) == Some(found))
        .cloned()
}

/// ISO 639-1 (what sites use) to whatlang's ISO 639-3.
fn whatlang_lang(code: &str) -> Option<whatlang::Lang> {
    let three = match code {
        "de" => "deu",
        "en" => "eng",
        "fr" => "fra",
        "es" => "spa",
        "it" => "ita",
        "nl" => "nld",
        "pt" => "por",
        "pl" => "pol",
        "sv" => "swe",
        "da" => "dan",
        _ => return None,
    };
    whatlang::Lang::from_code(three)
}

#[cfg(test)]
mod tests {
    use super::{detect, detector};

    #[test]
    fn german_and_english_text() {
        let site = vec!["de".to_owned(), "en".to_owned()];
        let d = detector(&site).expect("two languages");
        let de = "Am zweiten Tag der Konferenz sprach ich mit dem Leiter der Abteilung über die Frage, warum Unternehmen zuerst zuhören sollten.";
        let en = "On the second day of the conference I talked to the head of the department about why companies should listen first.";
        assert_eq!(detect(&d, de, &site).as_deref(), Some("de"));
        assert_eq!(detect(&d, en, &site).as_deref(), Some("en"));
    }
}
