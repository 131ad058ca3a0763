//! The terminal: whether stderr gets colour, and the colouring of the
//! labels of what debrief prints there. Colour only on a terminal, and
//! never when `NO_COLOR` is set to anything but the empty string
//! (<https://no-color.org>); the text is the same either way.

use std::io::IsTerminal;

/// How stderr is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Whether stderr is a terminal.
    pub terminal: bool,
    /// Whether to colour: a terminal, and no `NO_COLOR`.
    pub colour: bool,
}

impl Term {
    /// The process's stderr, as it is now.
    pub fn stderr() -> Term {
        let terminal = std::io::stderr().is_terminal();
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Term {
            terminal,
            colour: terminal && !no_colour,
        }
    }

    /// `text` with the label that starts a line coloured: `error:` red,
    /// `warning:` yellow, a line's leading `Built`/`No errors` green, the
    /// `-->` before a location blue; all of it bold.
    pub fn paint(&self, text: &str) -> String {
        if !self.colour {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len() + 64);
        for line in text.split_inclusive('\n') {
            out.push_str(&paint_line(line));
        }
        out
    }
}

/// Labels and their colours (SGR codes).
const LABELS: [(&str, &str); 5] = [
    ("error", "31"),
    ("warning", "33"),
    ("Built", "32"),
    ("No errors", "32"),
    ("Left out", "33"),
];

fn paint_line(line: &str) -> String {
    for (label, code) in LABELS {
        if let Some(rest) = line.strip_prefix(label) {
            return format!("\x1b[1;{code}m{label}\x1b[0m{rest}");
        }
    }
    let body = line.trim_start();
    if let Some(rest) = body.strip_prefix("-->") {
        let indent = &line[..line.len() - body.len()];
        return format!("{indent}\x1b[1;34m-->\x1b[0m{rest}");
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::Term;

    #[test]
    fn paints_labels_only_when_colour_is_on() {
        let text = "error: `x` links to nothing\n --> content/a.md:3:5\nplain\n";
        let off = Term {
            terminal: true,
            colour: false,
        };
        assert_eq!(off.paint(text), text);
        let on = Term {
            terminal: true,
            colour: true,
        };
        assert_eq!(
            on.paint(text),
            "\x1b[1;31merror\x1b[0m: `x` links to nothing\n \x1b[1;34m-->\x1b[0m content/a.md:3:5\nplain\n"
        );
        assert_eq!(on.paint("warning: w\n"), "\x1b[1;33mwarning\x1b[0m: w\n");
    }
}
