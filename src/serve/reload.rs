//! Fan-out of "something changed" to every open browser tab, as Server-Sent
//! Events, and the small script that listens for them.

use tokio::sync::broadcast;

/// Sends reload messages to every connected tab.
#[derive(Clone)]
pub(crate) struct Reloader {
    tx: broadcast::Sender<String>,
}

impl Reloader {
    /// A reloader with no tabs yet.
    pub(crate) fn new() -> Self {
        Reloader {
            tx: broadcast::channel(64).0,
        }
    }

    /// Tells every tab that these URL paths changed; `["*"]` means all.
    pub(crate) fn send(&self, changed_paths: &[String]) {
        let message = serde_json::to_string(changed_paths).unwrap_or_else(|_| "[\"*\"]".to_owned());
        // No receiver means no tab is open; nothing to do.
        let _ = self.tx.send(message);
    }

    /// A new subscription, for one tab's event stream.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<String> {
        self.tx.subscribe()
    }
}

impl Default for Reloader {
    fn default() -> Self {
        Reloader::new()
    }
}

/// The script injected into every served HTML page: reloads the tab when its
/// page or a stylesheet changed, and after the server comes back. Messages
/// carry decoded URL paths (`UrlSpace::url_of`); `location.pathname` is
/// decoded to compare. `__EVENTS__` is the event stream's URL.
pub(crate) const SCRIPT: &str = r#"(() => {
  let path = location.pathname;
  try { path = decodeURIComponent(path); } catch (e) {}
  const here = path.endsWith("/") ? path + "index.html" : path;
  let lost = false;
  const connect = () => {
    const events = new EventSource("__EVENTS__");
    events.addEventListener("open", () => { if (lost) location.reload(); });
    events.addEventListener("reload", (e) => {
      const paths = JSON.parse(e.data);
      if (paths.some((p) => p === "*" || p === here || p.endsWith(".css") || p.endsWith(".js"))) {
        location.reload();
      }
    });
    events.addEventListener("error", () => {
      lost = true;
      events.close();
      setTimeout(connect, 500);
    });
  };
  connect();
})();
"#;
