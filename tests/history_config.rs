//! Thread history and management, and config, through the Rust API against the real app-server
//! in the offline fixture: paged turns and items, loaded threads, revert, metadata, unsubscribe,
//! delete; config read, write, batch write, requirements.

use codex::{Client, MergeStrategy, Options, Status, ThreadUnsubscribeStatus, TurnStatus};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run under tests/fixtures/run_with_fixture.py")
    })
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn fresh_home() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "codex-history-test-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(env("CODEX_TEST_HOME_TEMPLATE"), dir.join("config.toml")).unwrap();
    dir
}

async fn client() -> Client {
    let home = fresh_home();
    let client = Client::start(Options {
        codex_bin: Some(env("CODEX_BIN")),
        codex_home: Some(home.display().to_string()),
        request_timeout: Duration::from_secs(30),
        ..Options::default()
    })
    .await
    .expect("start");
    client
        .login_api_key("sk-history-test-0123456789")
        .await
        .expect("login");
    client
}

fn id_of(item_json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(item_json).unwrap();
    v["id"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn turns_and_items_page_revert_unsubscribe_delete() {
    let client = client().await;
    let thread = client.thread_start(None).await.unwrap();
    let first = thread.run("history one", None).await.unwrap();
    let second = thread.run("history two", None).await.unwrap();
    assert_eq!(first.status, TurnStatus::Completed);
    assert_eq!(second.status, TurnStatus::Completed);

    // Turns, one per page: the cursor leads from the first to the second.
    let page1 = thread.turns_page(None, 1).await.unwrap();
    assert_eq!(page1.items_json.len(), 1, "{}", page1.raw_json);
    let cursor = page1.next_cursor.clone().expect("a second page");
    let page2 = thread.turns_page(Some(&cursor), 1).await.unwrap();
    assert_eq!(page2.items_json.len(), 1, "{}", page2.raw_json);
    let mut ids = vec![id_of(&page1.items_json[0]), id_of(&page2.items_json[0])];
    ids.sort();
    let mut want = vec![first.id.clone(), second.id.clone()];
    want.sort();
    assert_eq!(ids, want);
    let all = thread.turns_page(None, 0).await.unwrap();
    assert_eq!(all.items_json.len(), 2);
    assert!(all.next_cursor.is_none(), "{}", all.raw_json);

    // Items of the second turn: its user message is there.
    let items = thread.items_page(Some(&second.id), None, 0).await.unwrap();
    assert!(
        items.items_json.iter().any(|i| i.contains("history two")),
        "{}",
        items.raw_json
    );

    // Loaded threads include this one.
    let loaded = client.loaded_threads(None, 0).await.unwrap();
    assert!(
        loaded.items_json.iter().any(|i| i.contains(thread.id())),
        "{}",
        loaded.raw_json
    );

    // Revert before the second turn: one turn left.
    thread.revert(&second.id).await.unwrap();
    let after = thread.turns_page(None, 0).await.unwrap();
    assert_eq!(after.items_json.len(), 1, "{}", after.raw_json);
    assert_eq!(id_of(&after.items_json[0]), first.id);

    thread
        .update_metadata(r#"{"gitInfo":{"branch":"topic-7"}}"#)
        .await
        .unwrap();
    let bad = thread.update_metadata("[1]").await.unwrap_err();
    assert_eq!(bad.status, Status::InvalidArgument);

    assert_eq!(
        thread.unsubscribe().await.unwrap(),
        ThreadUnsubscribeStatus::Unsubscribed
    );
    client.thread_delete(thread.id()).await.unwrap();
    let gone = thread.read(false).await.unwrap_err();
    assert_eq!(gone.status, Status::Rpc, "{gone}");
}

#[tokio::test]
async fn thread_list_pages() {
    let client = client().await;
    // thread/list's cursor is a timestamp of whole seconds (measured on 0.163.0): threads
    // updated within the same second as a page's last one are skipped by the next page. So the
    // threads here are a second apart.
    for i in 0..3 {
        if i > 0 {
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        let t = client.thread_start(None).await.unwrap();
        t.run(&format!("list page {i}"), None).await.unwrap();
    }
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = client
            .thread_list_page(None, cursor.as_deref(), 2)
            .await
            .unwrap();
        assert!(page.items_json.len() <= 2);
        seen += page.items_json.len();
        pages += 1;
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
        assert!(pages < 10, "the cursor never ends");
    }
    assert_eq!(seen, 3);
    assert_eq!(pages, 2);
}

#[tokio::test]
async fn config_read_write_batch_requirements() {
    let client = client().await;
    let before = client.config_read(None, false).await.unwrap();
    assert!(
        before.raw_json.contains("\"config\""),
        "{}",
        before.raw_json
    );
    let w = client
        .config_write(
            "model_reasoning_summary",
            "\"concise\"",
            MergeStrategy::Upsert,
        )
        .await
        .unwrap();
    assert!(w.file_path.ends_with("config.toml"), "{}", w.raw_json);
    let after = client.config_read(None, false).await.unwrap();
    assert!(after.raw_json.contains("concise"), "{}", after.raw_json);
    client
        .config_batch_write(
            r#"[{"keyPath":"model_reasoning_summary","value":"detailed","mergeStrategy":"replace"}]"#,
        )
        .await
        .unwrap();
    let again = client.config_read(None, true).await.unwrap();
    assert!(again.raw_json.contains("detailed"), "{}", again.raw_json);
    let bad = client.config_batch_write("{}").await.unwrap_err();
    assert_eq!(bad.status, Status::InvalidArgument);
    let req = client.config_requirements().await.unwrap();
    assert!(!req.raw_json.is_empty());
}
