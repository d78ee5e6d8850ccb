//! `graph.html` in a real browser: headless Chromium loads the page offline, the test reads
//! the DOM after the page's script ran (`--dump-dom`) and a screenshot. Skipped when Chromium
//! is missing, except under `DEALGRAPH_CI` (`.ci/run`), where it must run.

use crate::pictures::tool;
use crate::util::{dealgraph, read_json, root};
use std::path::Path;
use std::process::Command;

/// Runs headless Chromium on `url` with `extra` arguments (a fresh profile, no network
/// services, virtual time so that the page's script and layout finish) and returns stdout.
fn chromium(url: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=10000",
            "--window-size=1400,850",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The page's DOM after its script ran, for `html` opened with the URL `fragment`.
fn dom(html: &Path, fragment: &str) -> String {
    chromium(
        &format!("file://{}{fragment}", html.display()),
        &["--dump-dom"],
    )
}

/// The (entities, edges) the page says it shows: `data-nodes`, `data-edges` of `#counts`.
fn counts(dom: &str) -> (usize, usize) {
    let start = dom.find("<span id=\"counts\"").expect("#counts");
    let tag = &dom[start..start + dom[start..].find('>').unwrap()];
    let attr = |name: &str| -> usize {
        let k = tag
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("{name} in {tag}"))
            + name.len()
            + 2;
        tag[k..k + tag[k..].find('"').unwrap()].parse().unwrap()
    };
    (attr("data-nodes"), attr("data-edges"))
}

/// What the page shows at first for a graph.json: asserted edges of every relation but
/// co-mention, and their entities.
fn expected_counts(graph: &serde_json::Value) -> (usize, usize) {
    let mut nodes = std::collections::BTreeSet::new();
    let mut edges = 0;
    for e in graph["edges"].as_array().unwrap() {
        if e["relation"] != "co_mention" && e["status"] == "asserted" {
            edges += 1;
            nodes.insert(e["source"].as_str().unwrap().to_string());
            nodes.insert(e["target"].as_str().unwrap().to_string());
        }
    }
    (nodes.len(), edges)
}

/// Text as the DOM serialises it.
fn html_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// `build --format json,html` into `dir`; exit 1 (some inputs skipped) is allowed when
/// `skips` says so (the corpus has empty articles).
fn build_html(inputs: &[&str], dir: &Path, skips: bool) {
    let out = dealgraph()
        .arg("build")
        .args(inputs)
        .args(["--quiet", "--format", "json,html", "--out"])
        .arg(dir)
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        code == Some(0) || skips && code == Some(1),
        "{code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn the_seed_view_reports_its_counts_and_shows_the_investors_of_xiaohongshu() {
    if !tool("chromium", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build_html(&["seeds"], dir.path(), false);
    let graph = read_json(&dir.path().join("graph.json"));
    let page = dom(&dir.path().join("graph.html"), "#search=小红书");
    assert_eq!(counts(&page), expected_counts(&graph));
    // The details panel: every investor of 小红书, with each of its sentences.
    let details = &page[page.find("<div id=\"details\">").expect("details")..];
    assert!(
        details.starts_with("<div id=\"details\"><h2>小红书</h2>"),
        "{details}"
    );
    let mut investors = 0;
    for e in graph["edges"].as_array().unwrap() {
        if e["target"] == "小红书" && e["relation"] == "invest" && e["status"] == "asserted" {
            investors += 1;
            let head = format!("{} → 小红书: invest</b>", e["source"].as_str().unwrap());
            assert!(details.contains(&head), "{head} not in {details}");
            for ev in e["evidence"].as_array().unwrap() {
                let sentence = html_text(ev["sentence"].as_str().unwrap());
                assert!(
                    details.contains(&format!("<div class=\"sentence\">{sentence}</div>")),
                    "{sentence}"
                );
            }
        }
    }
    assert!(investors >= 2, "小红书 has its investors in the seeds");

    // A screenshot of the same view: the window's size, and not blank (a blank page of the
    // same size compresses to a small fraction of it).
    let shot = dir.path().join("view.png");
    let blank = dir.path().join("blank.png");
    let url = format!(
        "file://{}#search=小红书",
        dir.path().join("graph.html").display()
    );
    chromium(&url, &[&format!("--screenshot={}", shot.display())]);
    chromium(
        "about:blank",
        &[&format!("--screenshot={}", blank.display())],
    );
    let (shot, blank) = (std::fs::read(shot).unwrap(), std::fs::read(blank).unwrap());
    assert_eq!(png_size(&shot), (1400, 850));
    assert_eq!(png_size(&blank), (1400, 850));
    assert!(
        shot.len() > 10 * blank.len(),
        "{} bytes against {} for a blank page",
        shot.len(),
        blank.len()
    );
}

#[test]
fn a_hostile_graph_runs_no_script_of_its_names() {
    if !tool("chromium", "--version") {
        return;
    }
    let names = [
        "</script><script>document.body.setAttribute('data-pwned','1')</script>",
        "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">",
        "\u{2028}</SCRIPT ><svg onload=document.body.setAttribute('data-pwned','3')>",
        "&lt;b&gt;\"'`${x}",
        "腾讯",
    ];
    let mut g = crate::pictures::chain_graph(names.len());
    for (i, name) in names.iter().enumerate() {
        g["nodes"][i]["id"] = (*name).into();
        g["nodes"][i]["aliases"] = serde_json::json!([name]);
        if i + 1 < names.len() {
            g["edges"][i]["source"] = (*name).into();
            g["edges"][i]["target"] = names[i + 1].into();
            g["edges"][i]["evidence"][0]["sentence"] = (*name).into();
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("hostile.json");
    std::fs::write(&input, g.to_string()).unwrap();
    let out = dealgraph()
        .args(["export", "--quiet", "--format", "html", "--graph"])
        .arg(&input)
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = dir.path().join("graph.html");
    for (i, name) in names.iter().enumerate() {
        let fragment = format!("#search={}", urlencode(name));
        let page = dom(&html, &fragment);
        // The page's script ran (it marks the body ready) and nothing else touched the body.
        let body = &page[page.find("<body").unwrap()..];
        let body = &body[..=body.find('>').unwrap()];
        assert_eq!(body, "<body data-ready=\"1\">", "{name:?} ran a script");
        assert_eq!(counts(&page), (names.len(), names.len() - 1), "{name:?}");
        if i == 0 {
            // The name is text in the page, escaped as text.
            assert!(
                page.contains(&format!("<h2>{}</h2>", html_text(name))),
                "{name:?} is not the heading"
            );
        }
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn a_two_thousand_article_view_reports_its_counts() {
    let corpus = root().join("../shared/corpus/techcrunch_zh.jsonl.xz");
    if !corpus.exists() {
        eprintln!("skipped: ../shared is absent");
        return;
    }
    if !tool("chromium", "--version") || !tool("xz", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let slice = dir.path().join("slice.jsonl");
    let text = Command::new("xz").arg("-dc").arg(&corpus).output().unwrap();
    let lines: Vec<&[u8]> = text.stdout.split(|&b| b == b'\n').take(2000).collect();
    std::fs::write(&slice, lines.join(&b'\n')).unwrap();
    build_html(&[slice.to_str().unwrap()], dir.path(), true);
    let html = dir.path().join("graph.html");
    let page = dom(&html, "");
    // What the page holds (at most HTML_AUTO_TOP entities), from its embedded data: the
    // asserted edges and their entities are shown at first.
    let text = std::fs::read_to_string(&html).unwrap();
    let open = "<script type=\"application/json\" id=\"data\">";
    let data = &text[text.find(open).unwrap() + open.len()..];
    let view: serde_json::Value =
        serde_json::from_str(&data[..data.find("</script>").unwrap()]).unwrap();
    let mut nodes = std::collections::BTreeSet::new();
    let mut edges = 0;
    for e in view["edges"].as_array().unwrap() {
        if e["status"] == "asserted" {
            edges += 1;
            nodes.insert(e["s"].as_u64().unwrap());
            nodes.insert(e["t"].as_u64().unwrap());
        }
    }
    let held = view["nodes"].as_array().unwrap().len();
    assert!(held > 400, "a large view: {held} entities");
    assert!(held <= dealgraph::export::HTML_AUTO_TOP, "{held} entities");
    assert_eq!(counts(&page), (nodes.len(), edges));
}
