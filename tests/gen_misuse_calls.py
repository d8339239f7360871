#!/usr/bin/env python3
"""Generates tests/c/misuse_calls.inc from include/codex.h: one call per pointer parameter of
every function, with that parameter NULL and every other argument valid (test_misuse.c provides
the valid handles as V_<type> variables).

- A fallible function (returns codex_status) must return INVALID_ARGUMENT, write an error whose
  status is INVALID_ARGUMENT and whose message says NULL, and leave its outputs untouched; then
  the same call with err == NULL must return INVALID_ARGUMENT too.
- A getter on NULL must return NULL / false / 0 or -1; a _free(NULL) must do nothing.
- Every string parameter also gets invalid UTF-8, and every JSON one invalid JSON:
  INVALID_ARGUMENT, outputs untouched.
- Parameters the header documents as optional (OPTIONAL below) are not passed NULL here: NULL
  is a valid value for them, exercised by the feature tests.

    gen_misuse_calls.py           # rewrite the .inc
    gen_misuse_calls.py --check   # fail if the .inc is stale (a ctest entry runs this)

Every pointer parameter of the header is either called with NULL or listed in OPTIONAL; a
parameter in neither, or an OPTIONAL entry the header no longer has, fails the generator.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "include" / "codex.h"
OUT = ROOT / "tests" / "c" / "misuse_calls.inc"

# NULL is documented as a valid value for these (function.param; "*.x" = in every function).
OPTIONAL = {
    "*.err", "*.user_data", "*.drop",
    "codex_new.opts",
    "codex_request.params_json", "codex_request_async.params_json",
    "codex_set_notification_callback.fn", "codex_set_server_request_handler.fn",
    "codex_options_set_log_callback.fn",
    "codex_event_delta.len", "codex_event_params.len", "codex_event_json.len",
    "codex_options_set_codex_bin.path", "codex_options_set_codex_home.path",
    "codex_options_set_cwd.path", "codex_options_set_env.value",
    "codex_options_set_client_info.title", "codex_options_set_client_info.version",
    "codex_thread_start.params_json", "codex_thread_resume.params_json",
    "codex_thread_fork.params_json", "codex_thread_list.params_json",
    "codex_thread_turn.turn_params_json", "codex_thread_turn_input.turn_params_json",
    "codex_thread_run.turn_params_json", "codex_thread_run.on_event",
    "codex_thread_run_input.turn_params_json", "codex_thread_run_input.on_event",
    "codex_options_set_remote_url.url", "codex_options_set_remote_token.token",
    "codex_options_set_remote_jwt.issuer", "codex_options_set_remote_jwt.audience",
    "codex_options_set_remote_jwt_file.issuer", "codex_options_set_remote_jwt_file.audience",
    "codex_options_set_remote_ca_file.path",
    # Cancel tokens: NULL means no token (a `_cancellable` wait is then the plain one); the
    # token's own functions treat NULL as a no-op.
    "*.cancel",
    "codex_request_cancellable.params_json",
    "codex_thread_run_cancellable.turn_params_json", "codex_thread_run_cancellable.on_event",
    "codex_thread_list_page.params_json", "codex_thread_list_page.cursor",
    "codex_loaded_threads.cursor", "codex_thread_turns.cursor",
    "codex_thread_items.turn_id", "codex_thread_items.cursor", "codex_config_read.cwd",
    "codex_thread_run_bounded.turn_params_json", "codex_thread_run_bounded.on_event",
    "codex_command_exec.params_json", "codex_process_spawn.params_json",
    "codex_process_output_data.len", "codex_mcp_server_status.thread_id",
    "codex_mcp_server_status.cursor", "codex_mcp_tool_call.arguments_json",
    "codex_mcp_resource_read.thread_id",
    "codex_thread_review.value", "codex_thread_goal_set.objective",
    "codex_thread_goal_clear.out_cleared", "codex_account_usage_read.thread_id",
    "codex_thread_start_with_tools.params_json",
}

# Valid values for string parameters, by name.
STRINGS = {
    "method": '"fake/ping"', "params_json": '"{}"', "turn_params_json": '"{}"',
    "input_json": '"[{\\"type\\":\\"text\\",\\"text\\":\\"x\\"}]"',
    "result_json": '"{\\"decision\\":\\"decline\\"}"', "text": '"hello"',
    "api_key": '"sk-test-misuse-000000"', "thread_id": '"thr-1"', "name": '"MISUSE_NAME"',
    "key_value": '"a=1"',
    "before_turn_id": '"turn-1"', "metadata_json": '"{}"', "items_json": '"[]"',
    "key_path": '"model"', "value_json": '"\\"m\\""', "edits_json": '"[]"',
    "process_id": '"proc-1"', "query": '"x"', "server": '"mcp"', "tool": '"echo"',
    "uri": '"test://x"', "arguments_json": '"{}"',
    "value": '"review this"',
}
# String-array parameters (`const char *const *`, with their count).
ARRAYS = {"argv", "roots"}
# Valid values for scalars, by name (else by type).
SCALARS = {"timeout_ms": "50", "code": "-32000", "retries": "1", "argc": "1", "n_roots": "1",
           "max_level": "CODEX_LOG_LEVEL_DEBUG"}
SCALAR_TYPES = {"bool": "false", "int64_t": "1", "uint32_t": "1"}
CALLBACKS = {"codex_event_fn": "m_event_fn", "codex_request_fn": "m_request_fn",
             "codex_login_complete_fn": "m_login_fn", "codex_turn_complete_fn": "m_turn_fn",
             "codex_log_fn": "m_log_fn", "codex_server_request_fn": "m_server_request_fn",
             "codex_output_fn": "m_output_fn", "codex_drop_fn": "NULL"}


def parse(header):
    text = re.sub(r"/\*.*?\*/", "", header, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    # Every function starts with the export macro; it is no part of the return type.
    text = re.sub(r"\bCODEX_API\b\s*", "", text)
    funcs = []
    for m in re.finditer(r"\n([a-z_][\w\s\*]*?)\b(codex_\w+)\(([^;{]*?)\);", text):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
        if ret.startswith("typedef"):
            continue
        ps = []
        for p in [p.strip() for p in params.split(",")]:
            if p in ("void", ""):
                continue
            pm = re.match(r"(.*?)(\w+)$", " ".join(p.split()))
            ps.append((pm.group(1).strip(), pm.group(2)))
        funcs.append((ret, name, ps))
    return funcs


def is_pointer(ty):
    return "*" in ty or ty in CALLBACKS


def valid(ty, name):
    base = ty.replace("const", "").replace(" ", "")
    if name in ARRAYS:
        return "M_ARGV"
    if base == "char**":
        return "&m_str_out"
    if base.endswith("**"):
        return f"&m_out_{base[:-2]}"
    if base == "char*":
        return STRINGS.get(name, '"x"')
    if base == "size_t*":
        return "&m_len"
    if base == "void*":
        return "NULL"
    if base.endswith("*"):
        return f"V_{base[:-1]}"
    if ty in CALLBACKS:
        return CALLBACKS[ty]
    return SCALARS.get(name, SCALAR_TYPES.get(ty, "0"))


def reset_outs(ps):
    outs = [valid(t, n)[1:] for t, n in ps
            if t.replace(" ", "").endswith("**") and n != "err" and n not in ARRAYS]
    return "".join(f" {o} = NULL;" for o in outs), outs


def generate(funcs):
    lines = ["/* Generated by tests/gen_misuse_calls.py from include/codex.h: do not edit. */",
             "static void misuse_null_calls(void) {"]
    seen_optional, calls = set(), 0
    for ret, name, ps in funcs:
        for i, (ty, pname) in enumerate(ps):
            if not is_pointer(ty):
                continue
            key = f"{name}.{pname}"
            if key in OPTIONAL or f"*.{pname}" in OPTIONAL:
                seen_optional.add(key if key in OPTIONAL else f"*.{pname}")
                continue
            args = [("NULL" if j == i else valid(t, n)) for j, (t, n) in enumerate(ps)]
            label = f'"{name}({pname} = NULL)"'
            if ret == "codex_status":
                reset, outs = reset_outs(ps)
                with_err = ", ".join(a if n != "err" else "&m_err" for a, (t, n) in zip(args, ps))
                no_err = ", ".join(a if n != "err" else "NULL" for a, (t, n) in zip(args, ps))
                untouched = " && ".join(f"{o} == NULL" for o in outs if o) or "1"
                lines.append(f"  {{{reset} m_err = NULL;")
                lines.append(f"    M_EXPECT_INVALID({label}, {name}({with_err}), {untouched});")
                lines.append(f"    M_EXPECT_INVALID_NO_ERR({label}, {name}({no_err})); }}")
            elif ret == "void":
                lines.append(f"  {name}({', '.join(args)}); M_DONE({label});")
            elif "char" in ret or ret.endswith("*"):
                lines.append(f"  M_EXPECT_NULL({label}, {name}({', '.join(args)}));")
            elif ret == "bool":
                lines.append(f"  M_EXPECT_FALSE({label}, {name}({', '.join(args)}));")
            elif ret in ("int64_t", "uint64_t"):
                lines.append(f"  M_EXPECT_ZERO_OR_MINUS1({label}, (int64_t){name}({', '.join(args)}));")
            else:  # an enum: any value, as long as nothing crashes
                lines.append(f"  (void){name}({', '.join(args)}); M_DONE({label});")
            calls += 1
    # Invalid UTF-8 in every string parameter, and invalid JSON in every JSON one (optional or
    # not: a non-NULL value must be valid).
    for ret, name, ps in funcs:
        if ret != "codex_status":
            continue
        for i, (ty, pname) in enumerate(ps):
            if ty.replace(" ", "") != "constchar*":
                continue
            bads = [("M_BAD_UTF8", "bad UTF-8")]
            if pname.endswith("_json"):
                bads.append(("M_BAD_JSON", "bad JSON"))
            for bad, what in bads:
                args = [(bad if j == i else valid(t, n)) for j, (t, n) in enumerate(ps)]
                args = [a if n != "err" else "&m_err" for a, (t, n) in zip(args, ps)]
                reset, outs = reset_outs(ps)
                untouched = " && ".join(f"{o} == NULL" for o in outs if o) or "1"
                lines.append(f"  {{{reset} m_err = NULL;")
                lines.append(f'    M_EXPECT_INVALID_ARG("{name}({pname} = {what})", '
                             f"{name}({', '.join(args)}), {untouched}); }}")
                calls += 1
    stale = {o for o in OPTIONAL if o not in seen_optional}
    if stale:
        sys.exit(f"OPTIONAL entries the header no longer has: {sorted(stale)}")
    lines.append(f"  M_TOTAL({calls});")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    text = generate(parse(HEADER.read_text()))
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"{OUT} is stale: run python3 tests/gen_misuse_calls.py")
        print("misuse_calls.inc is current")
        return
    OUT.write_text(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
