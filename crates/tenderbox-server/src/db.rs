//! The database: SQLite in the data folder by default, PostgreSQL by URL. One
//! code path through sqlx's `Any` driver; SQL is written in the common dialect
//! (`$1` parameters work in both). Forward-only migrations are embedded.

use sqlx::AnyPool;
use sqlx::any::{AnyPoolOptions, install_default_drivers};

pub async fn open(url: &str) -> Result<AnyPool, sqlx::Error> {
    install_default_drivers();
    let sqlite = url.starts_with("sqlite:");
    let pool = AnyPoolOptions::new()
        .max_connections(if sqlite { 1 } else { 16 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    use sqlx::Executor;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await?;
    if sqlite {
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    } else {
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    }
    Ok(pool)
}

/// The pool public pages read from. SQLite allows one writer, so the main pool has
/// one connection and every request waits its turn behind the writes of a deadline
/// surge; in WAL mode readers need not: this pool's connections are read-only
/// (`query_only`) and see the last committed state. PostgreSQL's pool serves both.
/// Open after [`open`] (the migrations have run).
pub async fn open_reader(url: &str, main: &AnyPool) -> Result<AnyPool, sqlx::Error> {
    if !url.starts_with("sqlite:") {
        return Ok(main.clone());
    }
    AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(|conn, _| {
            Box::pin(async move {
                use sqlx::Executor;
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                conn.execute("PRAGMA query_only = ON").await?;
                Ok(())
            })
        })
        .connect(url)
        .await
}
