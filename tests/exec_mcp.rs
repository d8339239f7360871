//! Commands, file search and MCP servers through the Rust API against the real app-server in
//! the offline fixture: a one-shot command, a process's output pushed to a callback (ending
//! with `None`), stdin and terminate, fuzzy search, and an MCP tool call on a thread whose
//! server comes from its own config.

use codex::{Client, Options, OutputStream, Status};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run under tests/fixtures/run_with_fixture.py")
    })
}

async fn client(tag: &str) -> Client {
    let dir = std::env::temp_dir().join(format!("codex-exec-test-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(env("CODEX_TEST_HOME_TEMPLATE"), dir.join("config.toml")).unwrap();
    Client::start(Options {
        codex_bin: Some(env("CODEX_BIN")),
        codex_home: Some(dir.display().to_string()),
        request_timeout: Duration::from_secs(30),
        ..Options::default()
    })
    .await
    .expect("start")
}

#[tokio::test]
async fn commands_processes_and_search() {
    let c = client("exec").await;
    let r = c
        .command_exec(&["sh", "-c", "echo out; echo err >&2; exit 3"], None)
        .await
        .unwrap();
    assert_eq!(
        (r.exit_code, r.stdout.as_str(), r.stderr.as_str()),
        (3, "out\n", "err\n")
    );
    let e = c.command_exec(&[], None).await.unwrap_err();
    assert_eq!(e.status, Status::InvalidArgument);

    // Output pushed to a callback, then None once.
    let seen: Arc<Mutex<(Vec<u8>, usize)>> = Arc::default();
    let p = c
        .spawn_process("rs-seq", &["sh", "-c", "echo a; echo b >&2"], None)
        .unwrap();
    let s = seen.clone();
    p.on_output(move |chunk| {
        let mut g = s.lock().unwrap();
        match chunk {
            Some(ch) if ch.stream == OutputStream::CODEX_OUTPUT_STDERR => g.0.extend(b"E:"),
            _ => {}
        }
        match chunk {
            Some(ch) => g.0.extend(&ch.data),
            None => g.1 += 1,
        }
    })
    .unwrap();
    assert_eq!(p.wait().await.unwrap().exit_code, 0);
    for _ in 0..200 {
        if seen.lock().unwrap().1 == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let (bytes, ends) = seen.lock().unwrap().clone();
    assert_eq!(ends, 1);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("a\n") && text.contains("E:b\n"), "{text}");

    // stdin, then terminate.
    let cat = c.spawn_process("rs-cat", &["cat"], None).unwrap();
    cat.write(b"hi rust\n").await.unwrap();
    let ch = cat.next_output().await.unwrap().unwrap();
    assert_eq!(ch.data, b"hi rust\n");
    cat.terminate().await.unwrap();
    assert_eq!(cat.wait().await.unwrap().exit_code, 137);
    assert!(cat.next_output().await.unwrap().is_none());

    let found = c
        .fuzzy_file_search("mcpserver", &[&env("CODEX_TEST_FIXTURES")])
        .await
        .unwrap();
    assert_eq!(found[0].path, "mcp_server.py");
    assert_eq!(found[0].kind(), codex::MatchType::CODEX_MATCH_FILE);
}

#[tokio::test]
async fn mcp_server_of_one_thread() {
    let c = client("mcp").await;
    c.login_api_key("sk-exec-test-0123456789").await.unwrap();
    let server = format!("{}/mcp_server.py", env("CODEX_TEST_FIXTURES"));
    let params =
        serde_json::json!({"config": {"mcp_servers.rs": {"command": "python3", "args": [server]}}});
    let t = c.thread_start(Some(&params.to_string())).await.unwrap();
    let r = t
        .mcp_tool_call("rs", "echo", Some(r#"{"text":"from rust"}"#))
        .await
        .unwrap();
    assert_eq!(r.text(), "echo: from rust");
    assert_eq!(r.is_error, None);
    let status = c.mcp_server_status(Some(t.id()), None, 0).await.unwrap();
    assert_eq!(status.data[0].name, "rs");
    assert_eq!(status.data[0].runtime_status.as_deref(), Some("connected"));
    let tools: Vec<&String> = status.data[0].tools.keys().collect();
    assert_eq!(tools, ["echo", "fail"]);
    let res = c
        .mcp_resource_read(Some(t.id()), "rs", "test://greeting")
        .await
        .unwrap();
    assert_eq!(res.contents[0].text.as_deref(), Some("hello from mcp"));
}
