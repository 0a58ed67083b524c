//! `tenderbox bench credit`: what the credit check costs where a bid goes in. A real
//! `tenderbox-server` process on loopback (as `bench surge`); upload creation — which
//! checks the bidder against the credit library — is timed for fresh bidders with an
//! empty library, then again after the library holds RECORDS records (imported through
//! the API in signed batches, each bidder with records of its own that do not bar it, so
//! the rules run over real rows), and the refusal of a barred bidder. The difference of
//! the two p99s is what the check adds. Figures, not assertions (docs/benchmarks.md).

use crate::surge::ServerProc;
use crate::ui::{Failure, Result};
use std::fmt::Write as _;
use std::time::Instant;
use tenderbox_client::api::Api;
use tenderbox_core::credit::{COLUMNS, CREDIT_FORMAT, CreditImport};
use tenderbox_core::tender::TenderDocument;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::{Uscc, check_char};
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::signed::sign;
use tenderbox_wire::{CreateUpload, CreditImportRequest, Role};

/// Rows per signed import (the server's limit is 200,000).
const BATCH: usize = 200_000;
/// Unfinished uploads one bidder may hold (the server's limit).
const PER_BIDDER: usize = 8;

fn uscc(prefix: &str, n: usize) -> String {
    let first = format!("{prefix}{n:09}");
    format!("{first}{}", check_char(&first).expect("digits"))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn run(records: usize, bidders: usize, json: bool) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new("runtime", e.to_string()))?;
    rt.block_on(bench(records, bidders, json))
}

struct Person {
    public: PublicIdentity,
    secret: SecretIdentity,
    api: Api,
}

async fn person(url: &str, admin: &Api, name: &str, code: &str, role: Role, ent: &SystemEntropy, now: Timestamp) -> Result<Person> {
    let secret = SecretIdentity::generate(ent);
    let public = PublicIdentity::new(&secret, name, Uscc::parse(code).map_err(|e| Failure::new("bench", e.to_string()))?, now)?;
    let rec = Api::new(url).register(&public, &[role]).await?;
    admin.approve_identity(&rec.id).await?;
    let mut api = Api::new(url);
    api.login(&public, &secret).await?;
    Ok(Person { public, secret, api })
}

/// Times upload creation for each bidder, `PER_BIDDER` times each; milliseconds, sorted.
async fn time_creation(people: &[Person], tender: &str, expect_refusal: bool) -> Result<Vec<f64>> {
    let mut times = Vec::new();
    for p in people {
        for k in 0..PER_BIDDER {
            let sha = hex::encode(tenderbox_core::sha256(format!("{}-{k}", p.public.uscc).as_bytes()));
            let req = CreateUpload::sign(tender, &sha, 1000, None, &p.secret);
            let t = Instant::now();
            let r = p.api.create_upload(tender, &req).await;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            match (r, expect_refusal) {
                (Ok(_), false) => {}
                (Err(e), true) if e.code() == "credit.barred_bidder" => break,
                (r, _) => return Err(Failure::new("bench", format!("upload creation for {}: unexpected {r:?}", p.public.uscc))),
            }
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(times)
}

async fn bench(records: usize, bidders: usize, json: bool) -> Result<()> {
    let work = tempfile::Builder::new().prefix("tenderbox-credit-").tempdir()?;
    let ent = SystemEntropy::new();
    let now = crate::ui::now();
    let admin = SecretIdentity::generate(&ent);
    let admin_doc = PublicIdentity::new(&admin, "centre-admin", Uscc::parse("91350100M000100Y43").expect("valid"), now)?;
    let admin_file = work.path().join("admin.json");
    std::fs::write(&admin_file, serde_json::to_vec(&admin_doc).expect("json"))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let server = ServerProc::spawn(&work.path().join("server-data"), &admin_file, None, port)?;
    let url = server.url();
    let mut admin_api = Api::new(&url);
    admin_api.login(&admin_doc, &admin).await?;
    eprintln!("setup: server on {url}; registering {} bidders", 2 * bidders + 1);
    let sup = person(&url, &admin_api, "湖州市公共资源交易监督管理办公室", "11330500MB1957366U", Role::Supervisor, &ent, now).await?;
    let agency = person(&url, &admin_api, "浙江湖信工程咨询有限公司", "91350200MA31E12PXF", Role::Agency, &ent, now).await?;
    let mut t = TenderDocument::example(now);
    t.deadline = now.plus_seconds(3 * 3600);
    t.opening_at = t.deadline;
    agency.api.publish(&agency.secret, &t, false).await?;
    let mut before = Vec::new();
    let mut after = Vec::new();
    for i in 0..bidders {
        before.push(person(&url, &admin_api, &format!("投标人甲{i:04}"), &uscc("91330500", i), Role::Bidder, &ent, now).await?);
        after.push(person(&url, &admin_api, &format!("投标人乙{i:04}"), &uscc("91330500", 500_000 + i), Role::Bidder, &ent, now).await?);
    }
    let barred = person(&url, &admin_api, "失信投标人", &uscc("91330500", 999_999), Role::Bidder, &ent, now).await?;

    // Empty library.
    let empty = time_creation(&before, &t.id, false).await?;

    // The library: RECORDS rows over many subjects; each later bidder with three records
    // that do not bar it from this tender (another type, another centre, information only),
    // and one serious record that bars the last bidder.
    eprintln!("setup: importing {records} credit records in batches of {BATCH}");
    let import_start = Instant::now();
    let mut made = 0usize;
    let mut batch_no = 0;
    while made < records {
        let n = (records - made).min(BATCH);
        let mut csv = COLUMNS.join(",") + "\n";
        for k in made..made + n {
            let (subject, centres, types, bars) = match k {
                k if k < 3 * bidders => (
                    after[k / 3].public.uscc.to_string(),
                    ["HZ-AJ", "", ""][k % 3],
                    ["", "政府采购", ""][k % 3],
                    ["投标", "投标", ""][k % 3],
                ),
                k if k == 3 * bidders => (barred.public.uscc.to_string(), "", "", "投标"),
                k => (uscc("91330521", k), "", "", if k % 3 == 0 { "投标" } else { "" }),
            };
            let _ = writeln!(
                csv,
                "entity,{subject},湖州某某公司{k},严重失信,失信被执行人,湖州市中级人民法院,（2026）浙05执{k}号,法〔2016〕285号,2026-01-01,2028-12-31,{types},{centres},{bars}"
            );
        }
        let doc = CreditImport {
            format: CREDIT_FORMAT,
            sha256: hex::encode(tenderbox_core::sha256(csv.as_bytes())),
            rows: n as u64,
            origin: format!("bench batch {batch_no}"),
            entered_at: now,
        };
        let signed = sign(doc, &tenderbox_wire::identity_id(&sup.public.signing_key), &sup.secret)?;
        let t0 = Instant::now();
        let r = sup.api.credit_import(&CreditImportRequest { import: signed, csv }).await?;
        eprintln!("  batch {batch_no}: {} rows in {:.1} s", r.imported, t0.elapsed().as_secs_f64());
        made += n;
        batch_no += 1;
    }
    let import_s = import_start.elapsed().as_secs_f64();

    let loaded = time_creation(&after, &t.id, false).await?;
    let refused = time_creation(std::slice::from_ref(&barred), &t.id, true).await?;
    let db_mib =
        std::fs::metadata(work.path().join("server-data").join("tenderbox.sqlite3")).map(|m| m.len() as f64 / 1048576.0).unwrap_or(0.0);

    let (p50a, p99a) = (percentile(&empty, 0.5), percentile(&empty, 0.99));
    let (p50b, p99b) = (percentile(&loaded, 0.5), percentile(&loaded, 0.99));
    let added = p99b - p99a;
    if json {
        println!(
            "{}",
            serde_json::json!({
                "records": records, "requests_per_phase": empty.len(),
                "empty_p50_ms": p50a, "empty_p99_ms": p99a,
                "loaded_p50_ms": p50b, "loaded_p99_ms": p99b,
                "added_p99_ms": added, "refusal_ms": refused.first(),
                "import_seconds": import_s, "import_rows_per_second": records as f64 / import_s, "database_mib": db_mib,
            })
        );
    } else {
        println!("credit check at upload creation, {} creations per phase ({bidders} bidders × {PER_BIDDER})", empty.len());
        println!("  empty library          p50 {p50a:7.2} ms   p99 {p99a:7.2} ms");
        println!("  {records:>9} records    p50 {p50b:7.2} ms   p99 {p99b:7.2} ms");
        println!("  added by the check     p99 {added:+7.2} ms  (target < 5 ms)   ratio {:.2}×", p99b / p99a.max(1e-9));
        println!("  a barred bidder's refusal (record cited)  {:.2} ms", refused.first().copied().unwrap_or(0.0));
        println!("  import: {records} rows in {import_s:.1} s ({:.0} rows/s); database {db_mib:.0} MiB", records as f64 / import_s);
    }
    drop(server);
    Ok(())
}
