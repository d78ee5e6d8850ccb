"""Loads dealgraph's exports into real consumers and compares them with graph.json.

Run by tests/interop.rs inside the project's .venv (see requirements.txt):

    check.py networkx OUT [--lossy-xml]   graph.json via node_link_graph, graph.graphml via read_graphml
    check.py kuzu OUT NAME                kuzu/ (COPY FROM) and cypher/ (MERGE script, run twice) in Kùzu
    check.py neo4j-csv OUT                neo4j/*.csv parsed as RFC 4180 with the import header types
    check.py jsonl OUT                    graph.jsonl line by line

Every check rebuilds the graph in one canonical form (nodes by name, edges by (source, target,
key), attributes as in graph.json) and compares it with graph.json read as plain JSON. On a
difference it prints the first ones to stderr and exits 1; otherwise it prints a JSON report
(names, counts, query answers) on stdout for the Rust test to assert on, ASCII-escaped so that
every name arrives byte for byte.
"""

import csv
import json
import os
import sys

NODE_PROPS = ["type", "aliases", "parent", "mentions", "documents"]
EDGE_PROPS = [
    "status", "weight", "documents", "role", "amount", "amount_value",
    "amount_currency", "round", "stake", "date", "evidence",
]
DEAL_PROPS = [
    "relation", "status", "round", "amount", "amount_value", "amount_currency", "stake", "date",
    "documents",
]
PARTY_PROPS = [
    "n", "role", "amount", "amount_value", "amount_currency", "stake", "date", "evidence",
]
DEAL_RELATIONS = ["invest", "acquire", "holds_stake", "controls"]
RELATIONS = [
    "invest", "acquire", "holds_stake", "controls", "owns", "partner", "compete", "co_mention",
]


def fail(what, diffs):
    print(f"{what}: {len(diffs)} differences from graph.json", file=sys.stderr)
    for d in diffs[:10]:
        print("  " + d[:2000], file=sys.stderr)
    sys.exit(1)


def reference(out):
    """graph.json as (graph attributes, {name: attrs}, {(source, target, key): attrs})."""
    with open(os.path.join(out, "graph.json"), encoding="utf-8") as f:
        data = json.load(f)
    nodes = {n["id"]: {k: n[k] for k in NODE_PROPS} for n in data["nodes"]}
    edges = {}
    for e in data["edges"]:
        attrs = {k: v for k, v in e.items() if k not in ("source", "target", "key")}
        edges[(e["source"], e["target"], e["key"])] = attrs
    return data["graph"], nodes, edges


def canonical_node(flat):
    """A node from flat properties (JSON strings, missing = None)."""
    node = {k: flat.get(k) for k in NODE_PROPS}
    node["aliases"] = json.loads(node["aliases"]) if node["aliases"] is not None else None
    return node


def amount_of(flat):
    if flat.get("amount") is None:
        return None
    return {
        "text": flat["amount"],
        "value": flat.get("amount_value"),
        "currency": flat.get("amount_currency"),
    }


def reference_deals(out):
    """deals.jsonl as {id: deal} in the canonical form below (None when there is no file)."""
    path = os.path.join(out, "deals.jsonl")
    if not os.path.exists(path):
        return None
    deals = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            deal_id = d.pop("id")
            d["parties"] = [dict(p, n=n) for n, p in enumerate(d["parties"])]
            deals[deal_id] = d
    return deals


def canonical_deal(flat, target, parties):
    """A deal from flat properties, its target and its parties [(n, name, flat party)]."""
    deal = {k: flat.get(k) for k in ["relation", "status", "round", "stake", "date"]}
    deal["amount"] = amount_of(flat)
    deal["documents"] = json.loads(flat["documents"])
    deal["target"] = target
    deal["parties"] = []
    for n, name, p in sorted(parties, key=lambda x: x[0]):
        deal["parties"].append({
            "name": name,
            "role": p.get("role"),
            "amount": amount_of(p),
            "stake": p.get("stake"),
            "date": p.get("date"),
            "evidence": json.loads(p["evidence"]),
            "n": n,
        })
    return deal


def compare_deals(what, ref, deals):
    if ref is None:
        return
    diffs = []
    if set(ref) != set(deals):
        diffs.append(f"deal ids: missing {sorted(set(ref) - set(deals))[:5]!r}, "
                     f"extra {sorted(set(deals) - set(ref))[:5]!r}")
    for key in sorted(set(ref) & set(deals)):
        if ref[key] != deals[key]:
            diffs.append(f"deal {key!r}: {deals[key]!r} != {ref[key]!r}")
    if diffs:
        fail(what, diffs)


def canonical_edge(relation, flat):
    """An edge from flat properties (amount in three columns, evidence as a JSON string)."""
    edge = {"relation": relation}
    for k in ["status", "weight", "documents", "role", "round", "stake", "date"]:
        edge[k] = flat.get(k)
    if flat.get("amount") is None:
        edge["amount"] = None
    else:
        edge["amount"] = {
            "text": flat["amount"],
            "value": flat.get("amount_value"),
            "currency": flat.get("amount_currency"),
        }
    edge["evidence"] = json.loads(flat["evidence"]) if flat.get("evidence") is not None else None
    return edge


def compare(what, ref_nodes, ref_edges, nodes, edges):
    diffs = []
    if set(nodes) != set(ref_nodes):
        diffs.append(f"node names: missing {sorted(set(ref_nodes) - set(nodes))[:5]!r}, "
                     f"extra {sorted(set(nodes) - set(ref_nodes))[:5]!r}")
    for name in sorted(set(nodes) & set(ref_nodes)):
        if nodes[name] != ref_nodes[name]:
            diffs.append(f"node {name!r}: {nodes[name]!r} != {ref_nodes[name]!r}")
    if set(edges) != set(ref_edges):
        diffs.append(f"edges: missing {sorted(set(ref_edges) - set(edges))[:5]!r}, "
                     f"extra {sorted(set(edges) - set(ref_edges))[:5]!r}")
    for key in sorted(set(edges) & set(ref_edges)):
        if edges[key] != ref_edges[key]:
            diffs.append(f"edge {key!r}: {edges[key]!r} != {ref_edges[key]!r}")
    if diffs:
        fail(what, diffs)


def report(obj):
    json.dump(obj, sys.stdout, ensure_ascii=True, sort_keys=True)
    sys.stdout.write("\n")


def check_networkx(out, lossy_xml):
    import networkx as nx

    meta, ref_nodes, ref_edges = reference(out)
    with open(os.path.join(out, "graph.json"), encoding="utf-8") as f:
        g = nx.node_link_graph(json.load(f), edges="edges")
    if not (g.is_directed() and g.is_multigraph()):
        fail("graph.json", ["networkx did not read a directed multigraph"])
    if g.graph != meta:
        fail("graph.json", [f"graph attributes {g.graph!r} != {meta!r}"])
    nodes = {n: dict(a) for n, a in g.nodes(data=True)}
    edges = {(s, t, k): dict(a) for s, t, k, a in g.edges(keys=True, data=True)}
    compare("networkx node_link_graph(graph.json)", ref_nodes, ref_edges, nodes, edges)

    h = nx.read_graphml(
        os.path.join(out, "graph.graphml"), force_multigraph=True, edge_key_type=str
    )
    if not (h.is_directed() and h.is_multigraph()):
        fail("graph.graphml", ["networkx did not read a directed multigraph"])
    for defaults in ("node_default", "edge_default"):
        if h.graph.get(defaults) == {}:
            del h.graph[defaults]
    if not lossy_xml:
        if h.graph != meta:
            fail("graph.graphml", [f"graph attributes {h.graph!r} != {meta!r}"])
        gml_nodes = {n: canonical_node(a) for n, a in h.nodes(data=True)}
        gml_edges = {
            (s, t, k): canonical_edge(a.get("relation"), a)
            for s, t, k, a in h.edges(keys=True, data=True)
        }
        compare("networkx read_graphml(graph.graphml)", ref_nodes, ref_edges, gml_nodes, gml_edges)
    report({
        "networkx": nx.__version__,
        "graph_json": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()},
        "graphml": {"nodes": h.number_of_nodes(), "edges": h.number_of_edges()},
        "names": sorted(g.nodes()),
        "graphml_names": sorted(h.nodes()),
    })


def cypher_string(s):
    """The same quoting as dealgraph's Cypher export."""
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def rows(conn, query):
    result = conn.execute(query)
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def kuzu_dump(conn):
    nodes = {}
    props = ", ".join(f"n.{p}" for p in NODE_PROPS)
    for row in rows(conn, f"MATCH (n:Entity) RETURN n.name, {props}"):
        nodes[row[0]] = canonical_node(dict(zip(NODE_PROPS, row[1:])))
    edges = {}
    props = ", ".join(f"r.{p}" for p in EDGE_PROPS)
    for relation in RELATIONS:
        query = f"MATCH (a:Entity)-[r:{relation.upper()}]->(b:Entity) RETURN a.name, b.name, {props}"
        for row in rows(conn, query):
            flat = dict(zip(EDGE_PROPS, row[2:]))
            key = (row[0], row[1], f"{relation}:{flat['status']}")
            if key in edges:
                fail("kuzu", [f"edge {key!r} appears twice"])
            edges[key] = canonical_edge(relation, flat)
    return nodes, edges


def kuzu_deals(conn):
    """The Deal nodes with their TARGET and PARTY links, in the canonical form."""
    props = ", ".join(f"d.{p}" for p in DEAL_PROPS)
    flat = {}
    for row in rows(conn, f"MATCH (d:Deal)-[:TARGET]->(b:Entity) RETURN d.id, b.name, {props}"):
        if row[0] in flat:
            fail("kuzu", [f"deal {row[0]!r} has two targets"])
        flat[row[0]] = (row[1], dict(zip(DEAL_PROPS, row[2:])))
    if rows(conn, "MATCH (d:Deal) RETURN count(d)")[0][0] != len(flat):
        fail("kuzu", ["a deal without a target"])
    parties = {k: [] for k in flat}
    props = ", ".join(f"p.{p}" for p in PARTY_PROPS)
    for row in rows(conn, f"MATCH (a:Entity)-[p:PARTY]->(d:Deal) RETURN d.id, a.name, {props}"):
        p = dict(zip(PARTY_PROPS, row[2:]))
        parties[row[0]].append((p["n"], row[1], p))
    return {k: canonical_deal(f, t, parties[k]) for k, (t, f) in flat.items()}


def deal_rows(conn, name):
    """The deal records' answer to `query investors NAME`: (investor, role, amount, round,
    date, status) per party of a deal of a deal relation whose target is NAME."""
    relations = ", ".join(f"'{r}'" for r in DEAL_RELATIONS)
    query = (
        "MATCH (i:Entity)-[p:PARTY]->(d:Deal)-[:TARGET]->(t:Entity {name: "
        + cypher_string(name)
        + f"}}) WHERE d.relation IN [{relations}] "
        "RETURN i.name, p.role, p.amount, d.round, d.date, d.status"
    )
    return sorted((list(r) for r in rows(conn, query)), key=lambda r: json.dumps(r))


def investors(conn, name):
    """The issue's query, literally, and the same restricted to asserted edges."""
    target = cypher_string(name)
    every = rows(conn, f"MATCH (a)-[r:INVEST]->(b {{name: {target}}}) RETURN a.name")
    asserted = rows(
        conn,
        f"MATCH (a)-[r:INVEST]->(b {{name: {target}}}) WHERE r.status = 'asserted' RETURN a.name",
    )
    return sorted({r[0] for r in every}), sorted({r[0] for r in asserted})


def run_script(conn, path):
    # newline="": a \r\n inside a name must reach Kùzu as it is, not as \n.
    with open(path, encoding="utf-8", newline="") as f:
        conn.execute(f.read())


def check_kuzu(out, name):
    import kuzu

    _, ref_nodes, ref_edges = reference(out)
    report_data = {"kuzu": kuzu.__version__}
    # kuzu/: schema, then COPY FROM with the folder as working directory.
    db = kuzu.Database(":memory:")
    conn = kuzu.Connection(db)
    folder = os.path.join(out, "kuzu")
    run_script(conn, os.path.join(folder, "schema.cypher"))
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        run_script(conn, "load.cypher")
    finally:
        os.chdir(cwd)
    nodes, edges = kuzu_dump(conn)
    compare("kuzu COPY FROM (kuzu/)", ref_nodes, ref_edges, nodes, edges)
    report_data["names"] = sorted(nodes)
    report_data["edges"] = len(edges)
    report_data["investors"], report_data["investors_asserted"] = investors(conn, name)
    ref_deals = reference_deals(out)
    compare_deals("kuzu COPY FROM (kuzu/) deals", ref_deals, kuzu_deals(conn))
    report_data["deal_rows"] = deal_rows(conn, name)

    # cypher/: Kùzu schema, then the MERGE script twice (it must be idempotent).
    db2 = kuzu.Database(":memory:")
    conn2 = kuzu.Connection(db2)
    for _ in range(2):
        run_script(conn2, os.path.join(out, "cypher", "schema.kuzu.cypher"))
        run_script(conn2, os.path.join(out, "cypher", "graph.cypher"))
        nodes, edges = kuzu_dump(conn2)
        compare("kuzu graph.cypher (cypher/)", ref_nodes, ref_edges, nodes, edges)
        compare_deals("kuzu graph.cypher (cypher/) deals", ref_deals, kuzu_deals(conn2))
    report_data["cypher_investors"], report_data["cypher_investors_asserted"] = investors(
        conn2, name
    )
    report_data["cypher_deal_rows"] = deal_rows(conn2, name)
    report(report_data)


NEO4J_TYPES = {"long": int, "double": float, "": str}


def neo4j_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        for row in reader:
            if len(row) != len(header):
                fail(path, [f"row has {len(row)} fields, header {len(header)}: {row!r}"])
            yield header, row


def neo4j_value(column, field):
    name, _, ty = column.partition(":")
    if field == "":
        return name, None
    return name, NEO4J_TYPES[ty](field) if ty in NEO4J_TYPES else field


def check_neo4j_csv(out):
    _, ref_nodes, ref_edges = reference(out)
    nodes = {}
    for header, row in neo4j_rows(os.path.join(out, "neo4j", "nodes.csv")):
        if header[:2] != ["name:ID", ":LABEL"]:
            fail("neo4j/nodes.csv", [f"header {header!r}"])
        flat = dict(neo4j_value(c, v) for c, v in zip(header[2:], row[2:]))
        node = canonical_node(flat)
        if row[1] != "Entity;" + node["type"].capitalize():
            fail("neo4j/nodes.csv", [f"label {row[1]!r} for type {node['type']!r}"])
        nodes[row[0]] = node
    edges = {}
    for header, row in neo4j_rows(os.path.join(out, "neo4j", "relationships.csv")):
        if header[:3] != [":START_ID", ":END_ID", ":TYPE"]:
            fail("neo4j/relationships.csv", [f"header {header!r}"])
        flat = dict(neo4j_value(c, v) for c, v in zip(header[3:], row[3:]))
        relation = row[2].lower()
        edges[(row[0], row[1], f"{relation}:{flat['status']}")] = canonical_edge(relation, flat)
    compare("neo4j/*.csv", ref_nodes, ref_edges, nodes, edges)
    ref_deals = reference_deals(out)
    if ref_deals is not None:
        flat, targets, parties = {}, {}, {}
        for header, row in neo4j_rows(os.path.join(out, "neo4j", "deals.csv")):
            if header[:2] != ["id:ID(Deal)", ":LABEL"] or row[1] != "Deal":
                fail("neo4j/deals.csv", [f"header {header!r}, label {row[1]!r}"])
            flat[row[0]] = dict(neo4j_value(c, v) for c, v in zip(header[2:], row[2:]))
            parties[row[0]] = []
        for header, row in neo4j_rows(os.path.join(out, "neo4j", "targets.csv")):
            if header != [":START_ID(Deal)", ":END_ID", ":TYPE"] or row[2] != "TARGET":
                fail("neo4j/targets.csv", [f"header {header!r}, type {row[2]!r}"])
            targets[row[0]] = row[1]
        for header, row in neo4j_rows(os.path.join(out, "neo4j", "parties.csv")):
            if header[:3] != [":START_ID", ":END_ID(Deal)", ":TYPE"] or row[2] != "PARTY":
                fail("neo4j/parties.csv", [f"header {header!r}, type {row[2]!r}"])
            p = dict(neo4j_value(c, v) for c, v in zip(header[3:], row[3:]))
            parties[row[1]].append((p["n"], row[0], p))
        deals = {k: canonical_deal(f, targets[k], parties[k]) for k, f in flat.items()}
        compare_deals("neo4j/deals.csv, parties.csv, targets.csv", ref_deals, deals)
    report({"names": sorted(nodes), "edges": len(edges)})


def check_jsonl(out):
    _, ref_nodes, ref_edges = reference(out)
    nodes, edges = {}, {}
    with open(os.path.join(out, "graph.jsonl"), encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            kind = item.pop("kind")
            if kind == "node":
                nodes[item.pop("id")] = item
            elif kind == "edge":
                edges[(item.pop("source"), item.pop("target"), item.pop("key"))] = item
            else:
                fail("graph.jsonl", [f"unknown kind {kind!r}"])
    compare("graph.jsonl", ref_nodes, ref_edges, nodes, edges)
    report({"names": sorted(nodes), "edges": len(edges)})


def main(argv):
    if len(argv) >= 2 and argv[0] == "networkx":
        check_networkx(argv[1], "--lossy-xml" in argv[2:])
    elif len(argv) == 3 and argv[0] == "kuzu":
        check_kuzu(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "neo4j-csv":
        check_neo4j_csv(argv[1])
    elif len(argv) == 2 and argv[0] == "jsonl":
        check_jsonl(argv[1])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
