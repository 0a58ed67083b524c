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
    prk.expand(&[info], Len(32))
        .and_then(|okm| okm.fill(&mut out[..]))
        .expect("32 bytes is a valid HKDF-SHA-256 output length");
    out
}

pub(crate) fn aead_key(key: &[u8; 32]) -> aead::LessSafeKey {
    aead::LessSafeKey::new(
        aead::UnboundKey::new(&aead::AES_256_GCM, key).expect("32-byte AES-256 key"),
    )
}

/// Wraps a 32-byte secret under a single-use key (zero nonce): 48 bytes out.
pub(crate) fn wrap32(wrap_key: &[u8; 32], aad: &[u8], secret: &[u8; 32]) -> [u8; 48] {
    let key = aead_key(wrap_key);
    let mut buf = [0u8; 48];
    buf[..32].copy_from_slice(secret);
    let tag = key
        .seal_in_place_separate_tag(
            aead::Nonce::assume_unique_for_key([0; 12]),
            aead::Aad::from(aad),
            &mut buf[..32],
        )
        .expect("sealing 32 bytes cannot fail");
    buf[32..].copy_from_slice(tag.as_ref());
    buf
}

/// Opens what [`wrap32`] made; `None` if the key or data is wrong.
pub(crate) fn unwrap32(
    wrap_key: &[u8; 32],
    aad: &[u8],
    body: &[u8],
) -> Option<Zeroizing<[u8; 32]>> {
    if body.len() != 48 {
        return None;
    }
    let key = aead_key(wrap_key);
    let mut buf = Zeroizing::new([0u8; 48]);
    buf.copy_from_slice(body);
    let pt = key
        .open_in_place(
            aead::Nonce::assume_unique_for_key([0; 12]),
            aead::Aad::from(aad),
            &mut buf[..],
        )
        .ok()?;
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
