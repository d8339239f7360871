//! Parsing Swift with the tree-sitter grammar and reporting what it could not parse.

use tree_sitter::{Node, Parser, Tree};

/// A problem found in a file, printed as `file:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl Finding {
    pub fn at(file: &str, node: Node<'_>, message: impl Into<String>) -> Self {
        let p = node.start_position();
        Finding {
            file: file.to_string(),
            line: p.row + 1,
            col: p.column + 1,
            message: message.into(),
        }
    }
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Finding {
            file: file.to_string(),
            line: 1,
            col: 1,
            message: message.into(),
        }
    }
}

/// Parses Swift source. The grammar is compiled in, so a failure here is a bug in the tool.
pub fn parse(src: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_swift::LANGUAGE.into())
        .expect("the tree-sitter-swift grammar matches the tree-sitter crate's ABI");
    parser
        .parse(src, None)
        .expect("parsing without a timeout or cancel flag always returns a tree")
}

/// Every ERROR and MISSING node of the tree, outermost first (an ERROR's children are not
/// reported again, so one mistake gives one line).
pub fn syntax_errors(file: &str, src: &str, tree: &Tree) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.is_error() {
            let text = snippet(src, node);
            out.push(Finding::at(
                file,
                node,
                format!("syntax error near `{text}`"),
            ));
            continue;
        }
        if node.is_missing() {
            out.push(Finding::at(
                file,
                node,
                format!("missing `{}` (the parser had to invent it)", node.kind()),
            ));
            continue;
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    out.sort_by_key(|f| (f.line, f.col));
    out
}

/// The node's text, first line only and shortened, for messages.
pub fn snippet(src: &str, node: Node<'_>) -> String {
    let text = node.utf8_text(src.as_bytes()).unwrap_or("");
    let first = text.lines().next().unwrap_or("").trim();
    if first.chars().count() > 60 {
        format!("{}...", first.chars().take(60).collect::<String>())
    } else {
        first.to_string()
    }
}

/// Every node of the tree, depth first.
pub fn walk<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}
