#!/usr/bin/env python3
"""Keeps the written ABI rules true to include/codex.h (ctest docs_abi_names, label docs):

- every `codex_*` name and every `CODEX_<STATUS|EVENT|LOG_LEVEL|TURN|VERSION>_*` constant that
  docs/abi.md, CHANGELOG.md, README.md or the header's own comments mention is declared in the
  header (a rename or removal cannot leave the docs behind; environment variables such as
  CODEX_HOME are not API names);
- docs/abi.md names every status value and every handle the header declares;
- the header's own OWNERSHIP preamble lists every handle (it is the reference users read first).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ROOT / "include" / "codex.h"
DOCS = ["docs/abi.md", "CHANGELOG.md", "README.md"]
# Names that are not C declarations: the default client name, the placeholder for any handle,
# the name codex_status_str gives a value the library does not know.
NOT_DECLARATIONS = {"codex_ffi", "codex_x", "CODEX_STATUS_UNKNOWN"}
# A name after `::` is a CMake target (codex::codex_static), not a C declaration.
NAME = re.compile(r"(?<!::)\b(codex_[a-z0-9_]*[a-z0-9]|"
                  r"CODEX_(?:STATUS|EVENT|LOG_LEVEL|TURN|VERSION)_[A-Z0-9_]*[A-Z0-9]|CODEX_API)\b")


def main():
    header = HEADER.read_text()
    comments = "\n".join(re.findall(r"/\*.*?\*/|//[^\n]*", header, flags=re.S))
    code = re.sub(r"/\*.*?\*/|//[^\n]*", " ", header, flags=re.S)
    declared = set(NAME.findall(code))
    problems = []
    sources = [(d, (ROOT / d).read_text()) for d in DOCS if (ROOT / d).exists()]
    sources.append(("include/codex.h (comments)", comments))
    for where, text in sources:
        for name in sorted(set(NAME.findall(text)) - declared - NOT_DECLARATIONS):
            problems.append(f"{where}: `{name}` is not declared in include/codex.h")
    abi = (ROOT / "docs" / "abi.md").read_text()
    for status in re.findall(r"\bCODEX_STATUS_(\w+)\s*=", code):
        if not re.search(rf"`{status}\b", abi):
            problems.append(f"docs/abi.md: the status {status} is not listed")
    for handle in re.findall(r"typedef\s+struct\s+(\w+)\s+\w+\s*;", code):
        if f"`{handle}`" not in abi:
            problems.append(f"docs/abi.md: the handle {handle} is not listed")
    preamble = re.search(r"Handles are opaque:(.*?)\.\s", comments, flags=re.S)
    listed = set(re.findall(r"\bcodex_\w+", preamble.group(1))) if preamble else set()
    for handle in re.findall(r"typedef\s+struct\s+(\w+)\s+\w+\s*;", code):
        if handle not in listed:
            problems.append(f"include/codex.h: the preamble's handle list lacks {handle}")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"every API name the docs mention is declared ({len(declared)} names in the header); "
          "docs/abi.md lists every status and handle")


if __name__ == "__main__":
    main()
