//! The pictures: what the drawing filters keep of the fixture graph
//! (tests/fixtures/query_graph.json), the caption that says what they left out, the golden DOT
//! of the default drawing, and that the filters leave graph.json whole.

use crate::util::{dealgraph, root};
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/query_graph.json";

/// `export -g FIXTURE -f dot` with `args`; returns (exit code, graph.dot, stderr).
fn draw(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dealgraph()
        .args(["export", "--graph", FIXTURE, "--format", "dot", "--out"])
        .arg(dir.path())
        .args(args)
        .output()
        .unwrap();
    let dot = std::fs::read_to_string(dir.path().join("graph.dot")).unwrap_or_default();
    (
        out.status.code().unwrap_or(-1),
        dot,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The drawn edges as `source -relation/status-> target`, in file order.
fn edges(dot: &str) -> Vec<String> {
    use graphviz_rust::dot_structures::{EdgeTy, Graph, Id, Stmt, Vertex};
    let Graph::DiGraph { stmts, .. } = graphviz_rust::parse(dot).expect("graph.dot parses") else {
        panic!("not a digraph");
    };
    let text = |id: &Id| match id {
        Id::Escaped(s) => s.trim_matches('"').to_string(),
        Id::Plain(s) => s.clone(),
        other => panic!("{other:?}"),
    };
    stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Edge(e) => {
                let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = &e.ty else {
                    panic!("edge chain");
                };
                let attr = |k: &str| {
                    e.attributes
                        .iter()
                        .find(|a| text(&a.0) == k)
                        .map(|a| text(&a.1))
                        .unwrap()
                };
                Some(format!(
                    "{} -{}/{}-> {}",
                    text(&a.0),
                    attr("relation"),
                    attr("status"),
                    text(&b.0)
                ))
            }
            _ => None,
        })
        .collect()
}

/// The caption line of the legend.
fn caption(dot: &str) -> String {
    let start = dot.find("ALIGN=\"LEFT\">").expect("caption") + "ALIGN=\"LEFT\">".len();
    let end = dot[start..].find("</TD>").unwrap() + start;
    dot[start..end].to_string()
}

const DEALS: [&str; 11] = [
    "红杉资本中国 -invest/asserted-> 小红书",
    "红杉资本中国 -invest/asserted-> 拼多多",
    "美团 -compete/asserted-> 饿了么",
    "腾讯 -invest/asserted-> 京东",
    "腾讯 -invest/asserted-> 小红书",
    "腾讯 -owns/asserted-> 微信",
    "腾讯 -invest/asserted-> 拼多多",
    "腾讯 -invest/asserted-> 美团",
    "阿里巴巴 -invest/asserted-> 小红书",
    "阿里巴巴 -invest/asserted-> 美团",
    "阿里巴巴 -controls/asserted-> 饿了么",
];

#[test]
fn the_default_drawing_has_deal_edges_only_and_is_the_golden_file() {
    let (code, dot, err) = draw(&["--quiet"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(edges(&dot), DEALS);
    assert_eq!(
        caption(&dot),
        "9 of 10 entities, 11 of 15 edges drawn; left out: 1 co-mention edges \
         (--comentions draws them), 3 denied, speculative, planned or hypothetical edges \
         (--all-statuses)"
    );
    let golden = root().join("tests/pictures/fixture.dot");
    if std::env::var_os("DEALGRAPH_BLESS").is_some() {
        std::fs::write(&golden, &dot).unwrap();
    }
    assert_eq!(dot, std::fs::read_to_string(&golden).unwrap());
}

#[test]
fn the_caption_goes_to_stderr_too() {
    let (code, _, err) = draw(&[]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "tests/fixtures/query_graph.json: 10 entities, 15 edges",
            "picture: 9 of 10 entities, 11 of 15 edges drawn; left out: 1 co-mention edges \
             (--comentions draws them), 3 denied, speculative, planned or hypothetical edges \
             (--all-statuses)",
        ]
    );
}

#[test]
fn each_filter_keeps_what_it_says() {
    let cases: Vec<(Vec<&str>, Vec<&str>, &str)> = vec![
        (
            vec!["--comentions", "--all-statuses"],
            vec![
                "红杉资本中国 -invest/asserted-> 小红书",
                "红杉资本中国 -invest/asserted-> 拼多多",
                "美团 -compete/asserted-> 饿了么",
                "腾讯 -invest/asserted-> 京东",
                "腾讯 -invest/denied-> 京东",
                "腾讯 -invest/asserted-> 小红书",
                "腾讯 -owns/asserted-> 微信",
                "腾讯 -invest/asserted-> 拼多多",
                "腾讯 -invest/speculative-> 拼多多",
                "腾讯 -invest/asserted-> 美团",
                "腾讯 -co_mention/asserted-> 饿了么",
                "阿里巴巴 -invest/denied-> 奇虎360",
                "阿里巴巴 -invest/asserted-> 小红书",
                "阿里巴巴 -invest/asserted-> 美团",
                "阿里巴巴 -controls/asserted-> 饿了么",
            ],
            "10 of 10 entities, 15 of 15 edges drawn",
        ),
        (
            vec!["--relation", "controls,compete"],
            vec![
                "美团 -compete/asserted-> 饿了么",
                "阿里巴巴 -controls/asserted-> 饿了么",
            ],
            "3 of 10 entities, 2 of 15 edges drawn; left out: 13 edges of other relations \
             (--relation)",
        ),
        (
            vec!["--kind", "fund,company"],
            vec![
                "红杉资本中国 -invest/asserted-> 小红书",
                "红杉资本中国 -invest/asserted-> 拼多多",
                "美团 -compete/asserted-> 饿了么",
                "腾讯 -invest/asserted-> 京东",
                "腾讯 -invest/asserted-> 小红书",
                "腾讯 -invest/asserted-> 拼多多",
                "腾讯 -invest/asserted-> 美团",
                "阿里巴巴 -invest/asserted-> 小红书",
                "阿里巴巴 -invest/asserted-> 美团",
                "阿里巴巴 -controls/asserted-> 饿了么",
            ],
            "8 of 10 entities, 10 of 15 edges drawn; left out: 1 co-mention edges \
             (--comentions draws them), 3 denied, speculative, planned or hypothetical edges \
             (--all-statuses), 1 edges to entities of other kinds (--kind)",
        ),
        (
            vec!["--since", "2018", "--until", "2018-12"],
            vec![
                "美团 -compete/asserted-> 饿了么",
                "腾讯 -invest/asserted-> 小红书",
                "腾讯 -invest/asserted-> 美团",
                "阿里巴巴 -invest/asserted-> 小红书",
                "阿里巴巴 -invest/asserted-> 美团",
                "阿里巴巴 -controls/asserted-> 饿了么",
            ],
            "5 of 10 entities, 6 of 15 edges drawn; left out: 1 co-mention edges \
             (--comentions draws them), 3 denied, speculative, planned or hypothetical edges \
             (--all-statuses), 5 edges dated outside --since/--until",
        ),
        (
            vec!["--min-degree", "3"],
            vec![
                "腾讯 -invest/asserted-> 小红书",
                "腾讯 -invest/asserted-> 美团",
                "阿里巴巴 -invest/asserted-> 小红书",
                "阿里巴巴 -invest/asserted-> 美团",
            ],
            "4 of 10 entities, 4 of 15 edges drawn; left out: 1 co-mention edges \
             (--comentions draws them), 3 denied, speculative, planned or hypothetical edges \
             (--all-statuses), 5 entities with fewer than 3 counterparts (--min-degree)",
        ),
        (
            vec!["--around", "饿了么", "--depth", "1"],
            vec![
                "美团 -compete/asserted-> 饿了么",
                "阿里巴巴 -invest/asserted-> 美团",
                "阿里巴巴 -controls/asserted-> 饿了么",
            ],
            "3 of 10 entities, 3 of 15 edges drawn; left out: 1 co-mention edges \
             (--comentions draws them), 3 denied, speculative, planned or hypothetical edges \
             (--all-statuses), 8 edges farther than 1 hops from 饿了么 (--around)",
        ),
        (
            vec!["--top", "3"],
            // 腾讯 has 5 counterparts; 小红书, 美团 and 阿里巴巴 3 each (ties by name).
            vec![
                "腾讯 -invest/asserted-> 小红书",
                "腾讯 -invest/asserted-> 美团",
            ],
            "3 of 10 entities, 2 of 15 edges drawn; left out: 1 co-mention edges \
             (--comentions draws them), 3 denied, speculative, planned or hypothetical edges \
             (--all-statuses), 6 entities outside the top 3 by deals",
        ),
        (
            vec!["--relation", "owns", "--min-component", "3"],
            vec![],
            "0 of 10 entities, 0 of 15 edges drawn; left out: 14 edges of other relations \
             (--relation), 2 entities in groups of fewer than 3 (--min-component)",
        ),
    ];
    for (args, want, want_caption) in cases {
        let (code, dot, err) = draw(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(edges(&dot), want, "{args:?}");
        assert_eq!(caption(&dot), want_caption, "{args:?}");
    }
}

#[test]
fn an_unknown_center_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dealgraph()
        .args([
            "export", "--graph", FIXTURE, "--format", "json,dot", "--out",
        ])
        .arg(dir.path())
        .args(["--around", "饿了吗"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("unknown entity \"饿了吗\"; nearest known names: 饿了么"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn drawing_filters_leave_graph_json_whole() {
    let export = |args: &[&str], dir: &Path| {
        let out = dealgraph()
            .args(["export", "--graph", FIXTURE, "--format", "json", "--out"])
            .arg(dir)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::read(dir.join("graph.json")).unwrap()
    };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert_eq!(
        export(&[], a.path()),
        export(
            &[
                "--top",
                "2",
                "--kind",
                "fund",
                "--since",
                "2020",
                "--min-degree",
                "2"
            ],
            b.path()
        )
    );
}

/// A chain of `n` companies N000 → N001 → … as a graph.json, each edge an investment.
pub fn chain_graph(n: usize) -> serde_json::Value {
    let fixture: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join(FIXTURE)).unwrap()).unwrap();
    let mut node = fixture["nodes"][0].clone();
    let mut edge = fixture["edges"][0].clone();
    let names: Vec<String> = (0..n).map(|i| format!("N{i:03}")).collect();
    let nodes: Vec<serde_json::Value> = names
        .iter()
        .map(|name| {
            node["id"] = name.as_str().into();
            node["aliases"] = serde_json::json!([name]);
            node.clone()
        })
        .collect();
    let edges: Vec<serde_json::Value> = names
        .windows(2)
        .map(|w| {
            edge["source"] = w[0].as_str().into();
            edge["target"] = w[1].as_str().into();
            edge.clone()
        })
        .collect();
    let mut g = fixture.clone();
    g["nodes"] = nodes.into();
    g["edges"] = edges.into();
    g
}

#[test]
fn a_large_drawing_is_cut_to_the_top_and_laid_out_by_sfdp_without_edge_labels() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("chain.json");
    std::fs::write(&input, chain_graph(350).to_string()).unwrap();
    let out = dealgraph()
        .args(["export", "--quiet", "--format", "dot", "--graph"])
        .arg(&input)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let dot = std::fs::read_to_string(dir.path().join("graph.dot")).unwrap();
    // Degree 2 for all but the two ends; the first 150 by name are N001..N150.
    let want: Vec<String> = (1..150)
        .map(|i| format!("N{i:03} -invest/asserted-> N{:03}", i + 1))
        .collect();
    assert_eq!(edges(&dot), want);
    assert_eq!(
        caption(&dot),
        "150 of 350 entities, 149 of 349 edges drawn; left out: 200 entities outside the \
         top 150 by deals (more than 300 to draw; --top N or --top 0 to change)"
    );
    let graph_line = dot.lines().nth(1).unwrap();
    assert!(
        graph_line.starts_with(
            "  graph[layout=\"sfdp\" overlap=\"prism\" outputorder=\"edgesfirst\" \
             pack=\"true\" size=\"40,40\""
        ),
        "{graph_line}"
    );
    assert_eq!(dot.matches("label=\"").count(), 150, "node labels only");
}

/// Whether `program` runs (`program arg`). When it does not: the test is skipped, unless
/// `DEALGRAPH_CI` is set (as `.ci/run` sets it), where a missing tool fails the test.
pub fn tool(program: &str, arg: &str) -> bool {
    let ok = std::process::Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("DEALGRAPH_CI").is_none(),
            "{program} is missing, and DEALGRAPH_CI says this test must run (.ci/run installs it)"
        );
        eprintln!("skipped: {program} is not installed");
    }
    ok
}

#[test]
fn svg_renders_chinese_names_with_a_cjk_font() {
    if !tool("dot", "-V") || !tool("fc-list", "--version") {
        return;
    }
    let fonts = std::process::Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
        .unwrap();
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    assert!(
        fonts.contains("Noto Sans CJK SC") || std::env::var_os("DEALGRAPH_CI").is_none(),
        "no Noto Sans CJK font in CI: {fonts}"
    );
    if !fonts.contains("Noto Sans CJK SC") {
        eprintln!("skipped: fonts-noto-cjk is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dealgraph()
        .args(["export", "--graph", FIXTURE, "--format", "svg", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("Chinese glyphs"), "{err}");
    let svg = std::fs::read_to_string(dir.path().join("graph.svg")).unwrap();
    // Every entity's name is an SVG text in the CJK font, as characters, not boxes.
    let texts: Vec<&str> = svg
        .split("</text>")
        .filter_map(|t| {
            let (attrs, text) = t.rsplit_once('>')?;
            attrs
                .contains("font-family=\"Noto Sans CJK SC, sans-serif\"")
                .then_some(text)
        })
        .collect();
    for name in [
        "京东",
        "小红书",
        "微信",
        "拼多多",
        "红杉资本中国",
        "美团",
        "腾讯",
        "阿里巴巴",
        "饿了么",
    ] {
        assert!(texts.contains(&name), "{name} not an SVG text: {texts:?}");
    }
    // The font the SVG names is the one installed: fontconfig resolves it to itself.
    let matched = std::process::Command::new("fc-match")
        .args(["Noto Sans CJK SC:lang=zh", "family"])
        .output()
        .unwrap();
    let matched = String::from_utf8(matched.stdout).unwrap();
    assert!(matched.contains("Noto Sans CJK SC"), "{matched}");
}

#[test]
fn a_missing_cjk_font_is_a_warning_with_the_package_to_install() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        // An fc-list that knows no Chinese font, and a dot that writes an empty SVG.
        for (name, script) in [
            ("fc-list", "#!/bin/sh\nexit 0\n"),
            ("dot", "#!/bin/sh\ncat >/dev/null\necho '<svg/>'\n"),
        ] {
            std::fs::write(bin.join(name), script).unwrap();
            std::fs::set_permissions(bin.join(name), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = dealgraph()
            .env("PATH", path)
            .args(["export", "--graph", FIXTURE, "--format", "svg", "--out"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            err.lines().next().unwrap(),
            "warning: no font with Chinese glyphs (`fc-list :lang=zh` lists none): Graphviz \
             will draw Chinese names as empty boxes; install one with `sudo apt-get install \
             fonts-noto-cjk` (Debian/Ubuntu), `brew install --cask font-noto-sans-cjk` \
             (macOS) or any Noto Sans CJK font"
        );
    }
}
