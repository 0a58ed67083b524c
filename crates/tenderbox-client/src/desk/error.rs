//! The one error shape the window sees: a stable code to branch on and a message.

use crate::api::ApiFailure;
use crate::keystore::KeyStoreError;
use crate::store::StoreError;
use crate::sync::SyncError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Every failure the UI sees: a stable code to branch on and a message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct DeskError {
    pub code: String,
    pub message: String,
}

impl DeskError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        DeskError { code: code.into(), message: message.into() }
    }
}

macro_rules! from_coded {
    ($($t:ty),*) => {$(
        impl From<$t> for DeskError {
            fn from(e: $t) -> Self {
                DeskError::new(e.code(), e.to_string())
            }
        }
    )*};
}
from_coded!(ApiFailure, StoreError, SyncError, KeyStoreError, crate::outbox::OutboxError, crate::logcheck::LogAlarm);

impl From<std::io::Error> for DeskError {
    fn from(e: std::io::Error) -> Self {
        DeskError::new("io", e.to_string())
    }
}

pub type DeskResult<T> = Result<T, DeskError>;
