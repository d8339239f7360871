//! What a newer app-server may send that this library does not know (scripted fake scenario
//! `newer_server`): an unknown server-request kind gets a JSON-RPC error answer at once (the
//! server treats it as a failed request, i.e. declined); a known approval offering an unknown
//! decision still gets the safe default (decline); unknown notifications, item types and enum
//! values arrive as OTHER / raw JSON, intact.

use codex::{Client, EventKind, Options};
use std::collections::HashMap;
use std::time::Duration;

fn fake_options(scenario: &str) -> Options {
    let fixtures = std::env::var("CODEX_TEST_FIXTURES")
        .expect("CODEX_TEST_FIXTURES is not set: run under tests/fixtures/run_with_fixture.py");
    Options {
        codex_bin: Some(format!("{fixtures}/fake_app_server.py")),
        env: vec![("FAKE_SCENARIO".into(), Some(scenario.into()))],
        request_timeout: Duration::from_secs(20),
        ..Options::default()
    }
}

#[test]
fn unknown_requests_notifications_and_values_are_handled_safely() {
    let client = Client::start_blocking(fake_options("newer_server")).unwrap();
    codex::block_on(client.thread_start(None)).unwrap();
    let mut answers: HashMap<String, serde_json::Value> = HashMap::new();
    let mut methods = Vec::new();
    let mut hologram = None;
    while answers.len() < 2 {
        let ev = client
            .next_notification_blocking(Some(Duration::from_secs(10)))
            .expect("the fake sends its notifications and echoes both answers");
        methods.push(ev.method().to_owned());
        match ev.method() {
            "fake/answered" => {
                let p: serde_json::Value = serde_json::from_str(ev.params_json()).unwrap();
                answers.insert(p["id"].to_string(), p["answer"].clone());
            }
            "item/completed" => {
                assert_eq!(ev.kind(), EventKind::ItemCompleted);
                hologram = ev.item_json().map(str::to_owned);
            }
            "thread/futureThing" | "account/updated" => {
                assert_eq!(ev.kind(), EventKind::Other);
                assert!(
                    ev.params_json().contains("\"threadId\"")
                        || ev.params_json().contains("enterpriseSso")
                );
            }
            _ => {}
        }
    }
    // The unknown request kind: a JSON-RPC error, never left unanswered.
    let unknown = &answers["\"future-1\""];
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    assert!(unknown.get("result").is_none());
    // The known approval with an unknown decision on offer: the safe default, decline.
    let approval = &answers["77"];
    assert_eq!(approval["result"]["decision"], "decline", "{approval}");
    // Unknown notifications and the unknown item type arrive intact.
    assert!(
        methods.iter().any(|m| m == "thread/futureThing"),
        "{methods:?}"
    );
    assert!(
        methods.iter().any(|m| m == "account/updated"),
        "{methods:?}"
    );
    let hologram =
        hologram.unwrap_or_else(|| panic!("no item of an unknown type among {methods:?}"));
    let item: serde_json::Value = serde_json::from_str(&hologram).unwrap();
    assert_eq!(item["type"], "hologram", "{hologram}");
    assert_eq!(item["depth"], 3, "{hologram}");
    println!("answers: {answers:?}");
}
