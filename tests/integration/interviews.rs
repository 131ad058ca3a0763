//! Interviews as readers see them: turns with the speaker's name from
//! `[[people]]` and pull quotes, on a two-person interview written the ways
//! writers type it (bold labels with the colon inside or out, plain labels,
//! hyphenated names with umlauts, YAML front matter, typed dashes).

use crate::support::{Document, SiteTest, text};

const GERMAN: &str = "+++
title = \"Zwei Stimmen von der re:publica\"
date = 2011-04-15

[[people]]
name = \"Jürgen Müller-Lüdenscheidt\"
role = \"Blogger\"

[[people]]
name = \"Anna Schmidt\"
org = \"Verein Digitale Nachbarschaft\"
+++

Ein Gespräch in der Kaffeepause, leicht gekürzt.

**F:** Was nehmen Sie mit nach Hause?

**Müller-Lüdenscheidt:** Dass „Community“ kein Werbewort ist.

Anna Schmidt: Und dass man zuhören muss, bevor man sendet.

**Frage**: Auch Sie, Frau Schmidt?

**Schmidt:** Ja.

> Wer nicht zuhört, redet ins Leere.
>
> – Anna Schmidt

**Hinweis:** Das Gespräch fand auf Englisch statt.

> Ein gewöhnliches Zitat ohne Namen.
";

const ENGLISH: &str = "---
title: Two voices from re:publica
date: 2011-04-15
people:
  - name: Jürgen Müller-Lüdenscheidt
  - name: Anna Schmidt
---

**Q:** What are you taking home?

**Jürgen:** That \"community\" is not an advertising word.

> If you don't listen, you talk into the void.
> --- Schmidt
";

fn interview() -> SiteTest {
    let site = SiteTest::new("bilingual");
    site.write("content/reports/zwei-stimmen.md", GERMAN)
        .write("content/reports/zwei-stimmen.en.md", ENGLISH);
    site.build().success();
    site
}

/// Each turn's class and speaker, in order.
fn turns(page: &Document) -> Vec<(String, String)> {
    page.select(".prose p.turn")
        .iter()
        .map(|p| {
            let class = p.value().attr("class").unwrap_or("").to_owned();
            let speaker = p
                .select(&crate::support::selector("b.speaker"))
                .next()
                .map(|b| text(&b))
                .unwrap_or_default();
            (class, speaker)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn turns_name_their_speaker_in_full_first() {
    let site = interview();
    let de = site.html("/reports/zwei-stimmen/");
    assert_eq!(
        turns(&de),
        pairs(&[
            ("turn turn-question", "F:"),
            ("turn turn-answer", "Jürgen Müller-Lüdenscheidt:"),
            ("turn turn-answer", "Anna Schmidt:"),
            ("turn turn-question", "Frage:"),
            ("turn turn-answer", "Schmidt:"),
        ])
    );
    // The words of a turn follow its label, the label written once.
    let answer = &de.select(".prose p.turn")[1];
    assert_eq!(
        text(answer),
        "Jürgen Müller-Lüdenscheidt: Dass „Community“ kein Werbewort ist."
    );
    // A bold label that names nobody stays bold text.
    let notes: Vec<String> = de
        .select(".prose p > strong:first-child")
        .iter()
        .map(text)
        .collect();
    assert_eq!(notes, ["Hinweis:"]);

    let en = site.html("/en/reports/zwei-stimmen/");
    assert_eq!(
        turns(&en),
        pairs(&[
            ("turn turn-question", "Q:"),
            ("turn turn-answer", "Jürgen Müller-Lüdenscheidt:"),
        ])
    );
}

#[test]
fn a_quote_with_an_attribution_is_a_pull_quote() {
    let site = interview();
    for (url, quote, name) in [
        (
            "/reports/zwei-stimmen/",
            "Wer nicht zuhört, redet ins Leere.",
            "Anna Schmidt",
        ),
        (
            "/en/reports/zwei-stimmen/",
            "If you don’t listen, you talk into the void.",
            "Anna Schmidt",
        ),
    ] {
        let page = site.html(url);
        let figures = page.select(".prose figure.pull-quote");
        assert_eq!(figures.len(), 1, "{url}");
        assert_eq!(
            page.text(".prose figure.pull-quote > blockquote").trim(),
            quote
        );
        assert_eq!(
            page.text(".prose figure.pull-quote > figcaption").trim(),
            name
        );
    }
    // The quote without a name stays a plain block quote.
    let de = site.html("/reports/zwei-stimmen/");
    let plain: Vec<String> = de
        .select(".prose > blockquote")
        .iter()
        .map(|q| text(q).trim().to_owned())
        .collect();
    assert_eq!(plain, ["Ein gewöhnliches Zitat ohne Namen."]);
}
