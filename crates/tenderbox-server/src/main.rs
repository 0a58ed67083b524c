use clap::Parser;

#[tokio::main]
async fn main() {
    let config = tenderbox_server::Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()))
        .init();
    if let Err(e) = tenderbox_server::run(config).await {
        eprintln!("tenderbox-server: {e}");
        std::process::exit(1);
    }
}
