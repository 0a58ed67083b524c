//! The payload STREAM (docs/spec/envelope-v1.md, "Payload"): 64 KiB plaintext
//! chunks, each sealed with AES-256-GCM under the nonce
//! `11-byte big-endian counter || last-chunk flag`. Truncation, reordering,
//! duplication and bit flips are all detected; memory is two chunk buffers
//! whatever the size.

use crate::error::SealError;
use crate::primitives::aead_key;
use ring::aead::{self, LessSafeKey};
use std::io::{self, Read, Write};
use zeroize::Zeroizing;

pub const CHUNK: usize = 64 * 1024;
pub const TAG: usize = 16;
pub const ENCRYPTED_CHUNK: usize = CHUNK + TAG;

fn nonce(counter: u64, last: bool) -> aead::Nonce {
    let mut n = [0u8; 12];
    n[3..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = last as u8;
    aead::Nonce::assume_unique_for_key(n)
}

/// Encrypts everything written to it. [`StreamWriter::finish`] must be called:
/// a stream that is dropped unfinished lacks its final chunk and every reader
/// rejects it as truncated.
pub struct StreamWriter<W: Write> {
    key: LessSafeKey,
    out: W,
    buf: Vec<u8>,
    counter: u64,
}

impl<W: Write> StreamWriter<W> {
    pub fn new(key: &Zeroizing<[u8; 32]>, out: W) -> Self {
        StreamWriter { key: aead_key(key), out, buf: Vec::with_capacity(ENCRYPTED_CHUNK), counter: 0 }
    }

    fn seal_chunk(&mut self, last: bool) -> io::Result<()> {
        let tag = self
            .key
            .seal_in_place_separate_tag(nonce(self.counter, last), aead::Aad::empty(), &mut self.buf)
            .map_err(|_| io::Error::other("AES-GCM seal failed"))?;
        self.buf.extend_from_slice(tag.as_ref());
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.counter = self.counter.checked_add(1).ok_or_else(|| io::Error::other("stream counter overflow"))?;
        Ok(())
    }

    /// Seals the final chunk and returns the inner writer (not flushed to disk).
    pub fn finish(mut self) -> io::Result<W> {
        self.seal_chunk(true)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Write for StreamWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut written = 0;
        while written < data.len() {
            if self.buf.len() == CHUNK {
                // More data follows, so the full chunk in hand is not the last.
                self.seal_chunk(false)?;
            }
            let take = (CHUNK - self.buf.len()).min(data.len() - written);
            self.buf.extend_from_slice(&data[written..written + take]);
            written += take;
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Decrypts and authenticates a STREAM. Errors surface as `io::Error`s carrying a
/// [`SealError`] (recover it with [`SealError::from_io`]). Each chunk is decrypted
/// in place in one buffer; nothing is copied twice.
pub struct StreamReader<R: Read> {
    key: LessSafeKey,
    inner: R,
    /// The current chunk: ciphertext, then its plaintext in `buf[..plain_len]`.
    buf: Zeroizing<Vec<u8>>,
    plain_len: usize,
    pos: usize,
    counter: u64,
    peeked: Option<u8>,
    done: bool,
}

impl<R: Read> StreamReader<R> {
    pub fn new(key: &Zeroizing<[u8; 32]>, inner: R) -> Self {
        StreamReader {
            key: aead_key(key),
            inner,
            buf: Zeroizing::new(vec![0u8; ENCRYPTED_CHUNK]),
            plain_len: 0,
            pos: 0,
            counter: 0,
            peeked: None,
            done: false,
        }
    }

    fn read_some(&mut self, at: usize) -> Result<usize, SealError> {
        loop {
            match self.inner.read(&mut self.buf[at..]) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(SealError::Io(e)),
            }
        }
    }

    fn next_chunk(&mut self) -> Result<(), SealError> {
        // Gather up to one encrypted chunk, plus one byte to learn whether more follows.
        self.buf.resize(ENCRYPTED_CHUNK, 0);
        let mut len = 0;
        if let Some(b) = self.peeked.take() {
            self.buf[0] = b;
            len = 1;
        }
        while len < ENCRYPTED_CHUNK {
            match self.read_some(len)? {
                0 => break,
                n => len += n,
            }
        }
        let last = if len < ENCRYPTED_CHUNK {
            true
        } else {
            let mut one = [0u8; 1];
            loop {
                match self.inner.read(&mut one) {
                    Ok(0) => break true,
                    Ok(_) => {
                        self.peeked = Some(one[0]);
                        break false;
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(SealError::Io(e)),
                }
            }
        };
        if len < TAG || (len == TAG && self.counter > 0) {
            // Only an empty payload may have an empty final chunk.
            return Err(SealError::Truncated);
        }
        // A full chunk at the very end may be a stream cut at a chunk boundary;
        // keep its ciphertext to tell that apart from corruption if it fails.
        let full_final = (last && len == ENCRYPTED_CHUNK).then(|| Zeroizing::new(self.buf[..len].to_vec()));
        match self.key.open_in_place(nonce(self.counter, last), aead::Aad::empty(), &mut self.buf[..len]) {
            Ok(p) => self.plain_len = p.len(),
            Err(_) => {
                if let Some(mut ct) = full_final
                    && self.key.open_in_place(nonce(self.counter, false), aead::Aad::empty(), &mut ct[..]).is_ok()
                {
                    return Err(SealError::Truncated);
                }
                return Err(SealError::CorruptChunk { chunk: self.counter });
            }
        }
        self.pos = 0;
        self.counter += 1;
        self.done = last;
        Ok(())
    }
}

impl<R: Read> Read for StreamReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.plain_len {
            if self.done {
                return Ok(0);
            }
            self.next_chunk().map_err(SealError::into_io)?;
        }
        let n = (self.plain_len - self.pos).min(out.len());
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Zeroizing<[u8; 32]> {
        Zeroizing::new([7u8; 32])
    }

    fn seal(data: &[u8]) -> Vec<u8> {
        let mut w = StreamWriter::new(&key(), Vec::new());
        // Write in odd pieces to exercise buffering.
        for piece in data.chunks(10_007) {
            w.write_all(piece).unwrap();
        }
        w.finish().unwrap()
    }

    fn open(ct: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut r = StreamReader::new(&key(), ct);
        let mut out = Vec::new();
        r.read_to_end(&mut out).map_err(SealError::from_io)?;
        Ok(out)
    }

    #[test]
    fn round_trips_at_and_around_chunk_boundaries() {
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5] {
            let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let ct = seal(&data);
            assert_eq!(ct.len(), len + TAG * len.div_ceil(CHUNK).max(1), "len {len}");
            assert_eq!(open(&ct).unwrap(), data, "len {len}");
        }
    }

    #[test]
    fn truncation_at_a_chunk_boundary_is_detected() {
        let data = vec![1u8; 3 * CHUNK + 5];
        let ct = seal(&data);
        for cut in [ENCRYPTED_CHUNK, 2 * ENCRYPTED_CHUNK, 3 * ENCRYPTED_CHUNK] {
            assert!(matches!(open(&ct[..cut]), Err(SealError::Truncated)), "cut {cut}");
        }
        for cut in [0, 5, TAG, ENCRYPTED_CHUNK + 1, ct.len() - 1] {
            assert!(open(&ct[..cut]).is_err(), "cut {cut}");
        }
    }

    #[test]
    fn reordered_duplicated_and_appended_chunks_are_detected() {
        let data = vec![9u8; 3 * CHUNK + 5];
        let ct = seal(&data);
        let c = |i: usize| &ct[i * ENCRYPTED_CHUNK..((i + 1) * ENCRYPTED_CHUNK).min(ct.len())];
        let swapped = [c(1), c(0), c(2), c(3)].concat();
        assert!(matches!(open(&swapped), Err(SealError::CorruptChunk { chunk: 0 })));
        let duplicated = [c(0), c(0), c(1), c(2), c(3)].concat();
        assert!(matches!(open(&duplicated), Err(SealError::CorruptChunk { chunk: 1 })));
        let appended = [&ct[..], &[0u8][..]].concat();
        assert!(open(&appended).is_err());
    }
}
