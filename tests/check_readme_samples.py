#!/usr/bin/env python3
"""Docs that run: every C, C++, Go and Swift code block of the READMEs below is a file that CI
builds and runs, and the README shows it verbatim.

A sample block is preceded by a marker line naming its source:

    <!-- sample: examples/readme/first_turn.c -->          the whole file
    <!-- sample: path/to/main.swift#readme -->             the lines between `// [readme]` and
                                                           `// [/readme]`, dedented

    check_readme_samples.py [--built PATH]... [--not-run PATH]...
                                                # fail if a block differs from its source, has
                                                # no marker, or names a file not in --built
                                                # (--not-run: known, but not run in this build)
    check_readme_samples.py --update            # rewrite the blocks from their sources

ctest runs the check (docs_readme_blocks, label docs) with --built for every sample that
cmake/Docs.cmake builds and runs, so a sample cannot be added to a README without a test.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READMES = ["README.md", "bindings/cpp/README.md", "bindings/go/README.md"]
LANGUAGES = {"c", "cpp", "c++", "go", "swift"}
MARKER = re.compile(r"^<!-- sample: (\S+?)(?:#(\w+))? -->$")
FENCE = re.compile(r"^```(\S*)\s*$")


def source_text(path, region):
    text = (ROOT / path).read_text()
    if region is None:
        return text
    lines = text.splitlines(keepends=True)
    begin = [i for i, l in enumerate(lines) if l.strip() == f"// [{region}]"]
    end = [i for i, l in enumerate(lines) if l.strip() == f"// [/{region}]"]
    if len(begin) != 1 or len(end) != 1 or end[0] < begin[0]:
        raise ValueError(f"{path}: needs exactly one `// [{region}]` ... `// [/{region}]`")
    body = lines[begin[0] + 1:end[0]]
    indents = [len(l) - len(l.lstrip(" ")) for l in body if l.strip()]
    cut = min(indents, default=0)
    return "".join(l[cut:] if l.strip() else "\n" for l in body)


def blocks(readme_lines):
    """(marker line index or None, language, first body line, closing fence line) per block."""
    i = 0
    while i < len(readme_lines):
        m = FENCE.match(readme_lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(readme_lines) and not readme_lines[j].startswith("```"):
            j += 1
        marker = i - 1 if i > 0 and MARKER.match(readme_lines[i - 1]) else None
        yield marker, m.group(1).lower(), i + 1, j
        i = j + 1


def main():
    args = sys.argv[1:]
    update = "--update" in args
    built = {args[k + 1] for k, a in enumerate(args) if a == "--built" and k + 1 < len(args)}
    not_run = {args[k + 1] for k, a in enumerate(args) if a == "--not-run" and k + 1 < len(args)}
    problems, checked = [], 0
    for readme in READMES:
        path = ROOT / readme
        lines = path.read_text().split("\n")
        out, last = [], 0
        for marker, lang, body, close in blocks(lines):
            where = f"{readme}:{body}"
            if marker is None:
                if lang in LANGUAGES:
                    problems.append(f"{where}: a {lang} block without a `<!-- sample: FILE -->` "
                                    "line before it (every sample is a file that CI runs)")
                continue
            m = MARKER.match(lines[marker])
            src, region = m.group(1), m.group(2)
            if not (ROOT / src).is_file():
                problems.append(f"{where}: {src} does not exist")
                continue
            if src in not_run:
                print(f"{where}: {src} is not built and run in this configuration")
            elif not update and src not in built:
                problems.append(f"{where}: {src} is not registered in cmake/Docs.cmake (not built and run)")
            try:
                want = source_text(src, region)
            except ValueError as e:
                problems.append(f"{where}: {e}")
                continue
            have = "\n".join(lines[body:close]) + "\n"
            checked += 1
            if have != want:
                if update:
                    out += lines[last:body] + want.rstrip("\n").split("\n")
                    last = close
                else:
                    problems.append(f"{where}: the block differs from {src}"
                                    f"{'#' + region if region else ''} "
                                    "(run tests/check_readme_samples.py --update)")
        if update and last:
            path.write_text("\n".join(out + lines[last:]))
            print(f"updated {readme}")
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{checked} README samples match their files")


if __name__ == "__main__":
    main()
