//! Atomic file writes: write a temporary file beside the target, fsync it, rename
//! it over the target, fsync the folder. A crash leaves the old file or the new
//! one, never half of either.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

fn temp_path(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let mut r = [0u8; 6];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut r).expect("OS random");
    target.with_file_name(format!(".{name}.tmp-{}", hex::encode(r)))
}

/// A file being written; becomes visible at `target` only on [`AtomicFile::commit`].
/// Dropped without commit, the temporary file is removed.
pub struct AtomicFile {
    file: Option<File>,
    tmp: PathBuf,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path, private: bool) -> io::Result<Self> {
        let tmp = temp_path(target);
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let file = o.open(&tmp)?;
        Ok(AtomicFile { file: Some(file), tmp, target: target.to_path_buf() })
    }

    pub fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("not committed")
    }

    /// Flushes to disk and renames into place.
    pub fn commit(mut self) -> io::Result<()> {
        let f = self.file.take().expect("not committed");
        f.sync_all()?;
        drop(f);
        fs::rename(&self.tmp, &self.target)?;
        sync_dir(self.target.parent().unwrap_or(Path::new(".")));
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.file().write(b)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.is_some() {
            self.file = None;
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `data` to `target` atomically.
pub fn write_atomic(target: &Path, data: &[u8], private: bool) -> io::Result<()> {
    let mut f = AtomicFile::create(target, private)?;
    f.write_all(data)?;
    f.commit()
}

/// Makes a rename durable (best effort where folders cannot be opened).
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_file_leaves_no_trace_and_commit_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.txt");
        write_atomic(&p, b"old", false).unwrap();
        {
            let mut f = AtomicFile::create(&p, false).unwrap();
            f.write_all(b"half").unwrap();
        }
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
        write_atomic(&p, b"new", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new");
    }
}

/// A writer that hands full buffers to a background thread, so encryption on
/// one core overlaps with the kernel copying into the page cache on another.
/// Memory is bounded: at most `depth` buffers of `buf_size` bytes are in flight.
/// `flush` waits until everything written so far reached the inner writer;
/// [`PipeWriter::finish`] returns the inner writer (or the first write error).
pub struct PipeWriter<W: Write + Send + 'static> {
    tx: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    recycle: std::sync::mpsc::Receiver<Vec<u8>>,
    acks: std::sync::mpsc::Receiver<io::Result<()>>,
    buf: Vec<u8>,
    buf_size: usize,
    handle: Option<std::thread::JoinHandle<io::Result<W>>>,
}

impl<W: Write + Send + 'static> PipeWriter<W> {
    pub fn new(mut inner: W, buf_size: usize, depth: usize) -> Self {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(depth.max(1));
        let (recycle_tx, recycle) = std::sync::mpsc::channel();
        let (ack_tx, acks) = std::sync::mpsc::channel();
        let handle = std::thread::Builder::new()
            .name("tenderbox-writer".into())
            .spawn(move || {
                for mut b in rx {
                    if b.is_empty() {
                        // Barrier from flush().
                        let r = inner.flush();
                        let failed = r.is_err();
                        let _ = ack_tx.send(r);
                        if failed {
                            return Err(io::Error::other("flush failed"));
                        }
                        continue;
                    }
                    inner.write_all(&b)?;
                    b.clear();
                    let _ = recycle_tx.send(b);
                }
                inner.flush()?;
                Ok(inner)
            })
            .expect("spawn writer thread");
        PipeWriter { tx: Some(tx), recycle, acks, buf: Vec::with_capacity(buf_size), buf_size, handle: Some(handle) }
    }

    fn dead(&mut self) -> io::Error {
        self.tx = None;
        match self.handle.take().map(|h| h.join()) {
            Some(Ok(Err(e))) => e,
            _ => io::Error::other("the writer thread stopped"),
        }
    }

    fn send_buf(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let next = self.recycle.try_recv().unwrap_or_else(|_| Vec::with_capacity(self.buf_size));
        let full = std::mem::replace(&mut self.buf, next);
        match self.tx.as_ref().map(|t| t.send(full)) {
            Some(Ok(())) => Ok(()),
            _ => Err(self.dead()),
        }
    }

    /// Writes out what is buffered and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.send_buf()?;
        self.tx = None;
        match self.handle.take().expect("not finished").join() {
            Ok(r) => r,
            Err(_) => Err(io::Error::other("the writer thread panicked")),
        }
    }
}

impl<W: Write + Send + 'static> Write for PipeWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut done = 0;
        while done < data.len() {
            let take = (self.buf_size - self.buf.len()).min(data.len() - done);
            self.buf.extend_from_slice(&data[done..done + take]);
            done += take;
            if self.buf.len() == self.buf_size {
                self.send_buf()?;
            }
        }
        Ok(done)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send_buf()?;
        match self.tx.as_ref().map(|t| t.send(Vec::new())) {
            Some(Ok(())) => {}
            _ => return Err(self.dead()),
        }
        match self.acks.recv() {
            Ok(r) => r,
            Err(_) => Err(self.dead()),
        }
    }
}

impl<W: Write + Send + 'static> Drop for PipeWriter<W> {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod pipe_tests {
    use super::*;

    #[test]
    fn pipe_writer_delivers_every_byte_in_order() {
        let data: Vec<u8> = (0..3_000_017u32).map(|i| (i % 251) as u8).collect();
        let mut w = PipeWriter::new(Vec::new(), 64 * 1024, 3);
        for piece in data.chunks(10_007) {
            w.write_all(piece).unwrap();
        }
        w.flush().unwrap();
        w.write_all(b"tail").unwrap();
        let out = w.finish().unwrap();
        assert_eq!(&out[..data.len()], &data[..]);
        assert_eq!(&out[data.len()..], b"tail");
    }

    #[derive(Debug)]
    struct Failing;
    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn pipe_writer_reports_the_inner_error() {
        let mut w = PipeWriter::new(Failing, 16, 1);
        let write_err = (0..100).find_map(|_| w.write_all(&[0u8; 16]).err());
        let e = match write_err {
            Some(e) => e,
            None => w.finish().unwrap_err(),
        };
        assert!(e.to_string().contains("disk full"), "{e}");
    }
}

/// A writer that hashes (SHA-256) what passes through it: the sealed file's hash
/// comes out of the same pass that writes it.
pub struct HashingWriter<W: Write> {
    inner: W,
    ctx: ring::digest::Context,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter { inner, ctx: ring::digest::Context::new(&ring::digest::SHA256) }
    }

    /// The inner writer and the lower-case hex SHA-256 of everything written.
    pub fn into_parts(self) -> (W, String) {
        (self.inner, hex::encode(self.ctx.finish()))
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.ctx.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
