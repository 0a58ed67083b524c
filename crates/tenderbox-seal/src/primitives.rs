//! Thin wrappers over ring's HKDF, AES-256-GCM and HMAC, with fixed lengths.

use ring::{aead, hkdf, hmac};
use zeroize::Zeroizing;

struct Len(usize);
impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-SHA-256 to 32 bytes.
pub(crate) fn hkdf32(ikm: &[u8], salt: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let mut out = Zeroizing::new([0u8; 32]);
    prk.expand(&[info], Len(32)).and_then(|okm| okm.fill(&mut out[..])).expect("32 bytes is a valid HKDF-SHA-256 output length");
    out
}

pub(crate) fn aead_key(key: &[u8; 32]) -> aead::LessSafeKey {
    aead::LessSafeKey::new(aead::UnboundKey::new(&aead::AES_256_GCM, key).expect("32-byte AES-256 key"))
}

/// Wraps a 32-byte secret under a single-use key (zero nonce): 48 bytes out.
pub(crate) fn wrap32(wrap_key: &[u8; 32], aad: &[u8], secret: &[u8; 32]) -> [u8; 48] {
    let key = aead_key(wrap_key);
    let mut buf = [0u8; 48];
    buf[..32].copy_from_slice(secret);
    let tag = key
        .seal_in_place_separate_tag(aead::Nonce::assume_unique_for_key([0; 12]), aead::Aad::from(aad), &mut buf[..32])
        .expect("sealing 32 bytes cannot fail");
    buf[32..].copy_from_slice(tag.as_ref());
    buf
}

/// Opens what [`wrap32`] made; `None` if the key or data is wrong.
pub(crate) fn unwrap32(wrap_key: &[u8; 32], aad: &[u8], body: &[u8]) -> Option<Zeroizing<[u8; 32]>> {
    if body.len() != 48 {
        return None;
    }
    let key = aead_key(wrap_key);
    let mut buf = Zeroizing::new([0u8; 48]);
    buf.copy_from_slice(body);
    let pt = key.open_in_place(aead::Nonce::assume_unique_for_key([0; 12]), aead::Aad::from(aad), &mut buf[..]).ok()?;
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(pt);
    Some(out)
}

pub(crate) fn hmac_sha256(key: &[u8], data: &[&[u8]]) -> [u8; 32] {
    let k = hmac::Key::new(hmac::HMAC_SHA256, key);
    let mut ctx = hmac::Context::with_key(&k);
    for d in data {
        ctx.update(d);
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.sign().as_ref());
    out
}

pub(crate) fn hmac_sha256_verify(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    hmac::verify(&hmac::Key::new(hmac::HMAC_SHA256, key), data, tag).is_ok()
}

pub(crate) fn sha512(parts: &[&[u8]]) -> [u8; 64] {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA512);
    for p in parts {
        ctx.update(p);
    }
    let mut out = [0u8; 64];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

pub(crate) fn b64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

pub(crate) fn unb64(s: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).ok()
}

pub(crate) fn unb64_32(s: &str) -> Option<[u8; 32]> {
    unb64(s)?.try_into().ok()
}

const HASH_BLOCK: usize = 1 << 20;
const HASH_BUFFERS: usize = 3;

fn read_full(r: &mut dyn std::io::Read, buf: &mut [u8]) -> Result<usize, crate::SealError> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(crate::SealError::from_io(e)),
        }
    }
    Ok(n)
}

/// Streams up to `limit` bytes from `r` into `sink` while a helper thread
/// computes their SHA-256, so hashing on one core overlaps with encryption or
/// decryption on the other. Returns the bytes streamed (less than `limit` only
/// at end of input) and the digest. At most three 1 MiB buffers are in use.
pub(crate) fn stream_hashed(
    r: &mut dyn std::io::Read,
    limit: u64,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), crate::SealError>,
) -> Result<(u64, [u8; 32]), crate::SealError> {
    use std::collections::VecDeque;
    use std::sync::Arc;
    use std::sync::mpsc::{channel, sync_channel};
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<(Arc<Vec<u8>>, usize)>(HASH_BUFFERS);
        let (done_tx, done_rx) = channel::<()>();
        let hasher = s.spawn(move || {
            let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
            for (block, n) in rx {
                ctx.update(&block[..n]);
                drop(block);
                let _ = done_tx.send(());
            }
            ctx.finish()
        });
        let streamed = (move || -> Result<u64, crate::SealError> {
            let mut in_flight: VecDeque<Arc<Vec<u8>>> = VecDeque::new();
            let mut total = 0u64;
            while total < limit {
                let mut block = if in_flight.len() < HASH_BUFFERS {
                    Arc::new(vec![0u8; HASH_BLOCK])
                } else {
                    // The hasher works in order: once it reports a block done,
                    // the oldest buffer is ours alone again.
                    done_rx.recv().map_err(|_| crate::SealError::Io(std::io::Error::other("hashing thread stopped")))?;
                    in_flight.pop_front().expect("non-empty")
                };
                let want = (limit - total).min(HASH_BLOCK as u64) as usize;
                let n = read_full(r, &mut Arc::get_mut(&mut block).expect("buffer released by the hasher")[..want])?;
                if n == 0 {
                    break;
                }
                tx.send((Arc::clone(&block), n)).map_err(|_| crate::SealError::Io(std::io::Error::other("hashing thread stopped")))?;
                sink(&block[..n])?;
                in_flight.push_back(block);
                total += n as u64;
                if n < want {
                    break;
                }
            }
            Ok(total)
        })();
        let digest = hasher.join().expect("hashing thread panicked");
        let total = streamed?;
        Ok((total, digest.as_ref().try_into().expect("32 bytes")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_hashed_matches_a_plain_sha256_at_every_boundary() {
        for len in [0usize, 1, HASH_BLOCK - 1, HASH_BLOCK, HASH_BLOCK + 1, 4 * HASH_BLOCK + 7] {
            let data: Vec<u8> = (0..len).map(|i| (i * 13 % 256) as u8).collect();
            let mut out = Vec::new();
            let (n, d) = stream_hashed(&mut &data[..], u64::MAX, &mut |b| {
                out.extend_from_slice(b);
                Ok(())
            })
            .unwrap();
            assert_eq!(n as usize, len);
            assert_eq!(out, data);
            assert_eq!(&d[..], ring::digest::digest(&ring::digest::SHA256, &data).as_ref());
            // With a limit, exactly that many bytes are taken.
            let (n, _) = stream_hashed(&mut &data[..], (len / 2) as u64, &mut |_| Ok(())).unwrap();
            assert_eq!(n as usize, len / 2);
        }
    }
}
