//! The architecture, checked: the layers in `src/` import only downward, no two modules import
//! each other (directly or round a cycle), and every C export runs under the one panic
//! boundary. A back-import, a cycle or an unguarded export fails this test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layer of each top-level module, bottom up. A module may import from its own layer only
/// within its own folder, and from any lower layer.
const LAYERS: &[(&str, u32)] = &[
    ("error", 0),
    ("options", 0),
    ("secrets", 0),
    ("protocol", 1),
    ("runtime", 1),
    ("session", 2),
    ("api", 3),
    ("fuzz", 3),
    ("ffi", 4),
    ("lib", 5),
];

fn layer(top: &str) -> u32 {
    LAYERS
        .iter()
        .find(|(name, _)| *name == top)
        .unwrap_or_else(|| panic!("src/{top}: add it to LAYERS in tests/architecture.rs"))
        .1
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/session/turns/log.rs` -> ["session", "turns", "log"]; `mod.rs` names its folder.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Code without comments and string literals (a path in a doc comment is no import).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Every module path a file refers to: `crate::a::b` and `super::x` (resolved), as module
/// paths of existing files (the longest prefix that is a module).
fn references(file: &Path, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let text = code_only(&std::fs::read_to_string(file).unwrap());
    let me = module_path(file);
    let is_mod_rs = file.file_name().is_some_and(|n| n == "mod.rs");
    let mut refs = BTreeSet::new();
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter(|t| t.starts_with("crate::") || t.starts_with("super::"))
        .collect();
    for t in tokens {
        let mut parts: Vec<&str> = t.split("::").filter(|p| !p.is_empty()).collect();
        let base: Vec<String> = if parts[0] == "crate" {
            parts.remove(0);
            Vec::new()
        } else {
            // `super` of a file module is its folder; of a mod.rs, the folder's parent; each
            // further `super` one more level up.
            let mut b = me.clone();
            if !is_mod_rs {
                b.pop();
            }
            let mut first = true;
            while parts.first() == Some(&"super") {
                parts.remove(0);
                if !first || is_mod_rs {
                    b.pop();
                }
                first = false;
            }
            b
        };
        let mut best: Option<Vec<String>> = None;
        let mut path = base.clone();
        for p in parts {
            path.push(p.to_string());
            if modules.contains(&path) {
                best = Some(path.clone());
            }
        }
        if let Some(b) = best {
            if b != me {
                refs.insert(b);
            }
        }
    }
    refs
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_path(f)).collect();
    files
        .iter()
        .map(|f| (module_path(f), references(f, &modules)))
        .collect()
}

#[test]
fn lower_layers_never_import_upper_ones() {
    let mut errors = Vec::new();
    for (module, refs) in graph() {
        let Some(top) = module.first() else { continue };
        let mine = layer(top);
        for r in refs {
            let theirs = layer(&r[0]);
            let same_folder = r[0] == *top;
            if theirs > mine || (theirs == mine && !same_folder && mine != 0) {
                errors.push(format!("{} imports {}", module.join("::"), r.join("::")));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "layering violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_c_layer_uses_only_the_public_rust_api() {
    // The public API is what the crate root re-exports (those are items, not modules, so a
    // reference to them resolves to no module here); any module outside ffi is internal.
    let mut errors = Vec::new();
    for (module, refs) in graph() {
        if module.first().map(String::as_str) != Some("ffi") {
            continue;
        }
        for r in refs.iter().filter(|r| r[0] != "ffi") {
            errors.push(format!(
                "{} reaches into {}",
                module.join("::"),
                r.join("::")
            ));
        }
    }
    assert!(
        errors.is_empty(),
        "ffi must call only the public API:\n{}",
        errors.join("\n")
    );
}

#[test]
fn no_module_cycles() {
    let g = graph();
    // A depth-first search for a back edge; report the cycle it closes.
    fn visit(
        node: &Vec<String>,
        g: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in g.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    for node in g.keys() {
        // `lib` (the crate root) declares every module: it is the root, not part of a cycle.
        if node.is_empty() || node == &vec!["lib".to_string()] {
            continue;
        }
        if let Some(cycle) = visit(node, &g, &mut Vec::new(), &mut done) {
            let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
            panic!("module cycle: {}", names.join(" -> "));
        }
    }
}

#[test]
fn every_c_export_runs_under_the_panic_boundary() {
    let mut files = Vec::new();
    rust_files(&src().join("ffi"), &mut files);
    let mut unguarded = Vec::new();
    let mut count = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("extern \"C\" fn ") {
            let after = &rest[at..];
            let name: String = after["extern \"C\" fn ".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // The body: from the first `{` after the signature to its matching `}`.
            let open = after
                .find(") ")
                .and_then(|p| after[p..].find('{').map(|q| p + q));
            let body = open.map(|o| {
                let mut depth = 0;
                let mut end = o;
                for (i, c) in after[o..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = o + i;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                &after[o..=end]
            });
            // Only exported functions (`#[no_mangle]`), not callback typedefs.
            let exported = rest[..at].trim_end().ends_with("pub unsafe")
                || rest[..at].trim_end().ends_with("pub");
            if exported {
                count += 1;
                let first_statement = body
                    .map(|b| b.trim_start_matches('{').trim_start())
                    .unwrap_or("");
                let guarded = first_statement.starts_with("ffi_boundary!(")
                    || first_statement.starts_with("let data = UserData::new(")
                        && first_statement.contains("ffi_boundary!(");
                if !guarded {
                    unguarded.push(format!("{}: {name}", f.display()));
                }
            }
            rest = &after["extern \"C\" fn ".len()..];
        }
    }
    assert!(
        count > 100,
        "found only {count} exports: the scan is broken"
    );
    assert!(
        unguarded.is_empty(),
        "exports whose body does not start with ffi_boundary!:\n{}",
        unguarded.join("\n")
    );
}
