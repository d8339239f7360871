//! codex-swift-check: what CI can verify about the Swift binding without a Swift toolchain.
//!
//!   codex-swift-check all --repo ROOT         every check below on ROOT/bindings/swift
//!   codex-swift-check parse --repo ROOT | FILE...
//!                                             tree-sitter parse, no ERROR / MISSING nodes
//!   codex-swift-check calls --repo ROOT | --header H FILE...
//!                                             codex_* calls exist in the header, same arity
//!   codex-swift-check package --repo ROOT     Package.swift / module map / paths consistent
//!   codex-swift-check tests --repo ROOT       XCTest scenarios and fixture variables
//!   codex-swift-check selftest                 proves each check fails on broken input
//!   codex-swift-check dump FILE               prints the syntax tree (for debugging)
//!
//! Prints one line per finding (`file:line:col: message`) and ends with `N passed, N failed`;
//! exits 1 if anything failed, 2 on bad usage.

mod calls;
mod header;
mod package;
mod scenarios;
mod selftest;
mod syntax;

use std::path::{Path, PathBuf};
use syntax::Finding;

/// The outcome of one check run: how many checks ran, and what failed.
#[derive(Default)]
pub struct Report {
    pub checks: usize,
    pub findings: Vec<Finding>,
}

impl Report {
    fn add(&mut self, (findings, checks): (Vec<Finding>, usize)) {
        self.checks += checks.max(findings.len());
        self.findings.extend(findings);
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

pub fn check_parse(files: &[PathBuf], base: &Path) -> Result<Report, String> {
    let mut r = Report::default();
    for file in files {
        let src = read(file)?;
        let name = file
            .strip_prefix(base)
            .unwrap_or(file)
            .display()
            .to_string();
        let tree = syntax::parse(&src);
        r.add((syntax::syntax_errors(&name, &src, &tree), 1));
    }
    Ok(r)
}

pub fn check_calls(header_path: &Path, files: &[PathBuf], base: &Path) -> Result<Report, String> {
    let h = header::parse_header(&read(header_path)?);
    if h.functions.is_empty() {
        return Err(format!(
            "{}: no function prototypes found",
            header_path.display()
        ));
    }
    let mut r = Report::default();
    let mut total_calls = 0;
    for file in files {
        let src = read(file)?;
        let name = file
            .strip_prefix(base)
            .unwrap_or(file)
            .display()
            .to_string();
        let tree = syntax::parse(&src);
        let (f, n) = calls::check_file(&name, &src, &tree, &h);
        total_calls += n;
        r.add((f, n));
    }
    println!(
        "checked {total_calls} codex_* call sites against {} prototypes",
        h.functions.len()
    );
    Ok(r)
}

fn swift_sources(pkg: &Path) -> Vec<PathBuf> {
    let mut files = vec![pkg.join("Package.swift")];
    files.extend(package::swift_files(&pkg.join("Sources")));
    files.extend(package::swift_files(&pkg.join("Tests")));
    files.extend(package::swift_files(&pkg.join("Examples")));
    files
}

fn run(args: &[String]) -> Result<Report, String> {
    let usage = "usage: codex-swift-check all|parse|calls|package|tests --repo ROOT | parse FILE... | calls --header H FILE... | selftest | dump FILE";
    let cmd = args.first().ok_or(usage)?;
    let repo_arg = || -> Result<PathBuf, String> {
        match (args.get(1).map(String::as_str), args.get(2)) {
            (Some("--repo"), Some(r)) => {
                Path::new(r).canonicalize().map_err(|e| format!("{r}: {e}"))
            }
            _ => Err(usage.to_string()),
        }
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    match cmd.as_str() {
        "all" => {
            let repo = repo_arg()?;
            let pkg = repo.join("bindings/swift");
            let files = swift_sources(&pkg);
            let mut r = check_parse(&files, &repo)?;
            let c = check_calls(&repo.join("include/codex.h"), &files, &repo)?;
            r.checks += c.checks;
            r.findings.extend(c.findings);
            r.add(package::check_package(&repo, &pkg));
            r.add(scenarios::check_tests(&repo, &pkg.join("Tests")));
            Ok(r)
        }
        "parse" if args.get(1).map(String::as_str) == Some("--repo") => {
            let repo = repo_arg()?;
            check_parse(&swift_sources(&repo.join("bindings/swift")), &repo)
        }
        "parse" => check_parse(
            &args[1..].iter().map(PathBuf::from).collect::<Vec<_>>(),
            &cwd,
        ),
        "calls" => match (args.get(1).map(String::as_str), args.get(2)) {
            (Some("--repo"), Some(_)) => {
                let repo = repo_arg()?;
                let files = swift_sources(&repo.join("bindings/swift"));
                check_calls(&repo.join("include/codex.h"), &files, &repo)
            }
            (Some("--header"), Some(h)) => check_calls(
                Path::new(h),
                &args[3..].iter().map(PathBuf::from).collect::<Vec<_>>(),
                &cwd,
            ),
            _ => Err(usage.to_string()),
        },
        "package" => {
            let repo = repo_arg()?;
            let mut r = Report::default();
            r.add(package::check_package(&repo, &repo.join("bindings/swift")));
            Ok(r)
        }
        "tests" => {
            let repo = repo_arg()?;
            let mut r = Report::default();
            r.add(scenarios::check_tests(
                &repo,
                &repo.join("bindings/swift/Tests"),
            ));
            Ok(r)
        }
        "selftest" => Ok(selftest::run()),
        "dump" => {
            let src = read(Path::new(args.get(1).ok_or(usage)?))?;
            println!("{}", syntax::parse(&src).root_node().to_sexp());
            Ok(Report::default())
        }
        _ => Err(usage.to_string()),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Err(e) => {
            eprintln!("codex-swift-check: {e}");
            std::process::exit(2);
        }
        Ok(r) => {
            for f in &r.findings {
                println!("{f}");
            }
            let failed = r.findings.len();
            println!(
                "{} passed, {failed} failed",
                r.checks.saturating_sub(failed)
            );
            std::process::exit(if failed == 0 { 0 } else { 1 });
        }
    }
}
