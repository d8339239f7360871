//! Concurrency stress through the Rust API (issue 7): several threads run many turns on one
//! client at once, with callbacks that call back into the library from the delivery thread
//! (steer, interrupt) or drop the turn handle from inside its own callback. The server is the
//! scripted fake (tests/fixtures/fake_faults.py, scenario `turns`), so this runs in seconds.
//! Every turn must end as its mode says, and every callback closure must be dropped exactly
//! once (a drop counter inside each closure).

use codex::{Client, EventKind, Options, Turn, TurnStatus};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

fn fake_options(scenario: &str, arg: &str) -> Options {
    let fixtures = std::env::var("CODEX_TEST_FIXTURES")
        .expect("CODEX_TEST_FIXTURES is not set: run under tests/fixtures/run_with_fixture.py");
    Options {
        codex_bin: Some(format!("{fixtures}/fake_faults.py")),
        env: vec![
            ("FAKE_SCENARIO".into(), Some(scenario.into())),
            ("FAKE_ARG".into(), Some(arg.into())),
        ],
        request_timeout: Duration::from_secs(20),
        ..Options::default()
    }
}

/// Counts its own drops: one lives inside every registered closure.
struct DropCounter(Arc<AtomicUsize>);
impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    Plain,
    Steer,
    Interrupt,
    DropInCallback,
}

type Done = Arc<(Mutex<Option<TurnStatus>>, Condvar)>;

fn wait_done(done: &Done) -> Option<TurnStatus> {
    let (m, cv) = &**done;
    let g = cv
        .wait_timeout_while(m.lock().unwrap(), Duration::from_secs(20), |s| s.is_none())
        .unwrap()
        .0;
    *g
}

const THREADS: usize = 4;
const TURNS: usize = 32;

#[test]
fn many_turns_with_callbacks_calling_back() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = rt
        .block_on(Client::start(fake_options("turns", "3")))
        .unwrap();
    let closures = Arc::new(AtomicUsize::new(0));
    let drops = Arc::new(AtomicUsize::new(0));
    let handle = rt.handle().clone();

    std::thread::scope(|s| {
        for _ in 0..THREADS {
            let (client, handle) = (&client, handle.clone());
            let (closures, drops) = (closures.clone(), drops.clone());
            s.spawn(move || {
                let thread = handle.block_on(client.thread_start(None)).unwrap();
                for i in 0..TURNS {
                    let mode = [
                        Mode::Plain,
                        Mode::Steer,
                        Mode::Interrupt,
                        Mode::DropInCallback,
                    ][i % 4];
                    let text = match mode {
                        Mode::Steer | Mode::Interrupt => "hold on",
                        _ => "quick",
                    };
                    let turn = Arc::new(handle.block_on(thread.turn(text, None)).unwrap());
                    // The event closure reaches its own turn through this holder; taking the
                    // Arc out breaks the cycle (and, in DropInCallback, drops the handle).
                    let holder: Arc<Mutex<Option<Arc<Turn>>>> =
                        Arc::new(Mutex::new(Some(turn.clone())));
                    let done: Done = Arc::new((Mutex::new(None), Condvar::new()));
                    let acted = Arc::new(AtomicBool::new(false));
                    let dropped_in_cb = Arc::new(AtomicBool::new(false));
                    {
                        let (holder, handle, acted) = (holder.clone(), handle.clone(), acted);
                        let dropped_in_cb = dropped_in_cb.clone();
                        let counter = DropCounter(drops.clone());
                        closures.fetch_add(1, Ordering::SeqCst);
                        turn.on_event(move |ev| {
                            let _ = &counter;
                            if ev.kind() != EventKind::AgentMessageDelta
                                || acted.swap(true, Ordering::SeqCst)
                            {
                                return;
                            }
                            let me = holder.lock().unwrap().clone();
                            let Some(me) = me else { return };
                            match mode {
                                Mode::Steer => handle.block_on(me.steer("go on")).unwrap(),
                                Mode::Interrupt => handle.block_on(me.interrupt()).unwrap(),
                                Mode::DropInCallback => {
                                    drop(me);
                                    holder.lock().unwrap().take(); // the last Arc: dropped here
                                    dropped_in_cb.store(true, Ordering::SeqCst);
                                }
                                Mode::Plain => {}
                            }
                        })
                        .unwrap();
                    }
                    if mode != Mode::DropInCallback {
                        let done = done.clone();
                        let counter = DropCounter(drops.clone());
                        closures.fetch_add(1, Ordering::SeqCst);
                        turn.on_complete(move |r| {
                            let _ = &counter;
                            let status = r.as_ref().map(|r| r.status).ok();
                            *done.0.lock().unwrap() = status.or(Some(TurnStatus::Failed));
                            done.1.notify_all();
                        })
                        .unwrap();
                    }
                    drop(turn);
                    match mode {
                        Mode::DropInCallback => {
                            for _ in 0..2000 {
                                if dropped_in_cb.load(Ordering::SeqCst) {
                                    break;
                                }
                                std::thread::sleep(Duration::from_millis(5));
                            }
                            assert!(dropped_in_cb.load(Ordering::SeqCst), "turn {i}: no delta");
                        }
                        Mode::Interrupt => {
                            assert_eq!(wait_done(&done), Some(TurnStatus::Interrupted), "turn {i}")
                        }
                        _ => assert_eq!(wait_done(&done), Some(TurnStatus::Completed), "turn {i}"),
                    }
                    holder.lock().unwrap().take(); // release the handle (no-op if dropped)
                }
            });
        }
    });

    // Every closure is released exactly once (give the delivery thread a moment to finish).
    let want = closures.load(Ordering::SeqCst);
    for _ in 0..400 {
        if drops.load(Ordering::SeqCst) >= want {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(drops.load(Ordering::SeqCst), want);
    assert_eq!(want, THREADS * TURNS * 7 / 4); // 2 closures per turn, 1 for DropInCallback
    client.close();
}
