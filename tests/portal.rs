//! The public portal in a real browser: Debian's Chromium, headless, driven through
//! chromedriver against the same trading server the desktop scenarios use. Each page
//! loads, every link on it that stays on the site answers, the page passes the axe-core
//! accessibility rules of WCAG 2 A and AA (headings, labels, contrast…), and its HTML
//! is kept for the Nu HTML checker (vnu.jar) run at the end. Screenshots go beside the
//! desktop's, named `portal-…`.

use crate::common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Chromium under chromedriver.
pub struct Browser {
    pub c: Client,
    _driver: Proc,
    /// Where each page's HTML is kept for the HTML checker.
    html: PathBuf,
    base: String,
    checked: std::collections::HashSet<String>,
}

fn ui_module(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules").join(path)
}

pub async fn browser(dir: &Path, base: &str) -> Browser {
    let port = free_port();
    let log = dir.join("chromedriver.log");
    let driver = Proc(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is needed (Debian package chromium-driver)"),
    );
    wait_port(port, "chromedriver", &log);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN"],
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session through chromedriver");
    let html = dir.join("portal-html");
    std::fs::create_dir_all(&html).unwrap();
    Browser { c, _driver: driver, html, base: base.to_string(), checked: Default::default() }
}

impl Browser {
    /// Opens `path`, checks it, keeps a screenshot `portal-{shot}` and its HTML; returns
    /// the page's text.
    pub async fn visit(&mut self, path: &str, shot: &str) -> Result<String, String> {
        self.visit_at(path, shot, None).await
    }

    /// [`Self::visit`], the screenshot taken with the element `focus` scrolled to the top.
    pub async fn visit_at(&mut self, path: &str, shot: &str, focus: Option<&str>) -> Result<String, String> {
        let url = format!("{}{path}", self.base);
        self.c.goto(&url).await.map_err(|e| format!("opening {url}: {e:?}"))?;
        self.c.wait().for_element(Locator::Css("footer.site")).await.map_err(|e| format!("{url} did not render: {e:?}"))?;
        let text = self.c.find(Locator::Css("body")).await.map_err(|e| format!("{e:?}"))?.text().await.map_err(|e| format!("{e:?}"))?;
        if !text.contains("本页由服务器生成于") && !text.contains("Rendered by the server at") {
            return Err(format!("{url} does not state when it was rendered"));
        }
        if let Some(css) = focus {
            let el = self.c.find(Locator::Css(css)).await.map_err(|e| format!("{url} has no {css}: {e:?}"))?;
            self.c
                .execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(el).unwrap_or_default()])
                .await
                .map_err(|e| format!("scrolling to {css}: {e:?}"))?;
        }
        screenshot(&self.c, &format!("portal-{shot}")).await;
        let source = self.c.source().await.map_err(|e| format!("{e:?}"))?;
        // The served bytes (not the browser's serialisation) go to the HTML checker.
        let served = http_get(&url).await?;
        if served.0 != 200 {
            return Err(format!("{url} answered {}", served.0));
        }
        std::fs::write(self.html.join(format!("{shot}.html")), &served.1).unwrap();
        self.accessibility(&url).await?;
        self.links(&source, &url).await?;
        Ok(text)
    }

    /// axe-core's WCAG 2 A/AA rules, run in the page.
    async fn accessibility(&self, url: &str) -> Result<(), String> {
        let axe = std::fs::read_to_string(ui_module("axe-core/axe.min.js")).map_err(|e| format!("axe-core (npm ci in ui/): {e}"))?;
        self.c.execute(&axe, vec![]).await.map_err(|e| format!("loading axe-core: {e:?}"))?;
        let r = self
            .c
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                    .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join('; '))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .map_err(|e| format!("running axe-core: {e:?}"))?;
        let violations: Vec<String> = serde_json::from_value(r).unwrap_or_default();
        if violations.is_empty() { Ok(()) } else { Err(format!("{url} breaks accessibility rules:\n{}", violations.join("\n"))) }
    }

    /// Every link on the page that stays on this site answers 200 (each checked once).
    async fn links(&mut self, source: &str, from: &str) -> Result<(), String> {
        let mut rest = source;
        while let Some(i) = rest.find("href=\"") {
            rest = &rest[i + 6..];
            let Some(j) = rest.find('"') else { break };
            let href = rest[..j].replace("&amp;", "&");
            rest = &rest[j..];
            if !href.starts_with('/') || href.starts_with("//") || !self.checked.insert(href.clone()) {
                continue;
            }
            let url = format!("{}{href}", self.base);
            let (status, _) = http_get(&url).await?;
            if status != 200 {
                return Err(format!("the link {href} on {from} answers {status}"));
            }
        }
        Ok(())
    }

    /// The Nu HTML checker over every page kept: errors fail.
    pub fn validate_html(&self) -> Result<(), String> {
        let jar = ui_module("vnu-jar/build/dist/vnu.jar");
        let out = Command::new("java")
            .args(["-jar", &jar.display().to_string(), "--errors-only", "--skip-non-html"])
            .arg(&self.html)
            .output()
            .map_err(|e| format!("running the Nu HTML checker (java, npm ci in ui/): {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "the Nu HTML checker finds errors:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

/// A plain HTTP/1.0 GET on the loopback server (status and body), without the browser.
pub async fn http_get(url: &str) -> Result<(u16, Vec<u8>), String> {
    let url = url.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let rest = url.strip_prefix("http://").ok_or_else(|| format!("{url} is not http://"))?;
        let (host, path) = rest.split_once('/').map(|(h, p)| (h.to_string(), format!("/{p}"))).unwrap_or((rest.to_string(), "/".into()));
        let mut s = std::net::TcpStream::connect(&host).map_err(|e| format!("connecting to {host}: {e}"))?;
        write!(s, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").map_err(|e| format!("GET {url}: {e}"))?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).map_err(|e| format!("reading {url}: {e}"))?;
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| format!("{url}: no HTTP header"))?;
        let head = String::from_utf8_lossy(&raw[..split]).to_string();
        let status: u16 = head.split(' ').nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| format!("{url}: {head}"))?;
        Ok((status, raw[split + 4..].to_vec()))
    })
    .await
    .map_err(|e| format!("{e}"))?
}
