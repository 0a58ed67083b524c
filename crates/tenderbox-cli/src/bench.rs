//! `tenderbox bench seal`: seal and open a bid of a given size through the same
//! code the app uses (files in, files out, fsync included), and measure in the
//! same run raw SHA-256 and raw AES-256-GCM from ring over the same number of
//! bytes, to compare with the single-pass limit 1 / (1/SHA + 1/AES).

use crate::cli::BenchCmd;
use crate::ui::{self, Failure, Result};
use ring::aead;
use std::io::Write;
use std::time::Instant;
use tenderbox_client::draft::Draft;
use tenderbox_client::sealing::{open_to_dir, seal_draft};
use tenderbox_core::tender::TenderDocument;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::bid::{AttachmentSource, Opener, SealRequest, open_bid, seal_bid};
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::package::DiscardSink;
use tenderbox_seal::{Entropy, SystemEntropy};

const MB: f64 = 1_000_000.0;

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn write_data(path: &std::path::Path, size: u64) -> std::io::Result<()> {
    let mut buf = vec![0u8; 1 << 20];
    SystemEntropy::new().fill(&mut buf);
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut left = size;
    let mut i = 0u64;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        buf[..8].copy_from_slice(&i.to_le_bytes());
        f.write_all(&buf[..n])?;
        left -= n as u64;
        i += 1;
    }
    f.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// Writes `total` bytes to a new file and fsyncs it: the I/O ceiling.
fn raw_write(path: &std::path::Path, total: u64) -> std::io::Result<f64> {
    let buf = vec![0xa5u8; 1 << 20];
    let t = Instant::now();
    let mut f = std::fs::File::create(path)?;
    let mut left = total;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        f.write_all(&buf[..n])?;
        left -= n as u64;
    }
    f.sync_all()?;
    let secs = t.elapsed().as_secs_f64();
    drop(f);
    std::fs::remove_file(path)?;
    Ok(total as f64 / secs)
}

/// Raw primitive throughput over `total` bytes, in 16 MiB passes over one buffer.
fn raw_sha256(total: u64) -> f64 {
    let buf = vec![0x5au8; 16 << 20];
    let t = Instant::now();
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    let mut left = total;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        ctx.update(&buf[..n]);
        left -= n as u64;
    }
    std::hint::black_box(ctx.finish());
    total as f64 / t.elapsed().as_secs_f64()
}

fn raw_aes_gcm(total: u64) -> f64 {
    let key = aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_256_GCM, &[7u8; 32]).expect("key"));
    let mut buf = vec![0x5au8; 16 << 20];
    let t = Instant::now();
    let mut left = total;
    let mut counter = 0u64;
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        for chunk in buf[..n].chunks_mut(64 * 1024) {
            let mut nonce = [0u8; 12];
            nonce[3..11].copy_from_slice(&counter.to_be_bytes());
            counter += 1;
            let tag = key.seal_in_place_separate_tag(aead::Nonce::assume_unique_for_key(nonce), aead::Aad::empty(), chunk).expect("seal");
            let _ = std::hint::black_box(tag);
        }
        left -= n as u64;
    }
    total as f64 / t.elapsed().as_secs_f64()
}

pub fn run(cmd: BenchCmd, json: bool) -> Result<()> {
    let (size, dir) = match cmd {
        BenchCmd::Seal { size, dir } => (size, dir),
        BenchCmd::Draw { experts, draws } => return crate::draw_bench::run(experts, draws, json),
        BenchCmd::Auction { bidders, seconds, think_min_ms, think_max_ms, kill_at, database } => {
            let think_ms = (think_min_ms.min(think_max_ms), think_max_ms.max(think_min_ms));
            return crate::auction_bench::run(crate::auction_bench::Plan { bidders, seconds, think_ms, kill_at, database }, json);
        }
        BenchCmd::Collusion { bids, files } => return crate::collusion_bench::run(bids, files, json),
        BenchCmd::Credit { records, bidders } => return crate::credit_bench::run(records, bidders, json),
        BenchCmd::Surge { bidders, size, concurrency, database, kill_after, dir, readers, read_seconds, think_ms, catalogue } => {
            return crate::surge::run(
                crate::surge::Plan { bidders, size, concurrency, database, kill_after, dir, readers, read_seconds, think_ms, catalogue },
                json,
            );
        }
    };
    let base = dir.unwrap_or_else(std::env::temp_dir);
    let tmp = tempfile::Builder::new().prefix("tenderbox-bench-").tempdir_in(&base)?;
    if !json {
        eprintln!("Preparing a {size}-byte attachment in {} ...", tmp.path().display());
    }
    let data = tmp.path().join("plan.bin");
    write_data(&data, size)?;
    let small = tmp.path().join("small.pdf");
    std::fs::write(&small, b"%PDF-1.4 bench")?;

    let now = ui::now();
    let tender = TenderDocument::example(now);
    let mut d = Draft::init(tender, &tmp.path().join("draft"))?;
    d.set_price("L1", "11250000.00")?;
    d.set_duration("L1", 240)?;
    d.set_quality("L1", "合格")?;
    for (item, text) in [("Q1", "投标函"), ("T1", "施工组织设计"), ("T2", "项目管理机构")] {
        d.respond("L1", item, text)?;
    }
    d.attach(&small, Some("licence.pdf"), "L1", "Q2")?;
    d.attach(&small, Some("contracts.pdf"), "L1", "T3")?;
    // The big file goes into the draft by hard link (a copy where links are not
    // possible), so preparing the bench does not double the disk traffic.
    std::fs::hard_link(&data, d.dir.join("files/plan.bin")).or_else(|_| std::fs::copy(&data, d.dir.join("files/plan.bin")).map(|_| ()))?;
    d.bid.attachments.push(tenderbox_core::bid::DraftAttachment { name: "plan.bin".into(), file: "files/plan.bin".into() });
    d.bid.response_mut("L1", "T1").expect("item").attachments.push("plan.bin".into());
    let ent = SystemEntropy::new();
    let secret = SecretIdentity::generate(&ent);
    let public = PublicIdentity::new(&secret, "bench", Uscc::parse("91350100M000100Y43").expect("valid"), now)?;
    let sealed_path = tmp.path().join("bid.tbx");

    let t = Instant::now();
    let sealed = seal_draft(&d, Default::default(), (&public, &secret), &sealed_path, now, &ent, &mut |_, _| {})?;
    let seal_s = t.elapsed().as_secs_f64();
    let rss_after_seal = peak_rss_kib();

    let out = tmp.path().join("opened");
    let t = Instant::now();
    let (_, opened) = open_to_dir(&sealed_path, Opener::Bidder(&secret), &out, Some(&secret.signing_public()), &mut |_| {})?;
    let open_s = t.elapsed().as_secs_f64();
    let rss_after_open = peak_rss_kib();
    if opened.manifest.attachments.iter().map(|a| a.size).sum::<u64>() < size {
        return Err(Failure::new("bench.mismatch", "opened bid is smaller than sealed"));
    }

    // The same seal and open, without the output files: what the code costs
    // on top of the primitives, apart from this machine's page-cache writes.
    let sources = d
        .bid
        .attachments
        .iter()
        .map(|a| {
            let f = std::fs::File::open(d.attachment_path(a))?;
            let n = f.metadata()?.len();
            Ok(AttachmentSource { name: a.name.clone(), size: n, reader: Box::new(std::io::BufReader::with_capacity(1 << 20, f)) })
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    let req = SealRequest {
        tender: &d.tender,
        draft: &d.bid,
        identity: &public,
        secret: &secret,
        machine: &[],
        supervisors: &[],
        finalised_at: now,
        tool_version: "bench",
        omit_optional_committee: false,
    };
    let t = Instant::now();
    seal_bid(std::io::sink(), &req, sources, &ent, &mut |_, _| {})?;
    let seal_mem_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let f = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(&sealed_path)?);
    open_bid(f, Opener::Bidder(&secret), &mut DiscardSink, Some(&secret.signing_public()), &mut |_| {})?;
    let open_mem_s = t.elapsed().as_secs_f64();
    let rss_after_all = peak_rss_kib();

    // This machine's ceiling for writing a new file of that size (fsync included).
    let write = raw_write(&tmp.path().join("write-test.bin"), size)?;

    let sha = raw_sha256(size);
    let aes = raw_aes_gcm(size);
    let limit = 1.0 / (1.0 / sha + 1.0 / aes);
    let seal = size as f64 / seal_s;
    let open = size as f64 / open_s;
    let seal_mem = size as f64 / seal_mem_s;
    let open_mem = size as f64 / open_mem_s;
    let io_limit = 1.0 / (1.0 / sha + 1.0 / aes + 1.0 / write);
    let report = serde_json::json!({
        "size_bytes": size,
        "sealed_bytes": sealed.size,
        "dir": base,
        "seal_mb_s": (seal / MB).round(),
        "open_mb_s": (open / MB).round(),
        "raw_sha256_mb_s": (sha / MB).round(),
        "raw_aes256gcm_mb_s": (aes / MB).round(),
        "single_pass_limit_mb_s": (limit / MB).round(),
        "seal_compute_mb_s": (seal_mem / MB).round(),
        "open_compute_mb_s": (open_mem / MB).round(),
        "raw_new_file_write_mb_s": (write / MB).round(),
        "seal_compute_vs_limit": (seal_mem / limit * 1000.0).round() / 1000.0,
        "open_compute_vs_limit": (open_mem / limit * 1000.0).round() / 1000.0,
        "seal_files_vs_limit_with_write": (seal / io_limit * 1000.0).round() / 1000.0,
        "open_files_vs_limit_with_write": (open / io_limit * 1000.0).round() / 1000.0,
        "peak_rss_mib_seal": rss_after_seal.map(|k| k / 1024),
        "peak_rss_mib_seal_and_open": rss_after_open.map(|k| k / 1024),
        "peak_rss_mib_all_seal_open_runs": rss_after_all.map(|k| k / 1024),
    });
    if json {
        ui::print_json(&report);
    } else {
        println!(
            "size                     {size} bytes ({:.2} GiB), sealed file {} bytes, in {}",
            size as f64 / (1u64 << 30) as f64,
            sealed.size,
            base.display()
        );
        println!("-- the crypto pipeline (files read from page cache, output not written) --");
        println!("seal                     {:>8.0} MB/s", seal_mem / MB);
        println!("open                     {:>8.0} MB/s", open_mem / MB);
        println!("raw SHA-256              {:>8.0} MB/s", sha / MB);
        println!("raw AES-256-GCM          {:>8.0} MB/s", aes / MB);
        println!("single-pass limit        {:>8.0} MB/s  = 1/(1/SHA + 1/AES)", limit / MB);
        println!("seal / limit             {:>8.3}", seal_mem / limit);
        println!("open / limit             {:>8.3}", open_mem / limit);
        println!("-- end to end, file to file, fsync included --");
        println!("seal                     {:>8.0} MB/s  ({:.2} s)", seal / MB, seal_s);
        println!("open                     {:>8.0} MB/s  ({:.2} s)", open / MB, open_s);
        println!("raw new-file write       {:>8.0} MB/s  (this machine's page cache + disk)", write / MB);
        println!("limit with write         {:>8.0} MB/s  = 1/(1/SHA + 1/AES + 1/write)", io_limit / MB);
        println!("seal / limit with write  {:>8.3}", seal / io_limit);
        println!("open / limit with write  {:>8.3}", open / io_limit);
        match rss_after_all {
            Some(a) => println!("peak RSS                 {:>8} MiB (whole process, all seal and open runs)", a / 1024),
            None => println!("peak RSS                 unavailable on this OS"),
        }
    }
    Ok(())
}
