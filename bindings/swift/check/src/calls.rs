//! Cross-checks the Swift code against include/codex.h: every `codex_*` function it calls must
//! be declared there with the same number of parameters, and every other `codex_*` / `CODEX_*`
//! name it uses (types, enum constants) must be declared too.

use crate::header::Header;
use crate::syntax::{snippet, walk, Finding};
use tree_sitter::{Node, Tree};

/// The call's arguments: `value_argument`s in parentheses and trailing `lambda_literal`s.
fn arguments(call: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut cursor = call.walk();
    for suffix in call
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "call_suffix")
    {
        let mut c2 = suffix.walk();
        for part in suffix.named_children(&mut c2) {
            match part.kind() {
                "value_arguments" => {
                    let mut c3 = part.walk();
                    out.extend(
                        part.named_children(&mut c3)
                            .filter(|a| a.kind() == "value_argument"),
                    );
                }
                "lambda_literal" => out.push(part),
                _ => {}
            }
        }
    }
    out
}

fn argument_count(call: Node<'_>) -> usize {
    arguments(call).len()
}

/// Labelled arguments (`f(x: 1)`): C functions take none, so Swift would reject them.
fn labelled_arguments(call: Node<'_>) -> bool {
    arguments(call)
        .iter()
        .any(|a| a.kind() == "value_argument" && a.child_by_field_name("name").is_some())
}

/// Checks one parsed Swift file against the header.
pub fn check_file(file: &str, src: &str, tree: &Tree, header: &Header) -> (Vec<Finding>, usize) {
    let mut findings = Vec::new();
    let mut calls = 0;
    walk(tree.root_node(), |node| {
        if node.kind() == "call_expression" {
            let Some(callee) = node.named_child(0) else {
                return;
            };
            if callee.kind() != "simple_identifier" {
                return;
            }
            let name = callee.utf8_text(src.as_bytes()).unwrap_or("");
            if !name.starts_with("codex_") {
                return;
            }
            // `codex_log_level(rawValue: 1)` builds an imported C enum value: not a call.
            if header.types.contains(name) && !header.functions.contains_key(name) {
                return;
            }
            calls += 1;
            let args = argument_count(node);
            match header.functions.get(name) {
                None => findings.push(Finding::at(
                    file,
                    node,
                    format!("`{name}` is called but include/codex.h declares no such function"),
                )),
                Some(&want) if want != args => findings.push(Finding::at(
                    file,
                    node,
                    format!("`{name}` takes {want} argument(s) in include/codex.h, called with {args}: `{}`", snippet(src, node)),
                )),
                Some(_) => {}
            }
            if labelled_arguments(node) {
                findings.push(Finding::at(
                    file,
                    node,
                    format!("`{name}` is a C function: its arguments take no labels"),
                ));
            }
        } else if matches!(node.kind(), "simple_identifier" | "type_identifier") {
            let name = node.utf8_text(src.as_bytes()).unwrap_or("");
            let c_name = name.starts_with("codex_") || name.starts_with("CODEX_");
            if c_name && !header.knows(name) {
                findings.push(Finding::at(
                    file,
                    node,
                    format!("`{name}` is not declared in include/codex.h"),
                ));
            }
        }
    });
    (findings, calls)
}
