//! Errors as values: a stable code the UI can branch on and a message for the user.

use serde::Serialize;
use ts_rs::TS;

/// What kind of failure happened; stable across versions, so the UI never matches messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    NotFound,
    InvalidInput,
    InvalidTemplate,
    Conflict,
    Locked,
    Busy,
    DiskFull,
    NotADatabase,
    DatabaseTooNew,
    Database,
    Io,
    /// Sign-off needs a signing identity, and the user has none yet.
    NoIdentity,
    Internal,
}

/// An error as it crosses IPC: `{ code, message }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl From<keyline_store::StoreError> for AppError {
    fn from(e: keyline_store::StoreError) -> Self {
        use keyline_store::StoreError as S;
        let code = match &e {
            S::NotADatabase { .. }
            | S::OtherProgram { .. }
            | S::SchemaChanged { .. }
            | S::Damaged(_) => ErrorCode::NotADatabase,
            S::TooNew { .. } => ErrorCode::DatabaseTooNew,
            S::Busy => ErrorCode::Busy,
            S::DiskFull => ErrorCode::DiskFull,
            S::CreateDir { .. }
            | S::Write { .. }
            | S::Exists { .. }
            | S::Missing { .. }
            | S::IsAFolder { .. }
            | S::NotAFile { .. }
            | S::NoSuchFolder { .. } => ErrorCode::Io,
            S::SignedOff => ErrorCode::Locked,
            S::Refused(_) => ErrorCode::Conflict,
            S::ReadOnly | S::Sqlite(_) | S::Migration(_) => ErrorCode::Database,
        };
        AppError::new(code, e.to_string())
    }
}
