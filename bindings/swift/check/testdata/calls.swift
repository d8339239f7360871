// Calls checked against testdata/header.h by the selftest: lines 4 and 5 are right, 6-9 wrong.
import CCodex
func f(_ c: OpaquePointer?) {
    var out: OpaquePointer? = nil; var err: OpaquePointer? = nil
    if codex_new(nil, &out, &err) == CODEX_STATUS_OK { codex_free(out) }
    codex_new(nil, &out)
    codex_frobnicate(c)
    let s: codex_status = CODEX_STATUS_NOPE; _ = codex_status(rawValue: 0)
    codex_free(client: c)
}
