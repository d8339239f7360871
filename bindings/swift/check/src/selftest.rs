//! Proves the checks can fail: each case feeds a deliberately broken input to one check and
//! expects the exact finding, and feeds a correct input and expects none. Runs from the built
//! binary (`selftest`, registered with ctest) and as `cargo test`.

use crate::{calls, header, package, syntax, Report};

const BROKEN: &str = include_str!("../testdata/broken.swift");
const HEADER: &str = include_str!("../testdata/header.h");
const CALLS: &str = include_str!("../testdata/calls.swift");

type Case = (&'static str, fn() -> Result<(), String>);

pub const CASES: &[Case] = &[
    (
        "parse: a broken file is rejected at its line",
        broken_file_fails,
    ),
    ("parse: a correct file passes", good_file_passes),
    (
        "calls: wrong count, unknown function, unknown constant, labels",
        bad_calls_fail,
    ),
    (
        "header: prototypes and arities are extracted",
        header_is_read,
    ),
    (
        "package: wrong link name, missing header, missing path",
        bad_package_fails,
    ),
    ("package: modulemap tokens are read", modulemap_is_read),
];

fn lines_of(findings: &[syntax::Finding]) -> Vec<usize> {
    findings.iter().map(|f| f.line).collect()
}

fn broken_file_fails() -> Result<(), String> {
    let tree = syntax::parse(BROKEN);
    let f = syntax::syntax_errors("broken.swift", BROKEN, &tree);
    if f.is_empty() {
        return Err("no syntax error reported for testdata/broken.swift".into());
    }
    // The errors are in `broken` (lines 6-9), never in the valid lines above it.
    if f.iter().any(|x| !(6..=9).contains(&x.line)) {
        return Err(format!(
            "errors reported at the wrong lines: {:?}",
            lines_of(&f)
        ));
    }
    if !f[0].to_string().starts_with("broken.swift:") {
        return Err(format!("finding does not name file:line: {}", f[0]));
    }
    Ok(())
}

fn good_file_passes() -> Result<(), String> {
    let src = "import Foundation\nfinal class A: @unchecked Sendable {\n  func f() async throws -> Int { try await withCheckedThrowingContinuation { c in c.resume(returning: 1) } }\n}\n";
    let f = syntax::syntax_errors("good.swift", src, &syntax::parse(src));
    if f.is_empty() {
        Ok(())
    } else {
        Err(format!("unexpected findings: {f:?}"))
    }
}

fn bad_calls_fail() -> Result<(), String> {
    let h = header::parse_header(HEADER);
    let tree = syntax::parse(CALLS);
    let (f, n) = calls::check_file("calls.swift", CALLS, &tree, &h);
    let got = lines_of(&f);
    if n != 5 {
        return Err(format!("expected 5 call sites, saw {n}"));
    }
    let want = [6, 7, 7, 8, 9];
    if got != want {
        return Err(format!(
            "expected findings at lines {want:?}, got {got:?}: {f:#?}"
        ));
    }
    let msg = f[0].to_string();
    if !msg.contains("takes 3 argument(s)") || !msg.contains("called with 2") {
        return Err(format!("wrong-count message is unclear: {msg}"));
    }
    Ok(())
}

fn header_is_read() -> Result<(), String> {
    let h = header::parse_header(HEADER);
    let want = [("codex_version", 0), ("codex_new", 3), ("codex_free", 1)];
    for (name, n) in want {
        if h.functions.get(name) != Some(&n) {
            return Err(format!(
                "{name}: expected {n} params, got {:?}",
                h.functions.get(name)
            ));
        }
    }
    if h.functions.len() != 3 || !h.knows("codex_drop_fn") || !h.knows("CODEX_STATUS_TIMEOUT") {
        return Err(format!("unexpected header contents: {h:?}"));
    }
    Ok(())
}

/// Builds a small repository in a temp dir with one mistake per line of the expected output.
fn bad_package_fails() -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("codex-swift-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let w = |p: &str, s: &str| -> Result<(), String> {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::write(&path, s).map_err(|e| e.to_string())
    };
    w(
        "Cargo.toml",
        "[package]\nname = \"x\"\n[lib]\nname = \"codex\"\n",
    )?;
    w("include/codex.h", HEADER)?;
    w("bindings/swift/Package.swift", "// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: \"Codex\", targets: [\n  .systemLibrary(name: \"CCodex\", path: \"Sources/CCodex\"),\n  .target(name: \"Codex\", dependencies: [\"CCodex\"], path: \"Sources/Codex\"),\n  .testTarget(name: \"CodexTests\", dependencies: [\"Codex\", \"Nope\"], path: \"Tests/Missing\"),\n])\n")?;
    w("bindings/swift/Sources/CCodex/module.modulemap", "module CCodex [system] {\n  header \"../../include/codex.h\"\n  link \"codex_ffi\"\n  export *\n}\n")?;
    w(
        "bindings/swift/Sources/Codex/A.swift",
        "import CCodex\nimport CKodex\n",
    )?;
    let (f, _) = package::check_package(&dir, &dir.join("bindings/swift"));
    // A shim header passes when its first quoted #include is include/codex.h, and fails otherwise.
    let mm = "module CCodex [system] {\n  header \"shim.h\"\n  link \"codex\"\n  export *\n}\n";
    w("bindings/swift/Sources/CCodex/module.modulemap", mm)?;
    w(
        "bindings/swift/Sources/CCodex/shim.h",
        "#if __has_include(\"../../../../include/codex.h\")\n#include \"../../../../include/codex.h\"\n#else\n#include <codex.h>\n#endif\n",
    )?;
    let (good_shim, _) = package::check_package(&dir, &dir.join("bindings/swift"));
    w(
        "bindings/swift/Sources/CCodex/shim.h",
        "#include \"other.h\"\n",
    )?;
    w("bindings/swift/Sources/CCodex/other.h", "\n")?;
    let (bad_shim, _) = package::check_package(&dir, &dir.join("bindings/swift"));
    let _ = std::fs::remove_dir_all(&dir);
    let text: Vec<String> = f.iter().map(|x| x.to_string()).collect();
    let expect = [
        "header `../../include/codex.h` does not exist",
        "links [\"codex_ffi\"], the cargo library is `codex`",
        "path `Tests/Missing` does not exist",
        "imports `CKodex`",
    ];
    for e in expect {
        if !text.iter().any(|t| t.contains(e)) {
            return Err(format!(
                "expected a finding containing {e:?}, got {text:#?}"
            ));
        }
    }
    if text.len() != expect.len() {
        return Err(format!("expected {} findings, got {text:#?}", expect.len()));
    }
    let shim = |f: &[crate::syntax::Finding]| f.iter().any(|x| x.to_string().contains("shim.h"));
    if shim(&good_shim) || !shim(&bad_shim) {
        return Err(format!(
            "shim header: expected no finding for include/codex.h and one for other.h, got {:#?} / {:#?}",
            good_shim.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            bad_shim.iter().map(|x| x.to_string()).collect::<Vec<_>>()
        ));
    }
    Ok(())
}

fn modulemap_is_read() -> Result<(), String> {
    let m = package::parse_modulemap(
        "// c\nmodule CCodex [system] {\n  header \"a/b.h\"\n  link \"codex\"\n  export *\n}\n",
    );
    let want = package::ModuleMap {
        module: Some("CCodex".into()),
        headers: vec!["a/b.h".into()],
        links: vec!["codex".into()],
    };
    if m == want {
        Ok(())
    } else {
        Err(format!("got {m:?}"))
    }
}

pub fn run() -> Report {
    let mut r = Report::default();
    for (name, case) in CASES {
        r.checks += 1;
        match case() {
            Ok(()) => println!("ok   {name}"),
            Err(e) => {
                println!("FAIL {name}");
                r.findings
                    .push(syntax::Finding::file("selftest", format!("{name}: {e}")));
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_selftest_case_passes() {
        for (name, case) in super::CASES {
            if let Err(e) = case() {
                panic!("{name}: {e}");
            }
        }
    }

    #[test]
    fn manifest_syntax_errors_are_found() {
        assert!(!crate::package::manifest_errors("let package = Package(name: \"x\"\n").is_empty());
    }
}
