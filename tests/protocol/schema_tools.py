#!/usr/bin/env python3
"""App-server protocol snapshots: drift test, method-name check, cross-version report.

Python 3 stdlib only. The snapshots are the bundled experimental JSON schema each tested
app-server writes about itself, committed as

    protocol/schema/<version>/codex_app_server_protocol.schemas.json

(from `codex app-server generate-json-schema --out DIR --experimental`). That bundle is the one
that holds all four message lists -- ClientRequest, ClientNotification, ServerRequest,
ServerNotification -- and every v2 type under definitions.v2; the `...v2.schemas.json` bundle
beside it lacks ClientNotification (`initialized`) and ServerRequest (the approvals).

Subcommands:

    snapshot --codex-bin BIN            write the snapshot of BIN's version (after a version bump)
    drift --codex-bin BIN               regenerate BIN's schema and compare it with the snapshot of
                                        ITS OWN version; exit 1 with a readable diff of methods,
                                        required fields, properties, enums and variants
    methods [--source FILE]             every method name the library uses (src/protocol/methods.rs,
                                        `pub const X: &str = "a/b";`) exists in every snapshot
    types [--source PATH]               the library's serde types (src/protocol/): each names a schema
                                        type; its fields exist there; a field Rust requires is
                                        required and non-null in every snapshot; enum variants are
                                        schema values (the `#[serde(other)]` catch-all excepted)
    report OLD NEW [--markdown]         what changed between two snapshot versions (docs/compatibility.md)

The comparison works on a normalized model: the four method lists (name -> params type) and
every "shape" -- a definition, each titled variant of its oneOf/anyOf (named Parent/VariantTitle)
and each inline object property (Parent.prop) -- with its properties (compact type strings),
required fields, enum values and variants.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SNAPSHOTS = os.path.join(REPO, "protocol", "schema")
BUNDLE = "codex_app_server_protocol.schemas.json"
LISTS = ("ClientRequest", "ClientNotification", "ServerRequest", "ServerNotification")
LIST_LABEL = {
    "ClientRequest": "client requests",
    "ClientNotification": "client notifications",
    "ServerRequest": "server requests",
    "ServerNotification": "server notifications",
}


# ---- loading and normalizing ----------------------------------------------------------------

def binary_version(codex_bin):
    out = subprocess.run([codex_bin, "--version"], capture_output=True, text=True, timeout=60,
                         check=True).stdout.strip()
    m = re.search(r"(\d+\.\d+\.\d+\S*)", out)
    if not m:
        raise SystemExit(f"cannot read a version from `{codex_bin} --version`: {out!r}")
    return m.group(1)


def generate(codex_bin, out_dir):
    subprocess.run([codex_bin, "app-server", "generate-json-schema", "--out", out_dir,
                    "--experimental"], check=True, capture_output=True, timeout=120)
    return os.path.join(out_dir, BUNDLE)


def snapshot_path(version):
    return os.path.join(SNAPSHOTS, version, BUNDLE)


def snapshot_versions():
    if not os.path.isdir(SNAPSHOTS):
        return []
    vs = [v for v in os.listdir(SNAPSHOTS) if os.path.isfile(snapshot_path(v))]
    return sorted(vs, key=lambda v: [int(x) if x.isdigit() else x for x in re.split(r"[.-]", v)])


def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def definitions(doc):
    """Top-level definitions plus definitions.v2, flattened (top level wins on a name clash)."""
    top = dict(doc.get("definitions", {}))
    nested = top.pop("v2", {})
    defs = dict(nested)
    defs.update(top)
    return defs


def type_str(s):
    """A compact, comparable rendering of a property's schema."""
    if not isinstance(s, dict):
        return "any"
    if "$ref" in s:
        return ref_name(s["$ref"])
    if "allOf" in s and len(s["allOf"]) == 1:
        return type_str(s["allOf"][0])
    for key in ("anyOf", "oneOf"):
        if key in s and "properties" not in s:
            return " | ".join(sorted({type_str(x) for x in s[key]}))
    if "enum" in s:
        return "enum(" + ", ".join(json.dumps(v) for v in s["enum"]) + ")"
    if "const" in s:
        return json.dumps(s["const"])
    t = s.get("type")
    types = t if isinstance(t, list) else [t] if t else []
    out = []
    for t in types:
        if t == "array":
            out.append(type_str(s.get("items", {})) + "[]")
        elif t == "object":
            ap = s.get("additionalProperties")
            out.append(f"map<{type_str(ap)}>" if isinstance(ap, dict) else "object")
        else:
            out.append(t)
    return " | ".join(out) if out else "any"


def variant_name(parent, v, i):
    if v.get("title"):
        return f"{parent}/{v['title']}"
    props = v.get("properties", {})
    for p, ps in props.items():  # a tag property with one value: {"type": {"enum": ["text"]}}
        if isinstance(ps, dict) and len(ps.get("enum", [])) == 1:
            return f"{parent}/{p}={ps['enum'][0]}"
    if len(v.get("required", [])) == 1 and not v.get("enum"):
        return f"{parent}/{v['required'][0]}"
    if not props:  # an untyped catch-all such as {"type": ["string", "object"]}
        return f"{parent}/<{type_str(v)}>"
    return f"{parent}/#{i}"


def shapes_of(name, s, out):
    """Fill out[name] = {props, required, enum, variants} for s and its nested variants."""
    if not isinstance(s, dict):
        return
    if "allOf" in s and len(s["allOf"]) == 1 and "$ref" in s["allOf"][0] and "properties" not in s:
        out[name] = {"alias": ref_name(s["allOf"][0]["$ref"])}
        return
    shape = {}
    if s.get("type") == "object" and not any(k in s for k in ("properties", "oneOf", "anyOf")) \
            and not isinstance(s.get("additionalProperties"), dict):
        shape["props"], shape["required"] = {}, []  # an empty object: fields may come later
    if "properties" in s:
        shape["props"] = {p: type_str(ps) for p, ps in s["properties"].items()}
        shape["required"] = sorted(s.get("required", []))
        for p, ps in s["properties"].items():
            if isinstance(ps, dict) and "properties" in ps:
                shapes_of(f"{name}.{p}", ps, out)
    if "enum" in s:
        shape["enum"] = [v for v in s["enum"]]
    for key in ("oneOf", "anyOf"):
        if key not in s:
            continue
        variants = []
        for i, v in enumerate(s[key]):
            if not isinstance(v, dict):
                continue
            if "enum" in v and "properties" not in v:  # bare string values of a mixed union
                shape.setdefault("enum", []).extend(v["enum"])
            elif "$ref" in v:
                variants.append(ref_name(v["$ref"]))
            elif v.get("type") == "null":
                variants.append("null")
            else:
                vn = variant_name(name, v, i)
                variants.append(vn[len(name) + 1:])
                shapes_of(vn, v, out)
        if variants:
            shape.setdefault("variants", []).extend(variants)
    if not shape:
        shape["type"] = type_str(s)
    out[name] = shape


def model(path):
    with open(path) as f:
        doc = json.load(f)
    defs = definitions(doc)
    methods = {}
    for lst in LISTS:
        methods[lst] = {}
        for entry in defs.get(lst, {}).get("oneOf", []):
            names = entry.get("properties", {}).get("method", {}).get("enum", [])
            params = entry.get("properties", {}).get("params")
            for m in names:
                methods[lst][m] = type_str(params) if params else "(none)"
    shapes = {}
    for name, s in defs.items():
        if name in LISTS:
            continue
        shapes_of(name, s, shapes)
    return {"methods": methods, "shapes": shapes, "defs": set(defs), "raw": doc}


# ---- diffing --------------------------------------------------------------------------------

def diff(old, new):
    """A list of (section, line) describing old -> new."""
    out = []
    for lst in LISTS:
        a, b = old["methods"][lst], new["methods"][lst]
        for m in sorted(set(b) - set(a)):
            out.append(("methods", f"+ {LIST_LABEL[lst]}: `{m}` (params {b[m]})"))
        for m in sorted(set(a) - set(b)):
            out.append(("methods", f"- {LIST_LABEL[lst]}: `{m}` removed"))
        for m in sorted(set(a) & set(b)):
            if a[m] != b[m]:
                out.append(("methods", f"~ {LIST_LABEL[lst]}: `{m}` params {a[m]} -> {b[m]}"))
    top_old = {n for n in old["shapes"] if "/" not in n and "." not in n}
    top_new = {n for n in new["shapes"] if "/" not in n and "." not in n}
    for n in sorted(top_new - top_old):
        out.append(("types added", f"+ `{n}`"))
    for n in sorted(top_old - top_new):
        out.append(("types removed", f"- `{n}`"))
    for n in sorted(set(old["shapes"]) & set(new["shapes"])):
        a, b = old["shapes"][n], new["shapes"][n]
        if a == b:
            continue
        pa, pb = a.get("props", {}), b.get("props", {})
        ra, rb = set(a.get("required", [])), set(b.get("required", []))
        for p in sorted(set(pb) - set(pa)):
            req = "required" if p in rb else "optional"
            sec = "required fields" if p in rb else "optional fields added"
            out.append((sec, f"+ `{n}.{p}`: {pb[p]} ({req}, new)"))
        for p in sorted(set(pa) - set(pb)):
            was = "required" if p in ra else "optional"
            out.append(("fields removed", f"- `{n}.{p}` removed (was {was}: {pa[p]})"))
        for p in sorted(set(pa) & set(pb)):
            if pa[p] != pb[p]:
                out.append(("fields retyped", f"~ `{n}.{p}`: {pa[p]} -> {pb[p]}"))
            if p in rb and p not in ra:
                out.append(("required fields", f"+ `{n}.{p}` is now required"))
            if p in ra and p not in rb:
                out.append(("required fields", f"- `{n}.{p}` is no longer required"))
        ea, eb = a.get("enum", []), b.get("enum", [])
        added = [v for v in eb if v not in ea]
        removed = [v for v in ea if v not in eb]
        if added:
            out.append(("enum values added", f"+ `{n}`: " + ", ".join(json.dumps(v) for v in added)))
        if removed:
            out.append(("enum values removed",
                        f"- `{n}`: " + ", ".join(json.dumps(v) for v in removed)
                        + f" (now {', '.join(json.dumps(v) for v in eb) or 'none'})"))
        va, vb = a.get("variants", []), b.get("variants", [])
        for v in vb:
            if v not in va:
                out.append(("variants added", f"+ `{n}`: variant `{v}`"))
        for v in va:
            if v not in vb:
                out.append(("variants removed", f"- `{n}`: variant `{v}` removed"))
        if "type" in a or "type" in b or "alias" in a or "alias" in b:
            if (a.get("type"), a.get("alias")) != (b.get("type"), b.get("alias")):
                out.append(("fields retyped",
                            f"~ `{n}`: {a.get('type') or a.get('alias')} -> "
                            f"{b.get('type') or b.get('alias')}"))
    # Variant shapes that appear or vanish inside a type both versions have.
    for n in sorted(set(new["shapes"]) - set(old["shapes"]) - top_new):
        parent = re.split(r"[/.]", n)[0]
        if parent in top_old and "." in n and "/" not in n:
            out.append(("optional fields added", f"+ `{n}` (new inline object)"))
    return out


SECTION_ORDER = [
    "methods", "fields removed", "required fields", "fields retyped", "enum values removed",
    "variants removed", "types removed", "enum values added", "variants added",
    "optional fields added", "types added",
]
SECTION_TITLE = {
    "methods": "Methods",
    "fields removed": "Fields removed",
    "required fields": "Required fields added or changed",
    "fields retyped": "Fields retyped",
    "enum values removed": "Enum values removed (enums narrowed)",
    "variants removed": "Union variants removed",
    "types removed": "Types removed",
    "enum values added": "Enum values added",
    "variants added": "Union variants added",
    "optional fields added": "Optional fields added",
    "types added": "Types added",
}


def render(changes, markdown=False, limit=None):
    lines = []
    by = {}
    for sec, line in changes:
        by.setdefault(sec, []).append(line)
    for sec in SECTION_ORDER:
        items = by.get(sec)
        if not items:
            continue
        lines.append(f"\n#### {SECTION_TITLE[sec]} ({len(items)})\n" if markdown
                     else f"== {SECTION_TITLE[sec]} ({len(items)})")
        shown = items if limit is None else items[:limit]
        for it in shown:
            lines.append(("- " + it[2:]) if markdown else "  " + it)
        if len(shown) < len(items):
            lines.append(f"  ... and {len(items) - len(shown)} more")
    return "\n".join(lines)


# ---- the library's method names -------------------------------------------------------------

CONST_RE = re.compile(r'(?:pub(?:\([a-z]+\))?\s+)?const\s+([A-Z0-9_]+)\s*:\s*&(?:\'static\s+)?str\s*=\s*"([^"]+)"')
# Fallback while src/protocol/methods.rs does not exist: literals at the library's call sites.
CALL_RE = re.compile(r'\.(call|notify|request)\(\s*"([a-zA-Z]+(?:/[A-Za-z]+)*)"')


SECTION_RE = re.compile(r"^\s*//.*\b(client|server)\s*(?:→|->|to)\s*(client|server)\s+(requests?|notifications?)",
                        re.I)


def section_list(line):
    """The message list a methods.rs section comment names, e.g. `// ---- client → server requests`."""
    m = SECTION_RE.match(line)
    if not m or m.group(1).lower() == m.group(2).lower():
        return None
    kind = "Request" if m.group(3).lower().startswith("request") else "Notification"
    return ("Client" if m.group(1).lower() == "client" else "Server") + kind


def library_methods(source):
    """[(name, value, where, list or None)] from methods.rs constants (the list their section
    comment names, if any), or from call sites as a fallback."""
    if os.path.isfile(source):
        found, current = [], None
        with open(source) as f:
            for line in f:
                if line.lstrip().startswith("//"):
                    current = section_list(line) or current
                    continue
                for n, v in CONST_RE.findall(line):
                    found.append((n, v, os.path.relpath(source, REPO), current))
        if not found:
            raise SystemExit(f"{source}: no `pub const NAME: &str = \"...\";` method constants found")
        return found, "constants"
    found = []
    src = os.path.join(REPO, "src")
    for dirpath, _, files in os.walk(src):
        for fn in sorted(files):
            if not fn.endswith(".rs") or fn == "fuzz.rs":
                continue
            path = os.path.join(dirpath, fn)
            with open(path) as f:
                text = f.read()
            text = re.sub(r"#\[cfg\(test\)\].*", "", text, flags=re.S)  # unit tests at the end
            for kind, v in CALL_RE.findall(text):
                lst = "ClientNotification" if kind == "notify" else "ClientRequest"
                found.append((kind, v, os.path.relpath(path, REPO), lst))
    return found, "call sites"


def cmd_methods(args):
    source = args.source or os.path.join(REPO, "src", "protocol", "methods.rs")
    names, how = library_methods(source)
    versions = snapshot_versions()
    if not versions:
        raise SystemExit(f"no snapshots under {SNAPSHOTS}")
    models = {v: model(snapshot_path(v)) for v in versions}
    bad = 0
    seen = set()
    for name, value, where, expected in names:
        if value in seen:
            continue
        seen.add(value)
        where_found, missing = {}, 0
        for v in versions:
            lists = [lst for lst in LISTS if value in models[v]["methods"][lst]]
            if expected and expected not in lists:
                also = f" (it is one of its {', '.join(LIST_LABEL[x] for x in lists)})" if lists else ""
                print(f"FAIL {value!r} ({name}, {where}) is not one of the {LIST_LABEL[expected]} "
                      f"of app-server {v}{also}")
                missing += 1
            elif not lists:
                print(f"FAIL {value!r} ({name}, {where}) is not a method of app-server {v}")
                missing += 1
            for lst in lists:
                where_found.setdefault(LIST_LABEL[lst], []).append(v)
        bad += missing
        if not missing:
            print(f"ok   {value!r}: " + "; ".join(f"{k} of {', '.join(vs)}"
                                               for k, vs in where_found.items()))
    print(f"{len(seen)} method names from {how} ({os.path.relpath(source, REPO) if how == 'constants' else 'src/'}) "
          f"checked against snapshots {', '.join(versions)}: {bad} missing")
    return 1 if bad else 0


# ---- the library's Rust types ---------------------------------------------------------------

ITEM_RE = re.compile(r"((?:^[ \t]*(?:#\[[^\n]*\]|///?[^\n]*)\n)*)^[ \t]*(pub(?:\([a-z]+\))?\s+)?(struct|enum)\s+"
                     r"([A-Za-z0-9_]+)(?:<[^>{]*>)?\s*\{\n(.*?)^[ \t]*\}", re.M | re.S)
FIELD_RE = re.compile(r"^[ \t]*(?:pub(?:\([a-z]+\))?\s+)?(?:r#)?([a-z_][a-z0-9_]*)\s*:\s*([^\n]+?),?[ \t]*$")
VARIANT_RE = re.compile(r"^[ \t]*([A-Z][A-Za-z0-9]*)\s*(?:[({,]|$)")


def wire_name(rust, rename_all):
    """serde's rename_all for a snake_case field or a PascalCase variant."""
    words = [w for w in re.split(r"_|(?<=[a-z0-9])(?=[A-Z])", rust) if w]
    lower = [w.lower() for w in words]
    if rename_all == "camelCase":
        return lower[0] + "".join(w[:1].upper() + w[1:] for w in lower[1:])
    if rename_all == "PascalCase":
        return "".join(w[:1].upper() + w[1:] for w in lower)
    if rename_all == "snake_case":
        return "_".join(lower)
    if rename_all == "SCREAMING_SNAKE_CASE":
        return "_".join(lower).upper()
    if rename_all == "kebab-case":
        return "-".join(lower)
    if rename_all == "lowercase":
        return "".join(lower)
    return rust


def serde_attr(attrs, key):
    m = re.search(r"#\[serde\([^\]]*\b" + key + r'\s*=\s*"([^"]+)"', attrs)
    return m.group(1) if m else None


def rust_types(paths):
    """[(name, kind, schema_name, attrs, members)] from `pub struct/enum` items with serde attrs."""
    items = []
    for path in paths:
        with open(path) as f:
            text = f.read()
        text = re.sub(r"#\[cfg\(test\)\]\s*mod\s+tests.*", "", text, flags=re.S)
        for attrs, vis, kind, name, body in ITEM_RE.findall(text):
            if "Deserialize" not in attrs and "Serialize" not in attrs:
                continue
            m = re.search(r"//[/!]?\s*schema:\s*(\S+)", attrs)
            schema_name = m.group(1) if m else name
            if schema_name == "none":
                continue
            members, pending = [], ""
            depth = 0
            for line in body.splitlines():
                stripped = line.strip()
                if depth == 0 and (stripped.startswith("#[") or stripped.startswith("//")):
                    pending += stripped + "\n"
                    continue
                if depth == 0:
                    if kind == "struct":
                        fm = FIELD_RE.match(line)
                        if fm:
                            members.append((fm.group(1), fm.group(2).strip(), pending))
                    else:
                        vm = VARIANT_RE.match(line)
                        if vm:
                            members.append((vm.group(1), "", pending))
                    pending = ""
                depth += line.count("{") + line.count("(") - line.count("}") - line.count(")")
                depth = max(depth, 0)
            # A private type with neither a schema name nor an annotation is a local decode view:
            # reported, not failed (`// schema: Name` makes it checked, `// schema: none` quiet).
            loose = not vis and not m
            items.append((name, kind, schema_name, attrs, members, os.path.relpath(path, REPO), loose))
    return items


def check_type(item, m, version):
    name, kind, schema_name, attrs, members, where, loose = item
    shapes = m["shapes"]
    if schema_name not in shapes and loose:
        return []
    if schema_name not in shapes:
        return [f"{where}: `{name}` names no type of app-server {version} "
                f"(mark it `// schema: OtherName` or `// schema: none`)"]
    shape = shapes[schema_name]
    rename_all = serde_attr(attrs, "rename_all")
    bad = []
    if kind == "struct":
        props, required = shape.get("props"), set(shape.get("required", []))
        if props is None:
            return [f"{where}: `{name}` is a struct but `{schema_name}` is not an object in {version}"]
        fields = {}
        for rust, ty, fattrs in members:
            if "flatten" in fattrs or "skip" in re.sub(r"skip_serializing_if", "", fattrs):
                continue
            wire = serde_attr(fattrs, "rename") or wire_name(rust, rename_all)
            optional = ty.startswith("Option<") or re.search(r"#\[serde\([^\]]*\bdefault\b", fattrs)
            fields[wire] = (rust, bool(optional))
            if wire not in props:
                bad.append(f"{where}: `{name}.{rust}` (wire `{wire}`) is not a field of "
                           f"`{schema_name}` in {version}")
            elif not optional and (wire not in required or "null" in props[wire].split(" | ")):
                why = "optional" if wire not in required else f"nullable ({props[wire]})"
                bad.append(f"{where}: `{name}.{rust}` is required in Rust but `{schema_name}.{wire}` "
                           f"is {why} in {version}: make it Option<_> or #[serde(default)]")
        if schema_name.endswith("Params"):
            for wire in sorted(required - set(fields)):
                bad.append(f"{where}: `{name}` lacks `{wire}`, required by `{schema_name}` in {version}")
    else:
        tag = serde_attr(attrs, "tag")
        if tag:
            values = set()
            for sub, sh in shapes.items():
                if sub.startswith(schema_name + "/") and sub.count("/") == 1:
                    t = sh.get("props", {}).get(tag, "")
                    values.update(json.loads(v) for v in re.findall(r'"[^"]*"', t))
        else:
            values = set(v for v in shape.get("enum", []) if isinstance(v, str))
        if not values and "variants" in shape:
            return []  # an untagged union: checked by the serde decode tests, not here
        for rust, _, vattrs in members:
            if "other" in re.findall(r"#\[serde\(([a-z]+)\)\]", vattrs):
                continue
            wire = serde_attr(vattrs, "rename") or wire_name(rust, rename_all)
            if wire not in values:
                bad.append(f"{where}: `{name}::{rust}` (wire `{wire}`) is not a value of "
                           f"`{schema_name}` in {version} ({', '.join(sorted(values))})")
    return bad


def cmd_types(args):
    root = args.source or os.path.join(REPO, "src", "protocol")
    paths = [root] if os.path.isfile(root) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".rs")
    ) if os.path.isdir(root) else []
    items = rust_types(paths)
    if not items:
        print(f"no serde types under {os.path.relpath(root, REPO)} yet: nothing to check")
        return 0
    versions = snapshot_versions()
    models = {v: model(snapshot_path(v)) for v in versions}
    problems = {}  # the same problem in several versions is one line
    for item in items:
        for v in versions:
            for msg in check_type(item, models[v], "VERSION"):
                problems.setdefault(msg, []).append(v)
    bad = [msg.replace("VERSION", ", ".join(vs)) for msg, vs in problems.items()]
    unchecked = 0
    for item in items:
        if item[6] and not any(item[2] in models[v]["shapes"] for v in versions):
            unchecked += 1
            print(f"note {item[5]}: private `{item[0]}` is not checked: no schema type of that name "
                  f"(mark it `// schema: Name` to check it, `// schema: none` to say it has none)")
    for b in bad:
        print("FAIL " + b)
    print(f"{len(items) - unchecked} Rust types checked against snapshots {', '.join(versions)}: {len(bad)} problems")
    return 1 if bad else 0


# ---- subcommands ----------------------------------------------------------------------------

def cmd_snapshot(args):
    version = binary_version(args.codex_bin)
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(args.codex_bin, tmp)
        dest = snapshot_path(version)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(path, "rb") as f, open(dest, "wb") as g:
            g.write(f.read())
    print(f"wrote {os.path.relpath(dest, REPO)}")
    return 0


def cmd_drift(args):
    version = binary_version(args.codex_bin)
    snap = snapshot_path(version)
    if not os.path.isfile(snap):
        print(f"FAIL: no snapshot for app-server {version} ({os.path.relpath(snap, REPO)}).\n"
              f"A new version is tested: review its schema, then record it with\n"
              f"  python3 tests/protocol/schema_tools.py snapshot --codex-bin {args.codex_bin}\n"
              f"and regenerate docs/compatibility.md (tests/protocol/gen_compat_doc.py).")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        live = model(generate(args.codex_bin, tmp))
    want = model(snap)
    if live["raw"] == want["raw"]:
        print(f"ok: app-server {version} matches {os.path.relpath(snap, REPO)} "
              f"({sum(len(m) for m in want['methods'].values())} methods, {len(want['defs'])} types)")
        return 0
    changes = diff(want, live)
    print(f"FAIL: the schema app-server {version} generates differs from its snapshot "
          f"{os.path.relpath(snap, REPO)} (snapshot -> live):")
    if changes:
        print(render(changes))
    else:
        print("  no change in methods, fields, required fields, enums or variants: only "
              "descriptions, defaults or formats differ")
    print("If the binary changed on purpose, rerun `schema_tools.py snapshot` and review the diff.")
    return 1


def reachable(m, methods):
    """Top-level types the library's messages carry: the params of each method it uses, the
    XResponse of each XParams it sends, and every type those refer to."""
    defs = definitions(m["raw"])
    todo = []
    for lst in LISTS:
        for meth, params in m["methods"][lst].items():
            if meth not in methods:
                continue
            for t in params.split(" | "):
                todo.append(t)
                if lst == "ClientRequest" and t.endswith("Params"):
                    todo.append(t[:-len("Params")] + "Response")
    seen = set()
    while todo:
        t = todo.pop()
        if t in seen or t not in defs:
            continue
        seen.add(t)
        todo.extend(ref_name(r) for r in re.findall(r'"\$ref":\s*"([^"]+)"', json.dumps(defs[t])))
    return seen


def cmd_report(args):
    old, new = model(snapshot_path(args.old)), model(snapshot_path(args.new))
    changes = diff(old, new)
    names, _ = library_methods(os.path.join(REPO, "src", "protocol", "methods.rs"))
    methods = {n[1] for n in names}
    used = reachable(old, methods) | reachable(new, methods)

    def touches(line):
        shape = re.search(r"`([^`]+)`", line)
        return shape and re.split(r"[/.]", shape.group(1))[0] in used

    ours = [(sec, line) for sec, line in changes
            if sec not in ("methods", "types added", "types removed") and touches(line)]
    if args.markdown:
        counts = {lst: (len(old["methods"][lst]), len(new["methods"][lst])) for lst in LISTS}
        print(f"Generated by `python3 tests/protocol/schema_tools.py report {args.old} {args.new} "
              f"--markdown` from `protocol/schema/{args.old}/`, `protocol/schema/{args.new}/` and "
              f"`src/protocol/methods.rs`.\n")
        print(f"| list | {args.old} | {args.new} |\n|---|---|---|")
        for lst in LISTS:
            print(f"| {LIST_LABEL[lst]} | {counts[lst][0]} | {counts[lst][1]} |")
        print(f"| types | {len(old['defs'])} | {len(new['defs'])} |")
        print(f"\n#### In the types the library's own messages carry\n\n"
              f"The params and results of the {len(methods)} methods in `src/protocol/methods.rs` "
              f"and every type they refer to ({len(used)} types):")
        print(render(ours, markdown=True).replace("\n#### ", "\n##### ") or "\nnone")
        print("\n#### Everything")
    print(render(changes, markdown=args.markdown))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("snapshot", "drift"):
        p = sub.add_parser(name)
        p.add_argument("--codex-bin", default=os.environ.get("CODEX_BIN"))
    p = sub.add_parser("methods")
    p.add_argument("--source", help="default src/protocol/methods.rs (call sites if absent)")
    p = sub.add_parser("types")
    p.add_argument("--source", help="a .rs file or folder (default src/protocol/)")
    p = sub.add_parser("report")
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    if args.cmd in ("snapshot", "drift") and not args.codex_bin:
        ap.error("--codex-bin or CODEX_BIN is needed")
    return {"snapshot": cmd_snapshot, "drift": cmd_drift, "methods": cmd_methods,
            "types": cmd_types, "report": cmd_report}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
