//! The Rust API's remote options against a real app-server this test starts (`--listen
//! unix://PATH` and `ws://127.0.0.1:PORT --ws-auth signed-bearer-token`), in the offline fixture.

use codex::{Client, Options, RemoteAuth, SecretSource, Status};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run under tests/fixtures/run_with_fixture.py")
    })
}

/// A temp dir with the fixture's config.toml as a CODEX_HOME inside.
fn work_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("codex-rust-remote-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("home")).unwrap();
    std::fs::copy(
        env("CODEX_TEST_HOME_TEMPLATE"),
        dir.join("home/config.toml"),
    )
    .unwrap();
    dir
}

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(dir: &std::path::Path, listen: &str, extra: &[&str], ready: impl Fn() -> bool) -> Server {
    let child = Command::new(env("CODEX_BIN"))
        .args(["app-server", "--listen", listen])
        .args(extra)
        .env("CODEX_HOME", dir.join("home"))
        .env("HOME", dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ready() {
        assert!(
            Instant::now() < deadline,
            "app-server not listening on {listen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child)
}

fn remote(url: &str, auth: RemoteAuth) -> Options {
    Options {
        remote_url: Some(url.into()),
        remote_auth: auth,
        client_name: "codex_ffi_rust_tests".into(),
        request_timeout: Duration::from_secs(30),
        ..Options::default()
    }
}

#[tokio::test]
async fn unix_socket_turn() {
    let dir = work_dir("unix");
    let sock = dir.join("app.sock");
    let url = format!("unix://{}", sock.display());
    let _server = start(&dir, &url, &[], || {
        std::os::unix::net::UnixStream::connect(&sock).is_ok()
    });
    let client = Client::start(remote(&url, RemoteAuth::None)).await.unwrap();
    client
        .login_api_key("sk-rust-remote-0123456789")
        .await
        .unwrap();
    let thread = client.thread_start(None).await.unwrap();
    let r = thread.run("rust over a socket", None).await.unwrap();
    assert_eq!(
        r.final_response.as_deref(),
        Some("You said: rust over a socket")
    );
    drop(client);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn signed_bearer_token_and_its_faults() {
    let dir = work_dir("jwt");
    let secret = "rust-remote-jwt-shared-secret-0123456789";
    let secret_file = dir.join("secret");
    std::fs::write(&secret_file, format!("{secret}\n")).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("ws://127.0.0.1:{port}");
    let secret_path = secret_file.display().to_string();
    let _server = start(
        &dir,
        &url,
        &[
            "--ws-auth",
            "signed-bearer-token",
            "--ws-shared-secret-file",
            &secret_path,
            "--ws-issuer",
            "rust-tests",
            "--ws-audience",
            "codex",
        ],
        || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok(),
    );
    let jwt = |secret: SecretSource, audience: &str| RemoteAuth::Jwt {
        secret,
        issuer: Some("rust-tests".into()),
        audience: Some(audience.into()),
        ttl: Duration::from_secs(60),
    };
    // The file's trailing newline is dropped, like the server does.
    let client = Client::start(remote(
        &url,
        jwt(SecretSource::File(secret_path.clone()), "codex"),
    ))
    .await
    .unwrap();
    drop(client);
    let e = Client::start(remote(
        &url,
        jwt(SecretSource::Value(secret.into()), "elsewhere"),
    ))
    .await
    .err()
    .unwrap();
    println!("wrong audience: {e}");
    assert_eq!(e.status, Status::Auth);
    assert!(e.message.contains("audience"), "{e}");
    assert!(!e.message.contains(secret));
    // The options' Debug never shows a secret.
    let o = remote(&url, jwt(SecretSource::Value(secret.into()), "codex"));
    assert!(!format!("{o:?}").contains(secret));
    // Spawn-only options with a URL.
    let mut o = remote(&url, RemoteAuth::None);
    o.codex_bin = Some(env("CODEX_BIN"));
    let e = Client::start(o).await.err().unwrap();
    assert_eq!(e.status, Status::InvalidArgument);
    let _ = std::fs::remove_dir_all(&dir);
}
