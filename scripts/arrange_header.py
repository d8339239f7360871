#!/usr/bin/env python3
"""Arranges cbindgen's output into include/codex.h: the one post-processing step of
scripts/gen-header.sh (its --check runs the same step, so the drift check covers it).

cbindgen emits every type before every function, in source order. A reader wants the functions
grouped by handle, so this step keeps cbindgen's text for each declaration (doc comment and all)
and only moves whole declarations:

- the prologue (preamble, include guard, includes, cbindgen.toml's after_includes) stays first;
  `extern "C"` opens right after it and closes at the end, so it covers every declaration;
- then the types every group needs: constants and enumerations, opaque handles (and any other
  typedef), and the callback typedefs taken by functions of more than one group;
- then one group per handle, each under a banner with a short introduction: the callback
  typedefs only that group's functions take, then its functions, in cbindgen's order.

Functions are assigned to groups by name (SECTIONS below, first match wins); a function that
matches no rule but takes a client first goes to the client group. Any other function, or a
declaration this script does not recognise, fails the generation: add a rule here.

    arrange_header.py RAW_CBINDGEN_OUTPUT > include/codex.h
"""

import re
import sys

RULE = "=" * 94

# (banner title, introduction, name patterns). Order = order in the header.
SECTIONS = [
    ("Options", [
        "codex_options: how codex_new starts the app-server. codex_options_new gives the",
        "defaults, each setter changes one, codex_new copies them: free the options (or reuse",
        "them) right after.",
    ], [r"^codex_options_(?!set_remote_)"]),
    ("Remote app-servers", [
        "codex_options_set_remote_*: codex_new connects to a running app-server (unix://PATH,",
        "ws://HOST:PORT, wss://HOST:PORT) instead of spawning one, with a capability token or a",
        "signed bearer token (HS256 JWT). Refused credentials are CODEX_STATUS_AUTH at codex_new;",
        "a lost link releases every waiter with CODEX_STATUS_TRANSPORT. See docs/remote.md.",
    ], [r"^codex_options_set_remote_"]),
    ("Client", [
        "codex_client: one running `codex app-server` and the connection to it. codex_free (or",
        "codex_close) stops it; child handles then return CODEX_STATUS_CLOSED. codex_request",
        "reaches any app-server method; notifications that no login or turn claimed are pulled",
        "(codex_next_notification) or pushed (codex_set_notification_callback).",
    ], [r"^codex_(new|free|close)$", r"^codex_client_", r"^codex_request", r"notification",
        r"^codex_models$"]),
    ("Login and account", [
        "codex_login: a pending interactive login (browser or device code); codex_login_result:",
        "how it ended. An API-key login completes at once. Wait (codex_login_wait) or get a",
        "callback (codex_login_on_complete). A failed or cancelled login is OK with",
        "codex_login_result_success() false.",
    ], [r"^codex_login", r"^codex_logout$", r"^codex_account$"]),
    ("Params builders", [
        "codex_params: typed builders for the JSON params of thread start/resume/fork, turn start",
        "and thread list. Each setter names its field with a codex_param_t, so a key cannot be",
        "misspelled; a field of another kind, a wrong value type or an enumerated value the schema",
        "does not list is INVALID_ARGUMENT. Pass codex_params_json(p) as the params argument;",
        "codex_params_set_raw is the escape hatch for fields newer than the library.",
    ], [r"^codex_params_"]),
    ("Account limits and usage", [
        "codex_rate_limits and codex_account_usage: the account's rate-limit windows and its",
        "token usage. Both need a ChatGPT login (with an API key the server answers -32600).",
    ], [r"^codex_account_rate_limits$", r"^codex_rate_limits_", r"^codex_account_usage"]),
    ("Goals", [
        "codex_goal: a thread's goal as the server reported it (codex_thread_goal_set / _get).",
        "An active goal makes the server run turns on the thread by itself until it is complete,",
        "paused or out of its token budget.",
    ], [r"^codex_goal_"]),
    ("Configuration", [
        "The app-server's config (config.toml and its layers): read the effective values, write",
        "one or a batch, read what an administrator requires.",
    ], [r"^codex_config_"]),
    ("Pages", [
        "codex_page: one page of a paged list (threads, loaded threads, a thread's turns or",
        "items): its items as JSON and the cursor of the next page (NULL on the last).",
    ], [r"^codex_page_"]),
    ("Threads", [
        "codex_thread: a conversation on the server. Freeing the handle leaves the thread on the",
        "server (resume it by id). codex_thread_run runs one turn to its end; codex_thread_turn",
        "starts one and returns its codex_turn.",
    ], [r"^codex_thread"]),
    ("Turns", [
        "codex_turn: a running turn. Its events are either pulled (codex_turn_next_event) or",
        "pushed (codex_turn_set_event_callback), not both. Steer and interrupt it while it runs;",
        "codex_turn_wait or codex_turn_on_complete gives its result. A turn the server abandons",
        "is ended by the idle watchdog.",
    ], [r"^codex_turn_(?!result_)"]),
    ("Turn results", [
        "codex_turn_result: what a finished turn produced. A failed turn is a result (status",
        "CODEX_TURN_FAILED with its error; the final response may then be NULL), not an error.",
    ], [r"^codex_turn_result_"]),
    ("Commands and file search", [
        "Standalone commands in the server's sandbox, outside any thread (`command/exec`):",
        "codex_command_exec runs one to its end (codex_exec_result: exit code, stdout, stderr);",
        "codex_process_spawn starts one as a codex_process, with a caller-chosen process id,",
        "whose output streams (pulled with codex_process_next_output as codex_process_output",
        "chunks, or pushed to codex_process_set_output_callback), with stdin write/close,",
        "terminate, resize (tty) and a wait for its exit. codex_fuzzy_file_search finds files",
        "(codex_file_matches).",
    ], [r"^codex_command_exec$", r"^codex_exec_result_", r"^codex_process_", r"^codex_fuzzy_",
        r"^codex_file_matches_"]),
    ("MCP servers", [
        "MCP servers configured in `[mcp_servers.NAME]` (or per thread, through thread/start's",
        "`config` override `mcp_servers.NAME`): their status (codex_mcp_servers, paged), reload,",
        "a tool call on a thread (codex_mcp_tool_result) and a resource read",
        "(codex_mcp_resource).",
    ], [r"^codex_mcp_"]),
    ("Cancellation", [
        "codex_cancel: a token another thread triggers to end blocked waits. Each blocking wait",
        "has a `_cancellable` form taking one (NULL = none): once the token is triggered the wait",
        "returns CODEX_STATUS_CANCELLED at once and the operation goes on (codex_thread_run's",
        "turn is interrupted). A token stays triggered until codex_cancel_reset.",
    ], [r"^codex_cancel_"]),
    ("Events", [
        "codex_event: one server notification. A pulled event (codex_turn_next_event,",
        "codex_next_notification) is owned: free it with codex_event_free. An event passed to a",
        "callback is borrowed for that call only.",
    ], [r"^codex_event_"]),
    ("Items", [
        "codex_item: one thread item (command execution, file change, MCP tool call, web search,",
        "plan, reasoning, agent message, ...), typed. Get one from an item event",
        "(codex_event_item) or a turn result (codex_turn_result_item); free it with",
        "codex_item_free. It is decoded on the first getter call, on the calling thread; getters",
        "that do not apply to its type return NULL, 0 or -1.",
    ], [r"^codex_item_"]),
    ("Server requests", [
        "codex_server_request: a request from the server (an approval, user input, ...). The",
        "handler receives it owned: answer it once, now or later from any thread, then free it.",
        "A request freed unanswered, or not answered in time, gets the safe answer (decline).",
    ], [r"^codex_server_request_", r"^codex_set_server_request_handler$"]),
    ("Errors and statuses", [
        "codex_error: the details behind a status other than OK, TIMEOUT and END (message,",
        "JSON-RPC code and data, stderr tail). Free it with codex_error_free. codex_status_str",
        "names any status value, known or not.",
    ], [r"^codex_error_", r"^codex_status_"]),
    ("Strings and version", [
        "Strings returned through `char **`, and the version of the library loaded at run time",
        "(CODEX_VERSION_* above are those of this header).",
    ], [r"^codex_string_", r"^codex_version"]),
]
CLIENT = "Client"

EXTERN_OPEN = '#ifdef __cplusplus\nextern "C" {\n#endif // __cplusplus\n'
EXTERN_CLOSE = '#ifdef __cplusplus\n}  // extern "C"\n#endif  // __cplusplus\n'
GUARD_END = "#endif  /* CODEX_H */"


def fail(msg):
    sys.exit(f"arrange_header.py: {msg}")


def banner(title, intro=()):
    lines = ["/* " + RULE, f" * {title}"]
    if intro:
        lines.append(" *")
        lines += [f" * {line}" for line in intro]
    lines.append(" * " + RULE + " */")
    return "\n".join(lines)


def items(region):
    """The declarations of a region: runs of non-blank lines (a doc comment and what it documents)."""
    return [b.strip("\n") for b in re.split(r"\n\s*\n", region) if b.strip()]


def declaration(item):
    """The item without its leading doc comment."""
    m = re.match(r"\s*/\*\*.*?\*/\s*", item, flags=re.S)
    return item[m.end():] if m else item


def section_of(name, params):
    for title, _, patterns in SECTIONS:
        if any(re.search(p, name) for p in patterns):
            return title
    first = params.split(",")[0]
    if re.search(r"\bcodex_client\s*\*", first):
        return CLIENT
    fail(f"no section for {name}: add a rule to SECTIONS")


def arrange(raw):
    if raw.count(EXTERN_OPEN) != 1 or raw.count(EXTERN_CLOSE) != 1 or GUARD_END not in raw:
        fail("unexpected cbindgen output (extern \"C\" block or include guard not found)")
    before, rest = raw.split(EXTERN_OPEN)
    functions, after = rest.split(EXTERN_CLOSE)
    if after.strip() != GUARD_END:
        fail("unexpected text after the functions")
    # The prologue ends where the first declaration (a doc comment or a typedef) starts.
    m = re.search(r"^(/\*\*|typedef)", before, flags=re.M)
    if not m:
        fail("no type declarations found")
    prologue, types = before[:m.start()].rstrip("\n"), before[m.start():]

    # Constants and enumerations first, then handles and any other type, in cbindgen's order.
    enums, handles, callbacks = [], [], {}
    for item in items(types):
        decl = declaration(item)
        cb = re.match(r"typedef\s[^;]*?\(\*\s*(\w+)\s*\)\s*\(", decl)
        if cb:
            callbacks[cb.group(1)] = item
        elif re.match(r"#define\s|typedef\s+enum\b", decl):
            enums.append(item)
        elif re.match(r"typedef\s", decl):
            handles.append(item)
        else:
            fail(f"unrecognised type declaration:\n{item}")

    grouped = {title: [] for title, _, _ in SECTIONS}
    users = {name: set() for name in callbacks}
    for item in items(functions):
        decl = declaration(item)
        fm = re.search(r"\b(codex_\w+)\s*\((.*)\)\s*;$", decl, flags=re.S)
        if not fm:
            fail(f"unrecognised function declaration:\n{item}")
        title = section_of(fm.group(1), fm.group(2))
        grouped[title].append(item)
        for cb in callbacks:
            if re.search(rf"\b{cb}\b", fm.group(2)):
                users[cb].add(title)

    local = {title: [] for title in grouped}
    shared = []
    for cb, item in callbacks.items():
        if len(users[cb]) == 1:
            local[next(iter(users[cb]))].append(item)
        else:
            shared.append(item)

    out = [prologue, "", EXTERN_OPEN.rstrip("\n"), ""]
    out += [banner("Types: statuses, enumerations and handles"), ""]
    out += [i + "\n" for i in enums + handles]
    if shared:
        out += [banner("Callback types taken by functions of several groups"), ""]
        out += [i + "\n" for i in shared]
    for title, intro, _ in SECTIONS:
        if not grouped[title]:
            continue
        out += [banner(title, intro), ""]
        out += [i + "\n" for i in local[title] + grouped[title]]
    out += [EXTERN_CLOSE, GUARD_END]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) != 2:
        fail("usage: arrange_header.py RAW_CBINDGEN_OUTPUT")
    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(arrange(f.read()))


if __name__ == "__main__":
    main()
