//! schema.org JSON-LD for a report: an Article about its Event, mentioning
//! the people interviewed.

use serde_json::{Value, json};

use crate::site::page::Page;
use crate::site::{Site, url};

/// The JSON-LD of a page, safe to put inside `<script type="application/ld+json">`.
pub(crate) fn article(site: &Site, page: &Page) -> String {
    let front = &page.front;
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "inLanguage": page.key.lang.as_str(),
        "url": url::absolute(&site.config, &page.path),
    });
    let obj = article.as_object_mut().expect("json! object");
    if let Some(d) = &page.description {
        obj.insert("description".into(), d.as_str().into());
    }
    if let Some(d) = page.date {
        obj.insert("datePublished".into(), d.rfc3339().into());
    }
    if let Some(d) = front.updated.or(page.date) {
        obj.insert("dateModified".into(), d.rfc3339().into());
    }
    if let Some(e) = &front.event {
        // The event's name as its page shows it.
        let name = page
            .event
            .map_or(e.name.as_str(), |id| site.event(id).name.as_str());
        let mut event = json!({ "@type": "Event", "name": name });
        if let Some(d) = e.date {
            event["startDate"] = d.ymd().into();
        }
        if let Some(city) = &e.city {
            event["location"] = json!({ "@type": "Place", "name": city, "address": city });
        }
        if let Some(id) = page.event {
            event["url"] = url::absolute(&site.config, &site.event(id).path).into();
        }
        obj.insert("about".into(), event);
    }
    if !page.people.is_empty() {
        let people: Vec<Value> = page
            .people
            .iter()
            .map(|p| {
                let mut person = json!({ "@type": "Person", "name": p.name });
                if let Some(role) = &p.role {
                    person["jobTitle"] = role.as_str().into();
                }
                if let Some(org) = &p.org {
                    person["worksFor"] = json!({ "@type": "Organization", "name": org });
                }
                person
            })
            .collect();
        obj.insert("mentions".into(), people.into());
    }
    // "</script>" inside a string must not end the script element.
    article.to_string().replace("</", "<\\/")
}
