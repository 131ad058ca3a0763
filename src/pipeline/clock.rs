//! Stage timings, printed when `DEBRIEF_TIMINGS` is set.

/// Prints how long each stage took when `DEBRIEF_TIMINGS` is set.
pub(crate) struct Clock {
    on: bool,
    last: std::time::Instant,
}

impl Clock {
    pub(crate) fn start() -> Clock {
        Clock {
            on: std::env::var_os("DEBRIEF_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            let took = self.last.elapsed();
            // The resident set (Linux only; left out elsewhere).
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
                    line.split_whitespace().nth(1)?.parse::<u64>().ok()
                })
                .map(|kib| format!(", resident {} MiB", kib / 1024))
                .unwrap_or_default();
            eprintln!("  {stage}: {:.1} ms{rss}", took.as_secs_f64() * 1000.0);
        }
        self.last = std::time::Instant::now();
    }
}
