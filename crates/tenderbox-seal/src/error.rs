use std::io;

/// Errors of the identity, package and envelope code. Messages name the problem;
/// decryption failures are deliberately coarse (no oracle on key material).
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("not a Tenderbox sealed bid (the file does not start with the envelope magic bytes)")]
    NotAnEnvelope,
    #[error("the envelope header is malformed: {0}")]
    BadHeader(String),
    #[error("unsupported envelope version {0}")]
    UnsupportedVersion(u64),
    #[error("unsupported cipher suite {0}")]
    UnsupportedSuite(u64),
    #[error("no stanza in this envelope can be opened with the key given")]
    NoMatchingStanza,
    #[error("the envelope has no {0} stanza")]
    MissingStanza(&'static str),
    #[error("the header MAC does not match: the header was altered or the file key is wrong")]
    HeaderMac,
    #[error("the sealed payload is truncated")]
    Truncated,
    #[error("the sealed payload is corrupted or altered at chunk {chunk}")]
    CorruptChunk { chunk: u64 },
    #[error("not a Tenderbox bid package (bad magic bytes)")]
    NotAPackage,
    #[error("the bid package is malformed: {0}")]
    BadPackage(String),
    #[error("attachment name '{name}' is refused: {why}")]
    BadAttachmentName { name: String, why: &'static str },
    #[error("attachment '{0}' appears twice")]
    DuplicateAttachment(String),
    #[error("attachment '{name}' does not match the signed manifest: {why}")]
    AttachmentMismatch { name: String, why: String },
    #[error("the manifest signature is not valid for the key it names")]
    BadSignature,
    #[error("the document's signature does not verify with its author's registered signing key")]
    DocumentSignature,
    #[error("the document cannot be signed: {0}")]
    BadDocument(String),
    #[error("the manifest is signed by {got}, not by the expected identity {expected}")]
    SignerMismatch { expected: String, got: String },
    #[error("the manifest does not match the envelope: {0}")]
    ManifestMismatch(String),
    #[error("invalid key: {0}")]
    BadKey(String),
    #[error("the output '{0}' already exists; choose a new folder")]
    OutputExists(String),
    #[error("the draft cannot be finalised: {} item(s) missing or invalid: {}", .0.len(), .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Incomplete(Vec<tenderbox_core::problem::Problem>),
    #[error("the tender requires a committee stanza but its committee key ceremony has not finished")]
    NoCommitteeKey,
    #[error("invalid update key: {0}")]
    BadUpdateKey(String),
    #[error("the update's signature is not valid: {0}")]
    BadUpdateSignature(String),
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl SealError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SealError::NotAnEnvelope => "envelope.not_envelope",
            SealError::BadHeader(_) => "envelope.bad_header",
            SealError::UnsupportedVersion(_) => "envelope.version",
            SealError::UnsupportedSuite(_) => "envelope.suite",
            SealError::NoMatchingStanza => "envelope.no_matching_stanza",
            SealError::MissingStanza(_) => "envelope.missing_stanza",
            SealError::HeaderMac => "envelope.header_mac",
            SealError::Truncated => "envelope.truncated",
            SealError::CorruptChunk { .. } => "envelope.corrupt",
            SealError::NotAPackage => "package.not_package",
            SealError::BadPackage(_) => "package.malformed",
            SealError::BadAttachmentName { .. } => "package.bad_name",
            SealError::DuplicateAttachment(_) => "package.duplicate",
            SealError::AttachmentMismatch { .. } => "package.attachment_mismatch",
            SealError::BadSignature => "package.bad_signature",
            SealError::DocumentSignature => "signature.invalid",
            SealError::BadDocument(_) => "signature.document",
            SealError::SignerMismatch { .. } => "package.signer_mismatch",
            SealError::ManifestMismatch(_) => "package.manifest_mismatch",
            SealError::BadKey(_) => "key.invalid",
            SealError::OutputExists(_) => "output.exists",
            SealError::Incomplete(_) => "draft.incomplete",
            SealError::NoCommitteeKey => "envelope.no_committee_key",
            SealError::BadUpdateKey(_) => "update.bad_key",
            SealError::BadUpdateSignature(_) => "update.bad_signature",
            SealError::Io(_) => "io",
        }
    }

    /// Recovers a `SealError` carried through an `io::Error` by a `Read` adapter.
    pub fn from_io(e: io::Error) -> SealError {
        if e.get_ref().is_some_and(|inner| inner.is::<SealError>()) {
            let inner = e.into_inner().expect("checked above");
            return *inner.downcast::<SealError>().expect("checked above");
        }
        SealError::Io(e)
    }

    pub(crate) fn into_io(self) -> io::Error {
        match self {
            SealError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidData, other),
        }
    }
}
