//! Redirect pages: a tiny HTML file with meta refresh and a canonical link,
//! which every static host can serve.

use pulldown_cmark_escape::escape_html;

/// The HTML of a page that sends the reader to `url`. Its empty icon keeps
/// browsers from asking the host's root for `/favicon.ico`, which under a
/// sub-path base URL is not the site's.
pub fn page(url: &str, lang: &str) -> String {
    let mut u = String::new();
    let _ = escape_html(&mut u, url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{u}</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"canonical\" href=\"{u}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={u}\">\n</head>\n\
         <body>\n<p><a href=\"{u}\">{u}</a></p>\n</body>\n</html>\n"
    )
}
