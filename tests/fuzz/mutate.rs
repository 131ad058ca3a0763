//! Mutations of seed files: the damage real files suffer (a byte flipped,
//! a paste into the wrong place, CRLF line ends, a BOM, a truncated save)
//! and what stresses a parser (lines over 70,000 columns, deep nesting,
//! bytes that are not UTF-8). Deterministic from a seed, so that a failure
//! is replayed by its number.

/// splitmix64: small, fast and good enough to pick mutations; no crate needed.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Whether mutations may make lines longer than 65,535 columns.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Long {
    Allowed,
    Avoided,
}

/// Pieces that mean something to one of the parsers.
const TOKENS: &[&str] = &[
    "+++",
    "---",
    "\n+++\n",
    "\n---\n",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "\"",
    "'",
    "\"\"\"",
    "=",
    ":",
    "- ",
    "> ",
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "#",
    "<!-- more -->",
    "<",
    ">",
    "</div>",
    "<div>",
    "&",
    "\\",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\u{feff}",
    "\u{0}",
    "é",
    "„",
    "“",
    "ß",
    "👩🏽‍💻",
    "\u{200b}",
    "[^1]",
    "[^1]: note",
    "](@/reports/",
    "(@/",
    "@/",
    "#anchor",
    "](",
    "![",
    "|",
    "|---|",
    "date = ",
    "title = ",
    "2008-12-16",
    "9999-99-99",
    "[taxonomies]",
    "[extra]",
    "[event]",
    "[[people]]",
    "aliases = [\"/",
    "slug = \"",
    "lang",
    "{{ page.title }}",
    "{% block content %}",
    "{% endblock %}",
    "{% if x %}",
    "{% endif %}",
    "{% for p in x %}",
    "{% endfor %}",
    "{{ trans(key=\"x\") }}",
    "{{ get_url(path=\"@/x.md\") }}",
    "| date",
    "| safe",
    "{% extends \"base.html\" %}",
    "{% include \"x\" %}",
    "{% macro m() %}",
    "\u{7f}",
];

/// Applies 1–4 random mutations to `seed`, splicing from `donors`.
/// With [`Long::Avoided`], no line is longer than 60,000 bytes.
pub(crate) fn mutate(rng: &mut Rng, seed: &[u8], donors: &[&[u8]], long: Long) -> Vec<u8> {
    loop {
        let mut bytes = seed.to_vec();
        let times = if rng.below(2) == 0 {
            1
        } else {
            1 + rng.below(4)
        };
        for _ in 0..times {
            mutate_once(rng, &mut bytes, donors, long);
        }
        if long == Long::Allowed || longest_line(&bytes) <= 60_000 {
            return bytes;
        }
    }
}

/// The length in bytes of the longest line.
pub(crate) fn longest_line(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0)
}

fn mutate_once(rng: &mut Rng, bytes: &mut Vec<u8>, donors: &[&[u8]], long: Long) {
    let at = rng.below(bytes.len() + 1);
    match rng.below(16) {
        // A bit flipped, or a byte replaced.
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        1 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] = rng.next() as u8;
        }
        // A piece of another file pasted in, or replacing a piece.
        2 | 3 => {
            let donor = rng.pick(donors);
            let from = rng.below(donor.len());
            let len = rng.below((donor.len() - from).min(400) + 1);
            let piece = &donor[from..from + len];
            if rng.below(2) == 0 {
                bytes.splice(at..at, piece.iter().copied());
            } else {
                let end = (at + rng.below(200)).min(bytes.len());
                bytes.splice(at..end, piece.iter().copied());
            }
        }
        // A meaningful token, once or repeated.
        4 | 5 => {
            let token = rng.pick(TOKENS).as_bytes();
            let times = if rng.below(4) == 0 { rng.below(40) } else { 1 };
            let insert: Vec<u8> = token.repeat(times);
            bytes.splice(at..at, insert);
        }
        // Deep nesting.
        6 => {
            let (open, close) = *rng.pick(&[
                ("[", "]"),
                ("{", "}"),
                ("> ", ""),
                ("- ", ""),
                ("  - ", ""),
                ("*", "*"),
                ("<div>", "</div>"),
                ("{% if true %}", "{% endif %}"),
                ("((", "))"),
                ("a = [", "]"),
                ("[[", "]]"),
                ("{ a = ", " }"),
            ]);
            let depth = 100 + rng.below(5000);
            let mut insert = open.repeat(depth).into_bytes();
            insert.extend(close.repeat(rng.below(depth + 1)).into_bytes());
            bytes.splice(at..at, insert);
        }
        // A line over 70,000 columns (or, avoided, under 65,535).
        7 => {
            let token = *rng.pick(&["a", "é", "*", "`", "[", "x ", "„", "\\", "<"]);
            let columns = match long {
                Long::Allowed => 70_000 + rng.below(10_000),
                Long::Avoided => 1_000 + rng.below(20_000),
            };
            let mut insert = token.repeat(columns / token.chars().count()).into_bytes();
            // Something to trip over at its far end.
            insert.extend(rng.pick(TOKENS).bytes());
            bytes.splice(at..at, insert);
        }
        // Bytes that are not UTF-8: a lone continuation or lead byte, an
        // overlong form, a surrogate.
        8 => {
            const BAD: [&[u8]; 7] = [
                &[0x80],
                &[0xc3],
                &[0xff],
                &[0xc0, 0xaf],
                &[0xed, 0xa0, 0x80],
                &[0xf4, 0x90, 0x80, 0x80],
                &[0xe2, 0x80],
            ];
            let bad = *rng.pick(&BAD);
            bytes.splice(at..at, bad.iter().copied());
        }
        // CRLF line ends, everywhere or from here on.
        9 => {
            let from = if rng.below(2) == 0 { 0 } else { at };
            let mut out = bytes[..from].to_vec();
            for &b in &bytes[from..] {
                if b == b'\n' {
                    out.push(b'\r');
                }
                out.push(b);
            }
            *bytes = out;
        }
        // A byte-order mark, at the start (as editors write it) or anywhere.
        10 => {
            let at = if rng.below(2) == 0 { 0 } else { at };
            bytes.splice(at..at, "\u{feff}".bytes());
        }
        // Truncated, or a piece cut out.
        11 => bytes.truncate(at),
        12 => {
            let end = (at + rng.below(300)).min(bytes.len());
            bytes.drain(at..end);
        }
        // A line doubled.
        13 => {
            let start = bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| at + i + 1);
            let line = bytes[start..end].to_vec();
            bytes.splice(start..start, line);
        }
        // An ASCII control character or a NUL.
        14 => {
            let c = rng.below(32) as u8;
            bytes.insert(at, c);
        }
        // A multi-byte character cut in half by a later edit.
        _ => {
            let s = "äöüß€😀";
            let b = s.as_bytes();
            let from = rng.below(b.len());
            bytes.splice(at..at, b[from..].iter().copied());
        }
    }
}

/// A file name like `name`, mangled the ways names go wrong: dates that
/// are none, language suffixes, case, spaces and marks, lengths near the
/// limit. Always a name a file system takes.
pub(crate) fn file_name(rng: &mut Rng, name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let pick = |rng: &mut Rng, items: &[&str]| items[rng.below(items.len())].to_owned();
    let mangled = match rng.below(8) {
        0 => format!(
            "{}-{stem}",
            pick(
                rng,
                &[
                    "2008-12-16",
                    "2008-13-45",
                    "0000-00-00",
                    "2008-12",
                    "9999-12-31",
                    "2008-02-30"
                ]
            )
        ),
        1 => format!(
            "{stem}.{}",
            pick(rng, &["de", "en", "fr", "EN", "", "de.en", "de-DE"])
        ),
        2 => pick(
            rng,
            &[
                "index",
                "_index",
                "_index.en",
                "index.de",
                "-",
                "_",
                "ä",
                "Ärger Über",
                "x y",
            ],
        ),
        3 => stem.to_uppercase(),
        4 => format!("{stem}{}", "ü".repeat(rng.below(127))),
        5 => format!(
            "{stem} „{}“",
            pick(rng, &["zitat", "!", "?", "#", "%20", "&amp;"])
        ),
        6 => format!("{}{stem}", pick(rng, &["_", "-", "~", " ", "…"])),
        _ => "x".repeat(1 + rng.below(250)),
    };
    let mut name = if ext.is_empty() {
        mangled
    } else {
        format!("{mangled}.{ext}")
    };
    while name.len() > 255 {
        name.remove(0);
    }
    if name.is_empty() || name.starts_with('.') {
        name.insert(0, 'n');
    }
    name
}

/// An alias as TOML writes it: onto what a build publishes anyway, or a
/// path no file system takes.
pub(crate) fn alias(rng: &mut Rng) -> String {
    let long = "x".repeat(250 + rng.below(10));
    let aliases = [
        "/index.html",
        "/",
        "/atom.xml",
        "/en/atom.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/404.html",
        "/css/highlight.css",
        "/reports/",
        "/reports/nur-deutsch/",
        "/reports/nur-deutsch/index.html",
        "/tags/",
        "/events/",
        "/en/",
        "/a//b/",
        "/a/./b/",
        "/../x/",
        "/a\\u0000b/",
        "/ä ö/",
        "/x.html",
        "/x.html/y/",
        &long,
        "http://example.org/x/",
    ];
    aliases[rng.below(aliases.len())].to_owned()
}
