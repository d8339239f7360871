//! Prints the server metadata and the model count: the smallest use of the Rust API.
fn main() {
    let client = codex::Client::start_blocking(codex::Options::default()).expect("start");
    let info = client.info().clone();
    println!(
        "server {} ({}) home {}",
        info.server_version, info.user_agent, info.codex_home
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let models = rt.block_on(client.models(false)).expect("models");
    println!(
        "models: {} ({} bytes)",
        models.data.len(),
        models.raw_json.len()
    );
    let err = rt
        .block_on(client.request("no/such/method", None, None))
        .unwrap_err();
    println!("unknown method: {err}");
    let t = rt.block_on(client.thread_start(None)).expect("thread");
    println!("thread {}", t.id());
    client.close();
}
