//! Build script: gives the shared library its soname.
//!
//! The soname carries the ABI counter `SOVERSION`, independent of the crate version: it starts at
//! 1 and is bumped only when the C ABI breaks (a function removed or changed, a struct or enum
//! value changed; docs/abi.md). With the crate version in it instead, 0.1.0 would give `.so.0`
//! and let 0.2 break programs linked against 0.1 silently. cmake/Install.cmake reads the number
//! from this line, so keep it a plain literal.
//!
//! Programs linked against `libcodex.so` record `NEEDED libcodex.so.1` (not a path), so the
//! loader looks for that name: next to the cargo outputs this script keeps a symlink
//! `libcodex.so.1 -> libcodex.so` (target/<profile>/), so builds that link the cargo output
//! directly (CMake's build tree, the Go binding's checkout build, the Swift package) run too.

const SOVERSION: &str = "1";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os != "linux" && os != "android" && !os.ends_with("bsd") {
        return; // ELF only; macOS uses install names (not set here)
    }
    let soname = format!("libcodex.so.{SOVERSION}");
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,{soname}");

    // OUT_DIR is <target-dir>/<profile>/build/<pkg>-<hash>/out; the library lands in
    // <target-dir>/<profile>. The link may dangle until the library is linked.
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return;
    };
    let Some(profile_dir) = std::path::Path::new(&out_dir).ancestors().nth(3) else {
        return;
    };
    let link = profile_dir.join(&soname);
    if std::fs::read_link(&link).ok().as_deref() != Some(std::path::Path::new("libcodex.so")) {
        let _ = std::fs::remove_file(&link);
        #[cfg(unix)]
        if let Err(e) = std::os::unix::fs::symlink("libcodex.so", &link) {
            println!("cargo:warning=cannot create {}: {e}", link.display());
        }
    }
}
