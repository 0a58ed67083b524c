use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// With a certificate the server speaks HTTPS (rustls); a client that trusts the
/// certificate gets the API, plain HTTP on the same port gets nothing.
#[tokio::test]
async fn the_server_serves_https_with_a_configured_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let (cert_pem, key_pem) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_pem, cert.cert.pem()).unwrap();
    std::fs::write(&key_pem, cert.signing_key.serialize_pem()).unwrap();

    let config = tenderbox_server::Config::for_data(dir.path().join("data"));
    let state = tenderbox_server::prepare(&config, tenderbox_server::system_clock()).await.unwrap();
    let tls = tenderbox_server::tls_config(&cert_pem, &key_pem).await.unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let app = tenderbox_server::routes::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum_server::from_tcp_rustls(listener, tls).unwrap().serve(app).await.unwrap() });

    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let client = rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(client));
    let tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut stream = connector.connect(rustls::pki_types::ServerName::try_from("localhost").unwrap(), tcp).await.unwrap();
    stream.write_all(b"GET /v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut resp = String::new();
    stream.read_to_string(&mut resp).await.unwrap_or_default();
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("\"status\":\"ok\""), "{resp}");

    // Plain HTTP to the TLS port is not served.
    let plain = reqwest::Client::new().get(format!("http://{addr}/v1/health")).send().await;
    assert!(plain.map(|r| !r.status().is_success()).unwrap_or(true));
}
