//! Just enough of the W3C WebDriver protocol to drive headless Chromium through
//! chromedriver: open a page, find elements by CSS, type, click, read the page and
//! take screenshots. The protocol is JSON over HTTP/1.1; a client crate (fantoccini)
//! would add 32 crates, among them second copies of `http` and `thiserror`, for the
//! eight commands used here.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The key W3C WebDriver puts element references under.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it answers.
    pub async fn start(path: &str) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {path}: {e}"));
        let driver = Driver { child, port };
        for _ in 0..100 {
            if let Ok((200, _)) = driver.request("GET", "/status", None).await {
                return driver;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not answer on port {port}");
    }

    async fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<(u16, Value)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).await?;
        let body = body.map(Value::to_string).unwrap_or_default();
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.port,
            body.len()
        );
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        // chromedriver answers `Connection: close` but leaves the socket open: read the
        // headers, then exactly the body they announce.
        let mut raw = Vec::new();
        let mut buf = [0u8; 16 * 1024];
        let (headers, body_start) = loop {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                return Err(std::io::Error::other("chromedriver closed the connection"));
            }
            raw.extend_from_slice(&buf[..n]);
            if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break (
                    String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase(),
                    at + 4,
                );
            }
        };
        let status = headers
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let length = headers
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        let chunked = headers.contains("transfer-encoding: chunked");
        loop {
            let have = raw.len() - body_start;
            let done = match length {
                Some(n) => have >= n,
                None if chunked => raw.ends_with(b"0\r\n\r\n"),
                None => false,
            };
            if done {
                break;
            }
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8_lossy(&raw[body_start..]).to_string();
        let payload = if chunked { unchunk(&text) } else { text };
        Ok((
            status,
            serde_json::from_str(&payload).unwrap_or(Value::Null),
        ))
    }

    /// A new headless browser session; JavaScript off when `javascript` is false.
    pub async fn session(&self, javascript: bool) -> Browser<'_> {
        let mut args = vec![
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-dev-shm-usage",
            "--window-size=1280,1400",
        ];
        let mut prefs = json!({});
        if !javascript {
            // Both the content setting (what a user turns off) and Blink's own switch.
            prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
            args.push("--blink-settings=scriptEnabled=false");
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": std::env::var("HABEAS_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
                "prefs": prefs,
            }
        }}});
        let (status, v) = self.request("POST", "/session", Some(&caps)).await.unwrap();
        assert_eq!(status, 200, "new session: {v}");
        let id = v["value"]["sessionId"].as_str().unwrap().to_string();
        Browser { driver: self, id }
    }
}

/// Decodes an HTTP/1.1 chunked body.
fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

pub struct Browser<'d> {
    driver: &'d Driver,
    id: String,
}

impl Browser<'_> {
    async fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let full = format!("/session/{}{path}", self.id);
        let (status, v) = self
            .driver
            .request(method, &full, body.as_ref())
            .await
            .unwrap();
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    pub async fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })))
            .await;
    }

    pub async fn url(&self) -> String {
        self.command("GET", "/url", None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Waits (up to 10 s) until the address satisfies `done`, since a click that
    /// submits a form may return before the next page is loaded; returns the address.
    pub async fn wait_for_url(&self, done: impl Fn(&str) -> bool) -> String {
        let mut url = self.url().await;
        for _ in 0..100 {
            if done(&url) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            url = self.url().await;
        }
        url
    }

    pub async fn source(&self) -> String {
        self.command("GET", "/source", None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The visible text of the page.
    pub async fn text(&self) -> String {
        let body = self.find("body").await;
        self.command("GET", &format!("/element/{body}/text"), None)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The first element matching a CSS selector.
    pub async fn find(&self, css: &str) -> String {
        let v = self
            .command(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        v[ELEMENT].as_str().unwrap().to_string()
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.command(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.command("POST", &format!("/element/{el}/click"), Some(json!({})))
            .await;
    }

    /// Whether pages run JavaScript: a page whose script writes a word is opened and
    /// read. (WebDriver's own script command runs either way, so it cannot tell.)
    pub async fn javascript_runs(&self) -> bool {
        self.goto(
            "data:text/html,<body><p id=x>static</p>\
             <script>document.getElementById('x').textContent='scripted'</script></body>",
        )
        .await;
        self.text().await.contains("scripted")
    }

    /// A PNG of the window.
    pub async fn screenshot(&self) -> Vec<u8> {
        let b64 = self.command("GET", "/screenshot", None).await;
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap()
    }

    /// Forgets every cookie: the next visitor starts signed out.
    pub async fn clear_cookies(&self) {
        self.command("DELETE", "/cookie", None).await;
    }

    pub async fn quit(self) {
        self.command("DELETE", "", None).await;
    }
}
