//! Tender package files: stored by hash, listed in the signed document, served
//! publicly, checked by the client before they are kept.

use crate::helpers::*;
use reqwest::StatusCode;
use tenderbox_client::api::{Api, ApiFailure};
use tenderbox_client::tenders::{download_file, fetch_verified, upload_file};
use tenderbox_core::tender::TenderFile;
use tenderbox_wire::*;

async fn put(app: &TestApp, token: Option<&str>, sha: &str, body: Vec<u8>) -> Reply {
    let mut r = app.client.put(format!("{}/v1/tender-files/{sha}", app.base)).body(body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let resp = r.send().await.unwrap();
    let status = resp.status();
    Reply { status, body: serde_json::from_str(&resp.text().await.unwrap()).unwrap_or_default() }
}

fn drawing(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 251) as u8).collect()
}

fn leftovers(app: &TestApp) -> Vec<String> {
    std::fs::read_dir(app.dir.path().join("data/tender-files"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[tokio::test]
async fn package_files_are_stored_by_hash_listed_signed_and_served() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let bidder = Who::new("bidder", "湖州建工集团有限公司", "9135021359498494XQ");
    let bidder_token = app.registered(&bidder, &[Role::Bidder]).await;
    let content = drawing(700_000);
    let sha = sha_hex(&content);

    // Only an agency stores files; the content must match the name; nothing half-stored.
    assert_eq!(put(&app, None, &sha, content.clone()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(put(&app, Some(&bidder_token), &sha, content.clone()).await.code(), "auth.role");
    let r = put(&app, Some(&agency_token), &sha, content[..1000].to_vec()).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "file.hash_mismatch"));
    assert_eq!(put(&app, Some(&agency_token), "ABC", content.clone()).await.code(), "file.sha256");
    assert_eq!(put(&app, Some(&agency_token), &sha_hex(b""), vec![]).await.code(), "file.empty");
    assert!(leftovers(&app).is_empty(), "no partial file is left: {:?}", leftovers(&app));

    // A document listing a file not stored is refused, naming the file.
    let mut t = tender_doc();
    t.files.push(TenderFile { name: "施工图纸.pdf".into(), sha256: sha.clone(), size: content.len() as u64 });
    let r = app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await;
    assert_eq!(r.code(), "tender.file_missing");
    assert!(r.body["message"].as_str().unwrap().contains("施工图纸.pdf"), "{}", r.body);

    // Stored through the client library (streamed), then published.
    let mut agency_api = Api::new(&app.base);
    agency_api.login(&agency.public, &agency.secret).await.unwrap();
    let path = app.dir.path().join("施工图纸.pdf");
    std::fs::write(&path, &content).unwrap();
    let stored = upload_file(&agency_api, &path).await.unwrap();
    assert_eq!((stored.sha256.as_str(), stored.size), (sha.as_str(), content.len() as u64));
    // Storing it again is harmless.
    assert_eq!(put(&app, Some(&agency_token), &sha, content.clone()).await.status, StatusCode::OK);
    let mut wrong_size = t.clone();
    wrong_size.files[0].size += 1;
    assert_eq!(app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &wrong_size)).await.code(), "tender.file_size");
    let r = app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Public download, whole and resumed from an offset.
    let url = format!("{}/v1/tenders/{}/files/{sha}", app.base, t.id);
    let resp = app.client.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-disposition"].to_str().unwrap().contains("%E6%96%BD"));
    assert_eq!(resp.bytes().await.unwrap().as_ref(), &content[..]);
    let resp = app.client.get(&url).header("range", "bytes=500000-").send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(resp.bytes().await.unwrap().as_ref(), &content[500_000..]);
    let r = app.get(&format!("/v1/tenders/{}/files/{}", t.id, sha_hex(b"other")), None).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "file.not_found"));

    // The bidder's client: document, agency certificate and signature, log inclusion.
    let api = Api::new(&app.base);
    let key = app.log_key().await;
    let v = fetch_verified(&api, &t.id, &key).await.unwrap();
    assert_eq!(v.record.document, t);
    assert_eq!(v.event.kind, "tender.published");
    // Pinned to another platform key: refused.
    let other = Who::new("other-platform", "x", "91350100M000100Y43");
    let fake_key = format!("other+00000000+{}", {
        use base64::Engine;
        let mut raw = vec![1u8];
        raw.extend(other.secret.signing_public());
        base64::engine::general_purpose::STANDARD.encode(raw)
    });
    let e = fetch_verified(&api, &t.id, &fake_key).await.unwrap_err();
    assert_eq!(e.code(), "tender.unverified", "{e}");

    // Download: resumes a partial file; checks the hash before keeping it.
    let dl = app.dir.path().join("downloads");
    std::fs::create_dir_all(&dl).unwrap();
    std::fs::write(dl.join(".施工图纸.pdf.part"), &content[..300_000]).unwrap();
    let mut seen = Vec::new();
    let got = download_file(&api, &t.id, &t.files[0], &dl, &mut |d, _| seen.push(d)).await.unwrap();
    assert_eq!(std::fs::read(&got).unwrap(), content);
    assert_eq!(seen.first(), Some(&300_000), "resumed from the partial file");
    assert!(!dl.join(".施工图纸.pdf.part").exists());

    // The stored copy is altered on the server: the client refuses it and keeps nothing.
    std::fs::write(app.dir.path().join("data/tender-files").join(&sha), drawing(700_000).iter().map(|b| b ^ 1).collect::<Vec<_>>())
        .unwrap();
    let dl2 = app.dir.path().join("downloads2");
    let e = download_file(&api, &t.id, &t.files[0], &dl2, &mut |_, _| {}).await.unwrap_err();
    assert!(matches!(&e, ApiFailure::Refused("file.hash_mismatch", _)), "{e}");
    assert_eq!(std::fs::read_dir(&dl2).unwrap().count(), 0);
}
