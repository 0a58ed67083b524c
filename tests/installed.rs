//! The installed app updates itself. Run by `bash scripts/package --test` after it has
//! installed the .deb it built (with a throwaway update key compiled in) and built a
//! newer one: a real trading server (started with that update key) offers the newer
//! build, signed and published through the command line; the installed app refuses it
//! while the server's copy is altered, then downloads it, verifies it, installs it
//! through dpkg, and after a restart runs as the new version.
//!
//! Environment: TENDERBOX_INSTALLED_APP (the installed binary), TENDERBOX_UPDATE_DIR
//! (update-key.json and update-key.pub), TENDERBOX_UPDATE_INSTALLER and
//! TENDERBOX_UPDATE_VERSION (the newer .deb and its version), TENDERBOX_PACKAGE (its
//! Debian package name).

mod common;

use common::*;
use std::path::PathBuf;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run this through bash scripts/package --test"))
}

fn installed_version(pkg: &str) -> String {
    let o = std::process::Command::new("dpkg-query").args(["-W", "-f=${Version}", pkg]).output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_installed_app_updates_itself_from_the_trading_server() {
    let app = PathBuf::from(env("TENDERBOX_INSTALLED_APP"));
    let newer = PathBuf::from(env("TENDERBOX_UPDATE_INSTALLER"));
    let version = env("TENDERBOX_UPDATE_VERSION");
    let pkg = env("TENDERBOX_PACKAGE");
    let before = installed_version(&pkg);
    assert_ne!(before, version, "the installed package is the older build");

    let dir = tempfile::Builder::new().prefix("tenderbox-installed-").tempdir().unwrap().keep();
    eprintln!("installed-app test folder: {}", dir.display());
    std::fs::create_dir_all(dir.join("update")).unwrap();
    for f in ["update-key.json", "update-key.pub"] {
        std::fs::copy(PathBuf::from(env("TENDERBOX_UPDATE_DIR")).join(f), dir.join("update").join(f)).unwrap();
    }
    let mut cli = Cli { dir: dir.clone(), server: String::new() };
    cli.ok(&["identity", "new", "--name", "admin", "--uscc", &uscc(1), "--keystore", "keys"]);
    let port = free_port();
    let server = start_server(&dir, port);
    cli.server = format!("http://127.0.0.1:{port}");
    let file = newer.file_name().unwrap().to_str().unwrap().to_string();
    let installer = std::fs::read(&newer).unwrap();
    std::fs::write(dir.join(&file), &installer).unwrap();
    cli.ok(&["release", "sign", "--key", "update/update-key.json", "--version", &version, &file]);
    cli.as_("admin", &["release", "publish", "--version", &version, "--notes", "新版本：开标大厅显示解密进度。", &file]);

    let (display, _xvfb) = display(&dir);
    let home = dir.join("app-home");
    let (c, driver) = session_of(&app, &dir, &display, &home, &cli.server).await;
    let result: Result<(), String> = async {
        import_and_trust(&c, &dir, "admin").await?;
        click(&c, "[data-nav=settings]").await?;
        wait_text(&c, "[data-current-version]", |t| t.starts_with(&before)).await;
        click(&c, "#update-check").await?;
        wait_text(&c, "#update-offer h3", |t| t.contains(&version)).await;
        // The server's copy altered: refused, nothing installed.
        let sha: String = tenderbox_core::sha256(&installer).iter().map(|b| format!("{b:02x}")).collect();
        let stored = dir.join("server-data/release-files").join(sha);
        let mut altered = installer.clone();
        let mid = altered.len() / 2;
        altered[mid] ^= 1;
        std::fs::write(&stored, &altered).unwrap();
        click(&c, "#update-download").await?;
        wait_text(&c, "#update-error", |t| t.contains("签名无效")).await;
        assert_eq!(installed_version(&pkg), before, "nothing was installed");
        std::fs::write(&stored, &installer).unwrap();
        // Genuine: verified, installed through dpkg.
        click(&c, "#update-download").await?;
        wait_text(&c, "#update-verified", |t| t.contains(&version)).await;
        click(&c, "#update-install").await?;
        wait_for(&c, "#update-restart").await;
        screenshot(&c, "installed-update-installed").await;
        assert_eq!(installed_version(&pkg), version, "dpkg has the new version");
        Ok(())
    }
    .await;
    let _ = c.close().await;
    drop(driver);
    if let Err(e) = result {
        panic!("{e}\n(logs kept in {})", dir.display());
    }
    // The new build, started again on the same data: it runs as the new version.
    let (c, driver) = session_of(&app, &dir, &display, &home, &cli.server).await;
    let result: Result<(), String> = async {
        click(&c, "[data-nav=settings]").await?;
        wait_text(&c, "[data-current-version]", |t| t.starts_with(&version)).await;
        click(&c, "#update-check").await?;
        wait_for(&c, "#update-none").await;
        screenshot(&c, "installed-update-restarted").await;
        Ok(())
    }
    .await;
    let _ = c.close().await;
    drop((driver, server));
    if let Err(e) = result {
        panic!("{e}\n(logs kept in {})", dir.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}
