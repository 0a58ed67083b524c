//! The one error type of the API: maps to an HTTP status and a `{code, message}`
//! body. Internal errors are logged with the request and never shown in detail.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tenderbox_wire::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{1}")]
    BadRequest(&'static str, String),
    #[error("{1}")]
    Unauthorized(&'static str, String),
    #[error("{1}")]
    Forbidden(&'static str, String),
    #[error("{1}")]
    NotFound(&'static str, String),
    #[error("{1}")]
    Conflict(&'static str, String),
    #[error("{1}")]
    TooLarge(&'static str, String),
    /// 429: a per-caller limit.
    #[error("{1}")]
    TooMany(&'static str, String),
    /// 507: the server's disk is full; nothing of the request was kept.
    #[error("{1}")]
    StorageFull(&'static str, String),
    /// After the deadline: the answer gives the server's time and the deadline.
    #[error("the submission deadline has passed")]
    Late { server_time: tenderbox_core::time::Timestamp, deadline: tenderbox_core::time::Timestamp },
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Error::Internal(e.to_string())
    }

    /// A file-system error: a full disk is a clear 507 (the request can be tried
    /// again later and nothing of it was kept), anything else is internal.
    pub fn io(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull || e.kind() == std::io::ErrorKind::QuotaExceeded {
            Error::StorageFull("storage.full", "the server's disk is full; nothing of this request was kept — try again later".into())
        } else {
            Error::Internal(e.to_string())
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e
            && d.is_unique_violation()
        {
            return Error::Conflict("conflict.exists", "a record with the same key already exists".into());
        }
        Error::Internal(e.to_string())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        if let Error::Late { server_time, deadline } = self {
            let body = tenderbox_wire::LateError {
                code: "bid.late".into(),
                message: format!(
                    "the submission deadline {} (Beijing {}) has passed; the server's time is {} (Beijing {})",
                    deadline,
                    deadline.to_beijing(),
                    server_time,
                    server_time.to_beijing()
                ),
                server_time,
                deadline,
            };
            return (StatusCode::FORBIDDEN, Json(body)).into_response();
        }
        let (status, code, message) = match self {
            Error::BadRequest(c, m) => (StatusCode::BAD_REQUEST, c, m),
            Error::Unauthorized(c, m) => (StatusCode::UNAUTHORIZED, c, m),
            Error::Forbidden(c, m) => (StatusCode::FORBIDDEN, c, m),
            Error::NotFound(c, m) => (StatusCode::NOT_FOUND, c, m),
            Error::Conflict(c, m) => (StatusCode::CONFLICT, c, m),
            Error::TooLarge(c, m) => (StatusCode::PAYLOAD_TOO_LARGE, c, m),
            Error::TooMany(c, m) => (StatusCode::TOO_MANY_REQUESTS, c, m),
            Error::StorageFull(c, m) => (StatusCode::INSUFFICIENT_STORAGE, c, m),
            Error::Late { .. } => unreachable!("handled above"),
            Error::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed to handle the request; it has been logged".to_string())
            }
        };
        (status, Json(ApiError { code: code.to_string(), message })).into_response()
    }
}

pub type Result<T> = std::result::Result<T, Error>;
