//! The URLs a Jekyll site gave its posts and pages (`permalink` styles and
//! patterns), which become aliases so the old links keep working.

use std::collections::BTreeMap;

use crate::content::date::Date;
use crate::site::slug::slugify;

/// A post's URL as Jekyll's `permalink` made it (`date`, `pretty`,
/// `none`, `ordinal` or a pattern of `:year`, `:title`, …); `categories`
/// are the front matter's, then the folders above `_posts/`.
pub(crate) fn post(
    permalink: &str,
    date: Option<&str>,
    title: &str,
    taxonomies: &BTreeMap<String, Vec<String>>,
    folders: &[&str],
) -> String {
    let pattern = match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    let day = date
        .and_then(|d| {
            Date::parse(d)
                .ok()
                .or_else(|| Date::parse(d.get(..10)?).ok())
        })
        .map(|d| d.day());
    let mut categories: Vec<String> = folders.iter().map(|f| (*f).to_owned()).collect();
    categories.extend(taxonomies.get("categories").into_iter().flatten().cloned());
    let categories: Vec<String> = categories
        .iter()
        .map(|c| c.to_lowercase().replace(' ', "-"))
        .collect();
    let two = |n: i8| format!("{n:02}");
    let mut url = pattern.to_owned();
    let mut put = |key: &str, value: String| url = url.replace(key, &value);
    put(":categories", categories.join("/"));
    put(":output_ext", ".html".into());
    put(":title", title.to_owned());
    put(":slug", slugify(title));
    if let Some(d) = day {
        put(":short_year", format!("{:02}", d.year() % 100));
        put(":year", d.year().to_string());
        put(":i_month", d.month().to_string());
        put(":month", two(d.month()));
        put(":i_day", d.day().to_string());
        put(":y_day", format!("{:03}", d.day_of_year()));
        put(":day", two(d.day()));
    }
    collapse(&url)
}

/// A page's URL: its path as `.html`, or a folder with `pretty` permalinks.
pub(crate) fn page(permalink: &str, folders: &[&str], stem: &str) -> String {
    let dir = folders.join("/");
    let path = if stem == "index" {
        format!("/{dir}/")
    } else if permalink == "pretty" || permalink.ends_with('/') {
        format!("/{dir}/{stem}/")
    } else {
        format!("/{dir}/{stem}.html")
    };
    collapse(&path)
}

/// `//` → `/`, keeping a trailing `/`.
fn collapse(url: &str) -> String {
    let parts: Vec<&str> = url.split('/').filter(|p| !p.is_empty()).collect();
    let mut out = format!("/{}", parts.join("/"));
    if url.ends_with('/') && out != "/" {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{page, post};
    use std::collections::BTreeMap;

    #[test]
    fn jekyll_permalinks() {
        let mut tax = BTreeMap::new();
        tax.insert("categories".to_owned(), vec!["Konferenz".to_owned()]);
        let none = BTreeMap::new();
        let date = Some("2008-12-10 09:00:00 +0100");
        assert_eq!(
            post("date", date, "leweb-tag-1", &tax, &[]),
            "/konferenz/2008/12/10/leweb-tag-1.html"
        );
        assert_eq!(
            post("date", date, "leweb-tag-1", &none, &["blog"]),
            "/blog/2008/12/10/leweb-tag-1.html"
        );
        assert_eq!(
            post("pretty", date, "leweb-tag-1", &none, &[]),
            "/2008/12/10/leweb-tag-1/"
        );
        assert_eq!(
            post("/blog/:year/:title/", date, "leweb-tag-1", &tax, &[]),
            "/blog/2008/leweb-tag-1/"
        );
        assert_eq!(
            post("/:year/:title/", Some("2008-12-10 9:00"), "x", &none, &[]),
            "/2008/x/"
        );
        assert_eq!(page("date", &[], "about"), "/about.html");
        assert_eq!(page("pretty", &["en"], "about"), "/en/about/");
    }
}
