//! Desktop releases and the update feed: the release manager signs an installer with the
//! update key and publishes it through the CLI's flow; the server refuses a release whose
//! signature does not verify with its update key for the announced version, and the feed
//! offers the newest release newer than the app's version, as the Tauri updater reads it.

use crate::helpers::*;
use tenderbox_client::api::Api;
use tenderbox_client::release;
use tenderbox_wire::{Role, UpdateManifest};

async fn admin_api(app: &TestApp) -> Api {
    let token = app.login(&app.admin).await;
    Api::new(&app.base).with_token(&token)
}

fn installer(dir: &std::path::Path, version: &str, body: &[u8]) -> std::path::PathBuf {
    let p = dir.join(format!("Tenderbox_{version}_amd64.deb"));
    std::fs::write(&p, body).unwrap();
    p
}

#[tokio::test]
async fn a_signed_release_is_offered_to_older_apps_and_an_altered_one_is_refused() {
    let app = spawn().await;
    let dir = tempfile::tempdir().unwrap();
    let api = admin_api(&app).await;
    let signer = update_signer();

    // Signed as 0.2.0 and published: in the list and in the public log.
    let deb = installer(dir.path(), "0.2.0", b"!<arch>\nthe 0.2.0 installer");
    release::sign(&signer, &deb, "0.2.0", START).unwrap();
    let r = release::publish(&api, &deb, "0.2.0", "linux-x86_64", "deb", "修复开标大厅刷新问题").await.unwrap();
    assert_eq!((r.release.version.as_str(), r.release.bundle.as_str()), ("0.2.0", "deb"));
    let events = Api::new(&app.base).events(None).await.unwrap();
    let ev = events.iter().find(|e| e.kind == "release.published").expect("logged");
    assert_eq!(ev.body["sha256"], r.release.sha256.as_str());

    // The feed, as the Tauri updater calls it: an older app is offered 0.2.0 with a signature
    // the app's key verifies; the same version or a newer one gets 204.
    let public = Api::new(&app.base);
    let m: UpdateManifest = public.update_for("linux", "x86_64", "deb", "0.1.0").await.unwrap().expect("offered");
    assert_eq!(m.version, "0.2.0");
    assert!(m.url.starts_with(&app.base) && m.url.ends_with(&format!("/v1/releases/{}/file", r.id)));
    let bytes = app.client.get(&m.url).send().await.unwrap().bytes().await.unwrap();
    tenderbox_seal::update::verify_release(&signer.public(), &m.signature, &bytes, &m.version).unwrap();
    assert!(public.update_for("linux", "x86_64", "deb", "0.2.0").await.unwrap().is_none());
    assert!(public.update_for("linux", "x86_64", "rpm", "0.1.0").await.unwrap().is_none(), "no rpm was published");
    assert_eq!(public.update_for("linux", "x86_64", "deb", "latest").await.unwrap_err().code(), "release.version");
    assert_eq!(public.update_for("linux", "x86_64", "deb", "v0.1.9").await.unwrap().unwrap().version, "0.2.0");

    // Attacks on the server's acceptance: an installer altered after signing, a signature
    // for another version (a downgrade: 0.1.5's genuine signature offered as 0.3.0), a
    // signature by another key, and a version already published.
    let altered = installer(dir.path(), "0.3.0", b"!<arch>\nthe 0.3.0 installer");
    release::sign(&signer, &altered, "0.3.0", START).unwrap();
    std::fs::write(&altered, b"!<arch>\nthe 0.3.0 installeR").unwrap();
    let e = release::publish(&api, &altered, "0.3.0", "linux-x86_64", "deb", "x").await.unwrap_err();
    assert_eq!(e.code(), "update.bad_signature", "{e}");
    let old = installer(dir.path(), "0.1.5", b"!<arch>\nthe 0.1.5 installer");
    release::sign(&signer, &old, "0.1.5", START).unwrap();
    let e = release::publish(&api, &old, "0.3.0", "linux-x86_64", "deb", "x").await.unwrap_err();
    assert!(e.code() == "update.bad_signature" && e.to_string().contains("signed as version 0.1.5"), "{e}");
    let other = tenderbox_seal::update::UpdateSigner::from_seed(&[1; 32]).unwrap();
    let stranger = installer(dir.path(), "0.4.0", b"!<arch>\nsomeone else's build");
    release::sign(&other, &stranger, "0.4.0", START).unwrap();
    let e = release::publish(&api, &stranger, "0.4.0", "linux-x86_64", "deb", "x").await.unwrap_err();
    assert!(e.code() == "update.bad_signature" && e.to_string().contains("not by this app's update key"), "{e}");
    let again = release::publish(&api, &deb, "0.2.0", "linux-x86_64", "deb", "again").await.unwrap_err();
    assert_eq!(again.code(), "release.exists");
    assert!(public.update_for("linux", "x86_64", "deb", "0.1.0").await.unwrap().unwrap().version == "0.2.0", "nothing refused is offered");

    // Only a centre admin publishes or withdraws; a withdrawn release is no longer offered
    // or served, and stays listed with its reason.
    let bidder = Who::new("b", "湖州建工集团有限公司", "9135021359498494XQ");
    let token = app.registered(&bidder, &[Role::Bidder]).await;
    let e = release::publish(&Api::new(&app.base).with_token(&token), &deb, "0.2.0", "linux-x86_64", "deb", "x").await.unwrap_err();
    assert_eq!(e.code(), "auth.role");
    assert_eq!(api.withdraw_release(&r.id, " ").await.unwrap_err().code(), "release.reason");
    let w = api.withdraw_release(&r.id, "安装后无法启动").await.unwrap();
    assert_eq!(w.withdrawn_reason.as_deref(), Some("安装后无法启动"));
    assert!(public.update_for("linux", "x86_64", "deb", "0.1.0").await.unwrap().is_none());
    assert_eq!(app.client.get(&m.url).send().await.unwrap().status(), 409);
    assert_eq!(api.withdraw_release(&r.id, "again").await.unwrap_err().code(), "release.withdrawn");
    assert_eq!(public.releases().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_update_key_file_is_passphrase_encrypted_and_signs_what_the_server_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let ent = tenderbox_seal::DeterministicEntropy::new(b"release keygen");
    let key = release::keygen(dir.path(), "release passphrase", 1000, &ent).unwrap();
    assert!(release::keygen(dir.path(), "release passphrase", 1000, &ent).is_err(), "never replaces a key");
    let (private, public) = release::key_paths(dir.path());
    assert_eq!(tenderbox_seal::update::UpdatePublicKey::parse(&std::fs::read_to_string(&public).unwrap()).unwrap(), key);
    let raw = std::fs::read(&private).unwrap();
    assert!(
        !raw.windows(8).any(|w| w == &release::load_signer(&private, "release passphrase").unwrap().seed()[..8]),
        "the seed is not in the file in clear"
    );
    assert_eq!(release::load_signer(&private, "wrong passphrase").unwrap_err().code(), "keystore.wrong_passphrase");
    assert_eq!(release::load_signer(&private, "release passphrase").unwrap().public(), key);
    assert_eq!(release::bundle_of(std::path::Path::new("Tenderbox_0.2.0_amd64.deb")), Some("deb"));
    assert_eq!(release::bundle_of(std::path::Path::new("Tenderbox_0.2.0_x64-setup.exe")), Some("nsis"));
}
