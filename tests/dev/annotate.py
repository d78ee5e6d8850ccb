#!/usr/bin/env python3
"""Builds tests/dev/relations.jsonl from the compact annotation below (hand-annotated by
GUIDELINES.md before looking at dealgraph's output). Each line: doc | sentence substring |
source | rel | target | status | role | amount | round | stake | source_surface | target_surface.
Empty fields are null; status defaults to asserted. Sentences are found in the article text."""
import json, re, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))
REL = {"I": "invest", "A": "acquire", "H": "holds_stake", "C": "controls", "O": "owns", "P": "partner", "X": "compete"}
ST = {"": "asserted", "d": "denied", "s": "speculative", "p": "planned", "h": "hypothetical"}
arts = {}
for l in open(os.path.join(HERE, "articles.jsonl"), encoding="utf-8"):
    d = json.loads(l)
    arts[d["id"]] = d
def clean(t):
    t = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", t)
    t = re.sub(r"\]\([^)]*\)", "]", t)
    return re.sub(r"<https?://[^>]*>", "", t)
def sentences(text):
    text = clean(text)
    return [s.strip() for s in re.split(r"(?<=[。！？!?])|\n", text) if s.strip()]
def date_of(text):
    m = re.search(r"techcrunch\.com(?::80)?/(\d{4})/(\d{2})/(\d{2})/", text)
    return "-".join(m.groups()) if m else None
out = []
bad = 0
for raw in open(os.path.join(HERE, "annotation.txt"), encoding="utf-8"):
    raw = raw.rstrip("\n")
    if not raw.strip() or raw.startswith("#"):
        continue
    f = [x.strip() for x in raw.split("|")]
    f += [""] * (12 - len(f))
    doc, sub, src, rel, tgt, st, role, amt, rnd, stake, ss, ts = f[:12]
    doc = next(k for k in arts if k.startswith(doc + "_"))
    text = arts[doc]["text"]
    hits = [s for s in sentences(text) if sub in s]
    if not hits:
        print("NO SENTENCE:", raw, file=sys.stderr); bad += 1; continue
    s = hits[0]
    for surf in (ss or src, ts or tgt):
        if surf not in s:
            print("surface not in sentence:", surf, "|", raw, file=sys.stderr)
    out.append({"doc": doc, "sentence": s, "source": src, "relation": REL[rel], "target": tgt,
                "status": ST[st], "role": role or None, "amount": amt or None, "round": rnd or None,
                "stake": stake or None, "date": date_of(text),
                "source_surface": ss or src, "target_surface": ts or tgt})
with open(os.path.join(HERE, "relations.jsonl"), "w", encoding="utf-8") as w:
    for o in out:
        w.write(json.dumps(o, ensure_ascii=False) + "\n")
print(len(out), "lines;", bad, "unresolved", file=sys.stderr)
