//! What the end-to-end tests share: the binaries, child processes, the trading server,
//! the command line, Xvfb and tauri-driver, and the WebDriver steps (wait, click, type,
//! screenshot) with their retries.
#![allow(dead_code)]

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// `target/debug`, from this test binary's own path (`target/debug/deps/desktop-…`).
pub fn bin_dir() -> PathBuf {
    std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().to_path_buf()
}

pub fn bin(name: &str) -> PathBuf {
    let p = bin_dir().join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        p.exists(),
        "{} is missing: build it first (cargo build -p tenderbox-desktop -p tenderbox-server -p tenderbox-cli)",
        p.display()
    );
    p
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn wait_port(port: u16, what: &str, log: &Path) {
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not start; see {}", log.display());
}

/// A child process killed (SIGTERM first, so tauri-driver stops its WebKitWebDriver) on drop.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// tauri-driver on a free port, for the app with its data in `home`.
pub fn start_driver(dir: &Path, display: &str, home: &Path, server: &str) -> (Proc, u16) {
    let (port, native) = (free_port(), free_port());
    let p = Proc(
        Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("DISPLAY", display)
            .env("TENDERBOX_HOME", home)
            .env("TENDERBOX_SERVER", server)
            .env_remove("TENDERBOX_LOG_KEY")
            // The platform update key the release build would have compiled in (debug builds only).
            .env("TENDERBOX_DEV_UPDATE_PUBKEY", std::fs::read_to_string(dir.join("update/update-key.pub")).unwrap_or_default())
            .stdout(std::fs::File::create(dir.join("driver.log")).unwrap())
            .stderr(std::fs::OpenOptions::new().create(true).append(true).open(dir.join("driver.err")).unwrap())
            .spawn()
            .expect("tauri-driver is needed (cargo install tauri-driver --locked)"),
    );
    wait_port(port, "tauri-driver", &dir.join("driver.err"));
    (p, port)
}

/// The port the provincial platform's receiver listens on for this run (chosen once,
/// kept in `dir/province-port` so that a restarted server pushes to the same place).
pub fn province_port(dir: &Path) -> u16 {
    let f = dir.join("province-port");
    if let Some(p) = std::fs::read_to_string(&f).ok().and_then(|s| s.trim().parse().ok()) {
        return p;
    }
    let p = free_port();
    std::fs::write(&f, p.to_string()).unwrap();
    p
}

/// A stand-in for the provincial platform (the far side of the push): answers every POST
/// with 200 and records each delivery id it got, in order.
pub fn province_receiver(port: u16) -> std::sync::Arc<std::sync::Mutex<Vec<u64>>> {
    use std::io::{BufRead, BufReader, Read, Write};
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let listener = TcpListener::bind(("127.0.0.1", port)).expect("the receiver's port");
    let g = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut r = BufReader::new(stream);
            let (mut length, mut delivery) = (0usize, None);
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if let Some(v) = lower.strip_prefix("x-tenderbox-delivery:") {
                    delivery = v.trim().parse::<u64>().ok();
                }
            }
            let mut body = vec![0u8; length];
            if r.read_exact(&mut body).is_err() {
                continue;
            }
            if let Some(d) = delivery {
                g.lock().unwrap().push(d);
            }
            let _ = r.get_mut().write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    got
}

/// The trading server on `port` with its data in `dir/server-data`; it pushes the
/// national data sets to the receiver on [`province_port`] (nobody listens there until a
/// scenario starts [`province_receiver`]: the rows wait, as when the province is down).
pub fn start_server(dir: &Path, port: u16) -> Proc {
    let log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("server.log")).unwrap();
    let p = Proc(
        Command::new(bin("tenderbox-server"))
            .args(["--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(dir.join("server-data"))
            .arg("--admin")
            .arg(dir.join("keys/admin.identity.json"))
            .arg("--update-key")
            .arg(dir.join("update/update-key.pub"))
            // Moved forward only by the scenario that rehearses a three-day publicity.
            .arg("--clock-offset-file")
            .arg(dir.join("clock-offset"))
            .arg("--province-url")
            .arg(format!("http://127.0.0.1:{}/push", province_port(dir)))
            // Listings and auctions run in minutes: a rehearsal platform (模拟竞价).
            .arg("--rehearsal")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    wait_port(port, "tenderbox-server", &dir.join("server.log"));
    p
}

pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

pub fn uscc(n: u32) -> String {
    let first17 = format!("9133050{n:010}");
    format!("{first17}{}", tenderbox_core::uscc::check_char(&first17).unwrap())
}

pub struct Cli {
    pub dir: PathBuf,
    pub server: String,
}

impl Cli {
    pub fn ok(&self, args: &[&str]) -> String {
        let o = Command::new(bin("tenderbox"))
            .args(args)
            .current_dir(&self.dir)
            .env("TENDERBOX_HOME", self.dir.join("cli-home"))
            .env("TENDERBOX_PASSPHRASE", "a long test passphrase")
            .env("TENDERBOX_SERVER", &self.server)
            // The CLI is configured with the key the server published; the app is not.
            .env("TENDERBOX_LOG_KEY", std::fs::read_to_string(self.dir.join("server-data/log-key.txt")).unwrap_or_default().trim())
            .output()
            .unwrap();
        assert!(o.status.success(), "tenderbox {args:?}:\n{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }
    /// Runs a command that must fail; returns what it printed (stdout and stderr).
    pub fn fails(&self, args: &[&str]) -> String {
        let o = Command::new(bin("tenderbox"))
            .args(args)
            .current_dir(&self.dir)
            .env("TENDERBOX_HOME", self.dir.join("cli-home"))
            .env("TENDERBOX_PASSPHRASE", "a long test passphrase")
            .env("TENDERBOX_SERVER", &self.server)
            .env("TENDERBOX_LOG_KEY", std::fs::read_to_string(self.dir.join("server-data/log-key.txt")).unwrap_or_default().trim())
            .output()
            .unwrap();
        assert!(!o.status.success(), "tenderbox {args:?} should have failed:\n{}", String::from_utf8_lossy(&o.stdout));
        format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
    }
    pub fn as_(&self, who: &str, args: &[&str]) -> String {
        let mut a = args.to_vec();
        a.extend(["--identity", who, "--keystore", "keys"]);
        self.ok(&a)
    }
}

/// The X display: the one given, or a private Xvfb.
pub fn display(dir: &Path) -> (String, Option<Proc>) {
    if let Ok(d) = std::env::var("DISPLAY")
        && !d.is_empty()
    {
        return (d, None);
    }
    for n in 90..140 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let child = Proc(
            Command::new("Xvfb")
                // Two app windows side by side: a fully covered window counts as hidden to
                // WebKit, and WebDriver cannot touch a hidden page.
                .args([&format!(":{n}"), "-screen", "0", "2560x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(dir.join("xvfb.log")).unwrap())
                .spawn()
                .expect("Xvfb is needed (apt-get install xvfb)"),
        );
        for _ in 0..100 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                return (format!(":{n}"), Some(child));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("Xvfb :{n} did not start");
    }
    panic!("no free X display number");
}

/// Waits up to 30 s for `css`. A list redrawn by a sync while it is looked up (a stale
/// node) is looked up again rather than failing the run.
pub async fn wait_for(c: &Client, css: &str) -> fantoccini::elements::Element {
    let start = Instant::now();
    loop {
        match c.find(Locator::Css(css)).await {
            Ok(e) => return e,
            Err(e) if start.elapsed() > Duration::from_secs(30) => panic!("waiting for {css}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// Polls until the element's text satisfies `ok` (the UI updates asynchronously).
pub async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && let Ok(t) = e.text().await
            && ok(&t)
        {
            return t;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "timed out waiting on the text of {css}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub async fn attr(c: &Client, css: &str, name: &str) -> Option<String> {
    c.find(Locator::Css(css)).await.ok()?.attr(name).await.ok()?
}

pub async fn wait_attr(c: &Client, css: &str, name: &str, want: &str) {
    let start = Instant::now();
    while attr(c, css, name).await.as_deref() != Some(want) {
        if start.elapsed() > Duration::from_secs(60) {
            let bar = match c.find(Locator::Css(".statusbar")).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!("timed out waiting for {css} [{name}={want}], have {:?}; status bar: {bar}", attr(c, css, name).await);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub async fn screenshot(c: &Client, name: &str) {
    let dir = bin_dir().parent().unwrap().join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Clicks `css` once it is there; a list redrawn by a sync (the element replaced or not
/// yet laid out) is tried again for a few seconds before the click counts as failed.
pub async fn click(c: &Client, css: &str) -> Result<(), String> {
    let start = Instant::now();
    loop {
        match wait_for(c, css).await.click().await {
            Ok(()) => return Ok(()),
            Err(e) if start.elapsed() > Duration::from_secs(10) => {
                // What the window showed when the click failed: the first thing to look at.
                screenshot(c, "failed-click").await;
                let rect = match c.find(Locator::Css(css)).await {
                    Ok(el) => format!("{:?}", el.rectangle().await),
                    Err(e) => format!("{e:?}"),
                };
                return Err(format!("clicking {css}: {e:?} (element rectangle {rect})"));
            }
            Err(_) => {
                // Below the fold (the status bar covers the window's last lines): bring it to the middle.
                if let Ok(el) = c.find(Locator::Css(css)).await {
                    let _ = c
                        .execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(el).unwrap_or_default()])
                        .await;
                }
                tokio::time::sleep(Duration::from_millis(250)).await
            }
        }
    }
}

pub async fn type_into(c: &Client, css: &str, text: &str) {
    let e = wait_for(c, css).await;
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// A WebDriver session with the app on `display`, its data in `home`. WebKitWebDriver
/// now and then dies while the first session starts: try again with a fresh tauri-driver.
pub async fn session(dir: &Path, display: &str, home: &Path, server: &str) -> (Client, Proc) {
    session_of(&bin("tenderbox-desktop"), dir, display, home, server).await
}

/// A WebDriver session with the app at `app` (a build's or an installed one).
pub async fn session_of(app: &Path, dir: &Path, display: &str, home: &Path, server: &str) -> (Client, Proc) {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (driver, port) = start_driver(dir, display, home, server);
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": app }));
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return (c, driver),
            Err(e) if attempt < 3 => eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying"),
            Err(e) => panic!("WebDriver session: {e}"),
        }
    }
}

/// First run of an app whose identity the command line made: import its key file and
/// identity document, then confirm the platform's log key by its published fingerprint.
pub async fn import_and_trust(c: &Client, dir: &Path, name: &str) -> Result<(), String> {
    wait_for(c, "#first-run").await;
    click(c, "#show-import").await?;
    let input = wait_for(c, "input[name=import-files]").await;
    for f in [format!("keys/{name}.key"), format!("keys/{name}.identity.json")] {
        input.send_keys(&dir.join(&f).display().to_string()).await.map_err(|e| format!("choosing {f}: {e:?}"))?;
    }
    type_into(c, "input[name=import-passphrase]", "a long test passphrase").await;
    if name == "admin" {
        screenshot(c, "16-import-identity").await;
    }
    click(c, "#import-submit").await?;
    wait_for(c, "nav.sidebar").await;
    let published = std::fs::read_to_string(dir.join("server-data/log-key.txt")).unwrap();
    type_into(c, "input[name=fingerprint]", &tenderbox_wire::log_key_fingerprint(published.trim())).await;
    click(c, "#trust-confirm").await?;
    wait_attr(c, "[data-net]", "data-net", "online").await;
    Ok(())
}
