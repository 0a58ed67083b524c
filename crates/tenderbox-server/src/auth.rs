//! Who is calling: a bearer token from challenge–response login, looked up by
//! its SHA-256 (tokens are never stored in the clear).

use crate::AppState;
use crate::error::{Error, Result};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sqlx::Row;
use tenderbox_wire::Role;

#[derive(Debug, Clone)]
pub struct Caller {
    pub id: String,
    pub roles: Vec<Role>,
}

impl Caller {
    pub fn has(&self, r: Role) -> bool {
        self.roles.contains(&r)
    }
    pub fn require(&self, r: Role) -> Result<()> {
        if self.has(r) { Ok(()) } else { Err(Error::Forbidden("auth.role", format!("this needs the {} role", r.as_str()))) }
    }
}

pub fn token_hash(token: &str) -> String {
    hex::encode(tenderbox_core::sha256(token.as_bytes()))
}

pub fn parse_roles(s: &str) -> Vec<Role> {
    s.split(',').filter_map(Role::parse).collect()
}

pub fn roles_to_db(r: &[Role]) -> String {
    r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

async fn resolve(state: &AppState, parts: &Parts) -> Result<Option<Caller>> {
    let Some(h) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = h
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| Error::Unauthorized("auth.malformed", "the Authorization header must be 'Bearer <token>'".into()))?;
    let row = sqlx::query(
        "SELECT t.expires_at, i.id, i.roles, i.status FROM tokens t JOIN identities i ON i.id = t.identity_id WHERE t.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&state.pool)
    .await?
    .ok_or_else(|| Error::Unauthorized("auth.invalid", "the token is not valid; log in again".into()))?;
    let expires: i64 = row.try_get("expires_at")?;
    if expires <= state.now().unix() {
        return Err(Error::Unauthorized("auth.expired", "the token has expired; log in again".into()));
    }
    let status: String = row.try_get("status")?;
    if status != "approved" {
        return Err(Error::Forbidden("auth.not_approved", "this identity is not approved".into()));
    }
    Ok(Some(Caller { id: row.try_get("id")?, roles: parse_roles(&row.try_get::<String, _>("roles")?) }))
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        resolve(state, parts).await?.ok_or_else(|| Error::Unauthorized("auth.missing", "log in first: this needs a bearer token".into()))
    }
}

/// A caller that may be anonymous (public endpoints that show more to insiders).
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = Error;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        Ok(MaybeCaller(resolve(state, parts).await?))
    }
}
