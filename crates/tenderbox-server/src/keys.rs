//! The server's Ed25519 key: signs log checkpoints, identity certificates and
//! bid receipts. Created on first start in the data folder with 0600 permissions.

use std::io::Write;
use std::path::Path;
use tenderbox_seal::checkpoint::NoteSigner;
use zeroize::Zeroizing;

pub fn load_or_create(path: &Path, origin: &str) -> std::io::Result<(NoteSigner, Zeroizing<[u8; 32]>)> {
    let seed = if path.exists() {
        let raw = Zeroizing::new(std::fs::read(path)?);
        let hexed = std::str::from_utf8(&raw).map_err(|_| std::io::Error::other("server key file is not text"))?.trim().to_string();
        let bytes = Zeroizing::new(hex::decode(hexed).map_err(|_| std::io::Error::other("server key file is not hex"))?);
        let arr: [u8; 32] = bytes.as_slice().try_into().map_err(|_| std::io::Error::other("server key is not 32 bytes"))?;
        Zeroizing::new(arr)
    } else {
        let mut s = Zeroizing::new([0u8; 32]);
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut s[..])
            .map_err(|_| std::io::Error::other("OS random failed"))?;
        let tmp = path.with_extension("tmp");
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let mut f = o.open(&tmp)?;
        f.write_all(Zeroizing::new(hex::encode(&s[..])).as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        s
    };
    let signer = NoteSigner::new(origin, &seed).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok((signer, seed))
}

/// Writes the public log key to `path` (temporary file, fsync, rename), for the
/// trading centre to publish and installers to configure.
pub fn write_public(path: &Path, verifier_key: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(format!("{verifier_key}\n").as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}
