//! The machine fingerprint recorded in every bid manifest (docs/domain.md, collusion
//! signals; the national data exchange's bid-tool record): CPU, disk, network
//! MAC and OS install id, each read separately. Only keyed hashes of these values
//! enter a manifest (see `tenderbox_seal::package::machine_hashes`).

/// This installation of the tool (the desktop app and the command line share a data folder
/// and so an installation): a random id made at first use and kept in `home`. Two bids that
/// carry the same one were produced by the same installation.
pub fn installation_id(home: &std::path::Path) -> std::io::Result<String> {
    let path = home.join("installation-id");
    if let Ok(s) = std::fs::read_to_string(&path) {
        let s = s.trim();
        if s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(s.to_string());
        }
    }
    let mut b = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut b).map_err(|_| std::io::Error::other("no randomness"))?;
    let id = hex::encode(b);
    std::fs::create_dir_all(home)?;
    crate::files::write_atomic(&path, id.as_bytes(), false)?;
    Ok(id)
}

/// `(kind, raw value)` pairs for the components this OS exposes; a component
/// that cannot be read is left out rather than guessed.
pub fn collect() -> Vec<(String, String)> {
    let mut out = Vec::new();
    #[cfg(target_os = "linux")]
    {
        use std::fs;
        if let Ok(info) = fs::read_to_string("/proc/cpuinfo") {
            let model =
                info.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_string());
            let count = info.lines().filter(|l| l.starts_with("processor")).count();
            if let Some(m) = model {
                out.push(("cpu".to_string(), format!("{m} x{count}")));
            }
        }
        if let Ok(rd) = fs::read_dir("/sys/block") {
            let mut ids: Vec<String> = rd
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with("loop") && !e.file_name().to_string_lossy().starts_with("ram"))
                .filter_map(|e| {
                    ["device/serial", "device/wwid", "serial", "device/vpd_pg80"]
                        .iter()
                        .find_map(|f| fs::read_to_string(e.path().join(f)).ok().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
                        .or_else(|| {
                            fs::read_to_string(e.path().join("size"))
                                .ok()
                                .map(|s| format!("{}:{}", e.file_name().to_string_lossy(), s.trim()))
                        })
                })
                .collect();
            ids.sort();
            if let Some(first) = ids.into_iter().next() {
                out.push(("disk".to_string(), first));
            }
        }
        if let Ok(rd) = fs::read_dir("/sys/class/net") {
            let mut macs: Vec<String> = rd
                .flatten()
                .filter(|e| e.file_name() != "lo")
                .filter_map(|e| fs::read_to_string(e.path().join("address")).ok())
                .map(|s| s.trim().to_string())
                .filter(|m| !m.is_empty() && m != "00:00:00:00:00:00")
                .collect();
            macs.sort();
            if let Some(m) = macs.into_iter().next() {
                out.push(("mac".to_string(), m));
            }
        }
        if let Some(id) = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
            .iter()
            .find_map(|p| fs::read_to_string(p).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
        {
            out.push(("os_install".to_string(), id));
        }
    }
    out
}
