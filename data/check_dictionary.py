#!/usr/bin/env python3
"""Check the bundled entity dictionary data/entities.jsonl.

Usage (from the project root):

    python3 data/check_dictionary.py [GOLD] [--entities FILE]

GOLD defaults to ../shared/gold/entities.jsonl relative to the project root;
when that file is missing the gold checks are skipped with a message.
FILE defaults to data/entities.jsonl.

Prints a summary and exits with status 1 when any problem is found
(status 2 when a file cannot be read). Standard library only.
"""

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

TYPES = ("company", "fund", "person", "product")
REQUIRED_KEYS = {"name", "type", "aliases"}
OPTIONAL_KEYS = {"parent"}
MIN_ENTITIES = 400
MIN_ALIAS_CHARS = 2

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ENTITIES = ROOT / "data" / "entities.jsonl"
DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "entities.jsonl"


def is_cjk(ch):
    """A Han ideograph (the script of Chinese names)."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x3134F
    )


def is_latin(ch):
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def has_cjk(s):
    return any(is_cjk(c) for c in s)


def has_latin(s):
    return any(is_latin(c) for c in s)


def is_ascii_alnum(ch):
    return ch.isascii() and ch.isalnum()


def norm(s):
    """The key under which dealgraph compares aliases (src/dictionary.rs alias_key):
    NFKC, trimmed, a run of spaces kept as one space only between two ASCII letters or
    digits ("Falcon Edge") and dropped elsewhere ("H 资本" = "H资本"), lower-cased."""
    s = unicodedata.normalize("NFKC", s).strip()
    s = re.sub(r"\s+", " ", s)
    out = []
    for i, c in enumerate(s):
        if c == " " and not (is_ascii_alnum(s[i - 1]) and is_ascii_alnum(s[i + 1])):
            continue
        out.append(c)
    return "".join(out).lower()


class Report:
    def __init__(self):
        self.problems = []

    def error(self, where, msg):
        self.problems.append(f"{where}: {msg}")


def load_jsonl(path, report, label):
    """Return [(line_number, object)], reporting broken lines."""
    rows = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        print(f"error: cannot read {label} {path}: {e}", file=sys.stderr)
        sys.exit(2)
    except UnicodeDecodeError as e:
        print(f"error: {label} {path} is not UTF-8: {e}", file=sys.stderr)
        sys.exit(2)
    for n, line in enumerate(text.split("\n"), 1):
        if line == "" and n == len(text.split("\n")):
            break  # the final newline
        if not line.strip():
            report.error(f"{path.name}:{n}", "blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            report.error(f"{path.name}:{n}", f"invalid JSON: {e}")
            continue
        rows.append((n, obj))
    return rows


def check_shape(n, obj, report):
    where = f"line {n}"
    if not isinstance(obj, dict):
        report.error(where, "not a JSON object")
        return False
    keys = set(obj)
    missing = REQUIRED_KEYS - keys
    extra = keys - REQUIRED_KEYS - OPTIONAL_KEYS
    if missing:
        report.error(where, f"missing key(s) {sorted(missing)}")
    if extra:
        report.error(where, f"unexpected key(s) {sorted(extra)}")
    if missing:
        return False
    ok = True
    if not isinstance(obj["name"], str) or not obj["name"].strip():
        report.error(where, "name must be a non-empty string")
        ok = False
    elif obj["name"] != obj["name"].strip():
        report.error(where, f"name {obj['name']!r} has surrounding whitespace")
    if obj["type"] not in TYPES:
        report.error(where, f"type {obj['type']!r} is not one of {', '.join(TYPES)}")
    aliases = obj["aliases"]
    if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) for a in aliases):
        report.error(where, "aliases must be a non-empty list of strings")
        ok = False
    if "parent" in obj and (not isinstance(obj["parent"], str) or not obj["parent"].strip()):
        report.error(where, "parent must be a non-empty string when present")
        ok = False
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD,
                    help="gold entities.jsonl (default: ../shared/gold/entities.jsonl)")
    ap.add_argument("--entities", type=Path, default=DEFAULT_ENTITIES,
                    help="dictionary to check (default: data/entities.jsonl)")
    args = ap.parse_args()

    report = Report()
    rows = load_jsonl(args.entities, report, "dictionary")
    entities = [(n, o) for n, o in rows if check_shape(n, o, report)]

    # names, types, parents
    by_name = {}
    for n, e in entities:
        if e["name"] in by_name:
            report.error(f"line {n}", f"duplicate name {e['name']!r} (first on line {by_name[e['name']][0]})")
        else:
            by_name[e["name"]] = (n, e)
    position = {e["name"]: i for i, (_, e) in enumerate(entities)}
    for n, e in entities:
        p = e.get("parent")
        if p is None:
            continue
        if p == e["name"]:
            report.error(f"line {n}", f"{e['name']!r} is its own parent")
        elif p not in by_name:
            report.error(f"line {n}", f"parent {p!r} of {e['name']!r} is not an entity")
    for n, e in entities:  # cycles
        seen, cur = {e["name"]}, e.get("parent")
        while cur in by_name:
            if cur in seen:
                report.error(f"line {n}", f"parent chain of {e['name']!r} loops")
                break
            seen.add(cur)
            cur = by_name[cur][1].get("parent")

    # aliases: length, whitespace, duplicates inside an entity, collisions
    owner = {}
    n_aliases = 0
    for n, e in entities:
        where = f"line {n} ({e['name']})"
        if e["aliases"][0] != e["name"]:
            report.error(where, "the first alias must be the name itself")
        if len(set(e["aliases"])) != len(e["aliases"]):
            dups = [a for a, c in Counter(e["aliases"]).items() if c > 1]
            report.error(where, f"alias(es) repeated: {dups}")
        forms = set()
        for a in [e["name"]] + e["aliases"]:
            if a != a.strip() or "  " in a:
                report.error(where, f"alias {a!r} has stray whitespace")
            if len(unicodedata.normalize("NFKC", a).strip()) < MIN_ALIAS_CHARS:
                report.error(where, f"alias {a!r} is shorter than {MIN_ALIAS_CHARS} characters")
            forms.add(norm(a))
        n_aliases += len(e["aliases"])
        for k in forms:
            if k in owner and owner[k] != e["name"]:
                report.error(where, f"surface form {k!r} is also claimed by {owner[k]!r}")
            else:
                owner.setdefault(k, e["name"])

    # gold
    gold_names = []
    gold_by_name = {}
    have_gold = args.gold.is_file()
    if have_gold:
        gold_report = Report()
        for n, g in load_jsonl(args.gold, gold_report, "gold file"):
            gold_names.append(g["name"])
            gold_by_name[g["name"]] = g
        for p in gold_report.problems:
            report.error("gold", p)
        for g in gold_by_name.values():
            if g["name"] not in by_name:
                report.error("gold", f"entity {g['name']!r} is missing")
                continue
            n, e = by_name[g["name"]]
            if e["type"] != g["type"]:
                report.error(f"line {n}", f"{g['name']!r} has type {e['type']!r}, gold says {g['type']!r}")
            missing = [a for a in g["aliases"] if a not in e["aliases"]]
            if missing:
                report.error(f"line {n}", f"{g['name']!r} lacks gold alias(es) {missing}")
        # order: the gold entities first, in gold order
        head = [e["name"] for _, e in entities[: len(gold_names)]]
        if head != gold_names:
            first = next((i for i, (a, b) in enumerate(zip(head, gold_names)) if a != b), len(head))
            report.error("order", f"the file must start with the {len(gold_names)} gold entities in gold "
                                  f"order; entry {first + 1} differs")
        gold_note = f"gold: {len(gold_by_name)} entities from {args.gold} checked"
    else:
        gold_note = (f"gold: {args.gold} not found, gold checks skipped (presence, order, "
                     f"CJK/Latin exemptions)")

    # order of the rest: grouped by sector by hand, each parent before its children
    # (which entities are gold is only known with the gold file)
    if have_gold:
        for i, (n, e) in enumerate(entities):
            if e["name"] in gold_by_name:
                continue
            p = e.get("parent")
            if p in position and position[p] > i:
                report.error(f"line {n}", f"parent {p!r} must come before {e['name']!r}")

    # script coverage: a CJK and a Latin surface form, except for gold entities
    # whose gold record has none; without the gold file a gap is only counted
    exempt, unknown = [], []
    for n, e in entities:
        forms = [e["name"]] + e["aliases"]
        g = gold_by_name.get(e["name"])
        g_forms = [g["name"]] + g["aliases"] if g else None
        for label, test in (("CJK", has_cjk), ("Latin", has_latin)):
            if any(test(a) for a in forms):
                continue
            if not have_gold:
                unknown.append(f"{e['name']} (no {label})")
            elif g_forms is not None and not any(test(a) for a in g_forms):
                exempt.append(f"{e['name']} (no {label})")
            else:
                report.error(f"line {n} ({e['name']})", f"no {label} surface form")

    if len(entities) < MIN_ENTITIES:
        report.error("size", f"{len(entities)} entities, at least {MIN_ENTITIES} required")

    # summary
    types = Counter(e["type"] for _, e in entities)
    print(f"{args.entities}: {len(entities)} entities, {n_aliases} aliases, "
          f"{len(owner)} distinct normalised surface forms")
    print("  " + ", ".join(f"{t} {types.get(t, 0)}" for t in TYPES))
    print(f"  with a parent: {sum(1 for _, e in entities if 'parent' in e)}")
    print("  " + gold_note)
    if exempt:
        print(f"  gold entities without a CJK or Latin form (allowed, gold has none): {len(exempt)}")
    if unknown:
        print(f"  entities without a CJK or Latin form (not checked without gold): {len(unknown)}")
    if report.problems:
        print(f"{len(report.problems)} problem(s):", file=sys.stderr)
        for p in report.problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
