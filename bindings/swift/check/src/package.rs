//! Checks that Package.swift, the module map and the paths they name fit the repository: target
//! paths exist and hold sources, the module map's header is the repository's include/codex.h (or
//! a shim header whose first quoted `#include` is it), its link name is the cargo library name,
//! and every `import` names a known module.

use crate::syntax::{parse, syntax_errors, walk, Finding};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tree_sitter::Node;

/// Modules a toolchain provides; anything else imported must be a target of the package.
const SYSTEM_MODULES: &[&str] = &[
    "Foundation",
    "FoundationNetworking",
    "XCTest",
    "Dispatch",
    "Glibc",
    "Darwin",
    "Musl",
    "os",
    "Synchronization",
    "PackageDescription",
];

/// The oldest tools version the sources are written for (AsyncThrowingStream.makeStream).
const MIN_TOOLS: (u32, u32) = (5, 9);

#[derive(Debug, Clone, Default)]
pub struct Target {
    pub kind: String,
    pub name: String,
    pub path: Option<String>,
    pub dependencies: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Manifest {
    pub tools_version: Option<(u32, u32)>,
    pub targets: Vec<Target>,
    /// Product name -> its targets.
    pub products: BTreeMap<String, Vec<String>>,
}

/// The text of a plain string literal (None if it is not one, or interpolates).
fn string_value(src: &str, node: Node<'_>) -> Option<String> {
    if node.kind() != "line_string_literal" || node.child_by_field_name("interpolation").is_some() {
        return None;
    }
    let mut out = String::new();
    let mut cursor = node.walk();
    for c in node.named_children(&mut cursor) {
        out.push_str(c.utf8_text(src.as_bytes()).ok()?);
    }
    Some(out)
}

/// `label: value` arguments of a call, in order.
fn labelled_args<'t>(src: &str, call: Node<'t>) -> Vec<(String, Node<'t>)> {
    let mut out = Vec::new();
    let mut cursor = call.walk();
    for suffix in call
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "call_suffix")
    {
        let mut c2 = suffix.walk();
        for args in suffix
            .named_children(&mut c2)
            .filter(|c| c.kind() == "value_arguments")
        {
            let mut c3 = args.walk();
            for arg in args.named_children(&mut c3) {
                let label = arg
                    .child_by_field_name("name")
                    .and_then(|l| l.utf8_text(src.as_bytes()).ok())
                    .unwrap_or("")
                    .trim()
                    .to_string();
                if let Some(v) = arg.child_by_field_name("value") {
                    out.push((label, v));
                }
            }
        }
    }
    out
}

/// Names in a dependency list: `"X"`, `.target(name: "X")`, `.product(name: "X", ...)`.
fn dependency_names(src: &str, array: Node<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = array.walk();
    for el in array.named_children(&mut cursor) {
        if let Some(s) = string_value(src, el) {
            out.push(s);
        } else if el.kind() == "call_expression" {
            for (label, v) in labelled_args(src, el) {
                if label == "name" {
                    out.extend(string_value(src, v));
                }
            }
        }
    }
    out
}

/// `.name(` of an implicit member call, e.g. `.target(`.
fn member_call_name<'s>(src: &'s str, call: Node<'_>) -> Option<&'s str> {
    let callee = call.named_child(0)?;
    if callee.kind() != "prefix_expression" {
        return None;
    }
    let op = callee.child_by_field_name("operation")?;
    if op.utf8_text(src.as_bytes()).ok()? != "." {
        return None;
    }
    callee
        .child_by_field_name("target")?
        .utf8_text(src.as_bytes())
        .ok()
}

pub fn parse_manifest(src: &str) -> Manifest {
    let mut m = Manifest::default();
    if let Some(first) = src.lines().next() {
        if let Some(v) = first.trim().strip_prefix("// swift-tools-version:") {
            let mut parts = v.trim().split('.').map(|p| p.parse::<u32>().ok());
            if let (Some(Some(a)), Some(Some(b))) = (parts.next(), parts.next()) {
                m.tools_version = Some((a, b));
            }
        }
    }
    let tree = parse(src);
    walk(tree.root_node(), |node| {
        if node.kind() != "call_expression" {
            return;
        }
        let Some(kind) = member_call_name(src, node) else {
            return;
        };
        let args = labelled_args(src, node);
        let get = |l: &str| args.iter().find(|(k, _)| k == l).map(|(_, v)| *v);
        let name = get("name").and_then(|v| string_value(src, v));
        match kind {
            "target" | "testTarget" | "executableTarget" | "systemLibrary" => {
                if let Some(name) = name {
                    m.targets.push(Target {
                        kind: kind.to_string(),
                        name,
                        path: get("path").and_then(|v| string_value(src, v)),
                        dependencies: get("dependencies")
                            .map(|a| dependency_names(src, a))
                            .unwrap_or_default(),
                        line: node.start_position().row + 1,
                    });
                }
            }
            "library" | "executable" => {
                if let Some(name) = name {
                    let targets = get("targets")
                        .map(|a| dependency_names(src, a))
                        .unwrap_or_default();
                    m.products.insert(name, targets);
                }
            }
            _ => {}
        }
    });
    m
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ModuleMap {
    pub module: Option<String>,
    pub headers: Vec<String>,
    pub links: Vec<String>,
}

/// A module map is a handful of tokens: words, quoted strings, braces and brackets.
pub fn parse_modulemap(src: &str) -> ModuleMap {
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c == '/' {
            chars.next();
            if chars.peek() == Some(&'/') {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
        } else if c == '"' {
            chars.next();
            let s: String = chars.by_ref().take_while(|&c| c != '"').collect();
            tokens.push(format!("\"{s}"));
        } else if c.is_whitespace() {
            chars.next();
        } else if "{}[]*".contains(c) {
            tokens.push(c.to_string());
            chars.next();
        } else {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' || c == '.' {
                    w.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            if w.is_empty() {
                chars.next();
            } else {
                tokens.push(w);
            }
        }
    }
    let mut m = ModuleMap::default();
    let quoted = |t: Option<&String>| t.and_then(|t| t.strip_prefix('"')).map(str::to_string);
    for (i, t) in tokens.iter().enumerate() {
        match t.as_str() {
            "module" if m.module.is_none() => m.module = tokens.get(i + 1).cloned(),
            "header" => m.headers.extend(quoted(tokens.get(i + 1))),
            "link" => m.links.extend(quoted(tokens.get(i + 1))),
            _ => {}
        }
    }
    m
}

/// The `[lib] name` of a Cargo.toml (the name the linker sees: lib<name>.so / .a / .dylib).
pub fn cargo_lib_name(toml: &str) -> Option<String> {
    let mut in_lib = false;
    for line in toml.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_lib = l == "[lib]";
            continue;
        }
        if in_lib {
            if let Some(v) = l.strip_prefix("name") {
                let v = v.trim_start().strip_prefix('=')?.trim();
                return Some(v.trim_matches('"').to_string());
            }
        }
    }
    None
}

/// Imports of a Swift file, with their lines.
pub fn imports(src: &str) -> Vec<(String, usize)> {
    let tree = parse(src);
    let mut out = Vec::new();
    walk(tree.root_node(), |n| {
        if n.kind() == "import_declaration" {
            let mut c = n.walk();
            let id = n.named_children(&mut c).find(|x| x.kind() == "identifier");
            if let Some(id) = id {
                let name = id
                    .utf8_text(src.as_bytes())
                    .unwrap_or("")
                    .trim()
                    .to_string();
                out.push((name, n.start_position().row + 1));
            }
        }
    });
    out
}

pub fn swift_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(swift_files(&p));
        } else if p.extension().is_some_and(|x| x == "swift") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// Checks the package at `pkg` (bindings/swift) inside the repository at `repo`.
pub fn check_package(repo: &Path, pkg: &Path) -> (Vec<Finding>, usize) {
    let mut f = Vec::new();
    let mut checks = 0;
    let manifest_path = pkg.join("Package.swift");
    let mf = rel(repo, &manifest_path);
    let Ok(src) = std::fs::read_to_string(&manifest_path) else {
        return (vec![Finding::file(&mf, "cannot read Package.swift")], 1);
    };
    let tree = parse(&src);
    f.extend(syntax_errors(&mf, &src, &tree));
    let m = parse_manifest(&src);

    checks += 1;
    match m.tools_version {
        None => f.push(Finding::file(
            &mf,
            "first line must be `// swift-tools-version:X.Y`",
        )),
        Some(v) if v < MIN_TOOLS => f.push(Finding::file(
            &mf,
            format!(
                "tools version {}.{} is older than {}.{}, which the sources need",
                v.0, v.1, MIN_TOOLS.0, MIN_TOOLS.1
            ),
        )),
        Some(_) => {}
    }
    checks += 1;
    if m.targets.is_empty() {
        f.push(Finding::file(&mf, "no targets found"));
    }
    let names: BTreeSet<&str> = m.targets.iter().map(|t| t.name.as_str()).collect();
    let mut target_dirs: Vec<PathBuf> = Vec::new();
    let mut system_module = None;
    for t in &m.targets {
        let at = |msg: String| Finding {
            file: mf.clone(),
            line: t.line,
            col: 1,
            message: msg,
        };
        let default = if t.kind == "testTarget" {
            "Tests"
        } else {
            "Sources"
        };
        let path = t
            .path
            .clone()
            .unwrap_or_else(|| format!("{default}/{}", t.name));
        let dir = pkg.join(&path);
        target_dirs.push(dir.clone());
        checks += 1;
        if !dir.is_dir() {
            f.push(at(format!(
                "target `{}`: path `{path}` does not exist",
                t.name
            )));
            continue;
        }
        for d in &t.dependencies {
            checks += 1;
            if !names.contains(d.as_str()) {
                f.push(at(format!(
                    "target `{}` depends on `{d}`, which is not a target of this package",
                    t.name
                )));
            }
        }
        if t.kind == "systemLibrary" {
            system_module = Some(t.name.clone());
            let mm_path = dir.join("module.modulemap");
            checks += 1;
            match std::fs::read_to_string(&mm_path) {
                Err(_) => f.push(at(format!(
                    "system library `{}` has no {}",
                    t.name,
                    rel(repo, &mm_path)
                ))),
                Ok(mm_src) => {
                    let (ff, n) = check_modulemap(repo, &mm_path, &mm_src, &t.name);
                    f.extend(ff);
                    checks += n;
                }
            }
        } else {
            checks += 1;
            if swift_files(&dir).is_empty() {
                f.push(at(format!(
                    "target `{}`: no .swift files under `{path}`",
                    t.name
                )));
            }
            // Imports must name a dependency (or a toolchain module).
            for file in swift_files(&dir) {
                let Ok(s) = std::fs::read_to_string(&file) else {
                    continue;
                };
                for (module, line) in imports(&s) {
                    checks += 1;
                    let ok = SYSTEM_MODULES.contains(&module.as_str())
                        || t.dependencies.iter().any(|d| d == &module);
                    if !ok {
                        f.push(Finding {
                            file: rel(repo, &file),
                            line,
                            col: 1,
                            message: format!("imports `{module}`, which is neither a dependency of target `{}` nor a toolchain module", t.name),
                        });
                    }
                }
            }
        }
    }
    for (product, targets) in &m.products {
        for t in targets {
            checks += 1;
            if !names.contains(t.as_str()) {
                f.push(Finding::file(
                    &mf,
                    format!("product `{product}` names `{t}`, which is not a target"),
                ));
            }
        }
    }
    checks += 1;
    if system_module.is_none() {
        f.push(Finding::file(
            &mf,
            "no systemLibrary target exposes include/codex.h",
        ));
    }
    // Every Swift file of the package belongs to a target (else SwiftPM ignores it silently).
    for top in ["Sources", "Tests", "Examples"] {
        for file in swift_files(&pkg.join(top)) {
            checks += 1;
            if !target_dirs.iter().any(|d| file.starts_with(d)) {
                f.push(Finding::file(
                    &rel(repo, &file),
                    "belongs to no target of Package.swift",
                ));
            }
        }
    }
    (f, checks)
}

fn check_modulemap(repo: &Path, mm_path: &Path, src: &str, target: &str) -> (Vec<Finding>, usize) {
    let file = rel(repo, mm_path);
    let mut f = Vec::new();
    let m = parse_modulemap(src);
    if m.module.as_deref() != Some(target) {
        f.push(Finding::file(
            &file,
            format!(
                "module is `{}`, the target is `{target}`",
                m.module.unwrap_or_default()
            ),
        ));
    }
    let want_header = repo.join("include/codex.h").canonicalize().ok();
    if m.headers.is_empty() {
        f.push(Finding::file(&file, "names no header"));
    }
    for h in &m.headers {
        let resolved = mm_path.parent().unwrap_or(Path::new(".")).join(h);
        match resolved.canonicalize() {
            Err(_) => f.push(Finding::file(
                &file,
                format!(
                    "header `{h}` does not exist (resolved to {})",
                    resolved.display()
                ),
            )),
            Ok(p)
                if Some(&p) != want_header.as_ref()
                    && shim_target(&p).as_ref() != want_header.as_ref() =>
            {
                f.push(Finding::file(
                    &file,
                    format!(
                        "header `{h}` is {}, neither the repository's include/codex.h nor a \
                         shim whose first quoted #include is it",
                        p.display()
                    ),
                ))
            }
            Ok(_) => {}
        }
    }
    let cargo = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap_or_default();
    match cargo_lib_name(&cargo) {
        None => f.push(Finding::file("Cargo.toml", "no [lib] name")),
        Some(lib) => {
            if m.links != [lib.clone()] {
                f.push(Finding::file(
                    &file,
                    format!(
                        "links {:?}, the cargo library is `{lib}` (lib{lib}.so)",
                        m.links
                    ),
                ));
            }
        }
    }
    (f, 4)
}

/// The file a shim header includes first with `#include "..."`, resolved next to the shim (the
/// installed-library fallback after it, `#include <codex.h>`, is not followed).
fn shim_target(shim: &Path) -> Option<PathBuf> {
    let src = std::fs::read_to_string(shim).ok()?;
    let included = src.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix('#')?.trim_start();
        let rest = rest
            .strip_prefix("include")?
            .trim_start()
            .strip_prefix('"')?;
        rest.split('"').next().map(str::to_string)
    })?;
    shim.parent()?.join(included).canonicalize().ok()
}

/// Like `parse_manifest`, for tests: the syntax errors of a manifest's text.
#[cfg(test)]
pub fn manifest_errors(src: &str) -> Vec<Finding> {
    syntax_errors("Package.swift", src, &parse(src))
}
