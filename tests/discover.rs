//! `dealgraph discover`: the exact output on a made-up text, the load-back with `--dict`, and
//! the same bytes at any thread count.

use crate::util::{dealgraph, root};
use std::path::Path;

/// Two made-up articles: open names in deal slots (a round, `由 X 领投`, `X 投资了 Y`, a
/// purchase), one firm under three forms (Zeta Ventures / ZETA Capital across documents,
/// ZETA VENTURES inside one), a person, and a dictionary fund (红杉中国) that is not listed.
fn articles(dir: &Path) {
    std::fs::write(
        dir.join("a.txt"),
        "星河科技完成5000万元A轮融资，由Zeta Ventures领投，红杉中国跟投。\n\
         ZETA Capital投资了小红书。\n\
         爱德华多·萨维林投资了星河科技公司。\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Zeta Ventures投资了星河科技。\n\
         阿里巴巴收购了蓝海网络。\n\
         ZETA VENTURES领投了小红书的B轮融资。\n",
    )
    .unwrap();
}

/// Runs `discover` in `dir` with `args`; returns stdout, after checking success and stderr.
fn discover(dir: &Path, args: &[&str], stderr: &str) -> String {
    let out = dealgraph()
        .current_dir(dir)
        .arg("discover")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stderr).unwrap(), stderr);
    String::from_utf8(out.stdout).unwrap()
}

const EXPECTED: &str = r#"{"name":"Zeta Ventures","type":"fund","aliases":["ZETA Capital"],"deals":4,"documents":2,"example":"星河科技完成5000万元A轮融资,由Zeta Ventures领投,红杉中国跟投。"}
{"name":"星河科技","type":"company","aliases":[],"deals":4,"documents":2,"example":"星河科技完成5000万元A轮融资,由Zeta Ventures领投,红杉中国跟投。"}
{"name":"爱德华多·萨维林","type":"person","aliases":[],"deals":1,"documents":1,"example":"爱德华多·萨维林投资了星河科技公司。"}
{"name":"蓝海网络","type":"company","aliases":[],"deals":1,"documents":1,"example":"阿里巴巴收购了蓝海网络。"}
"#;

#[test]
fn discover_lists_grouped_open_deal_parties_ranked_with_examples() {
    let dir = tempfile::tempdir().unwrap();
    articles(dir.path());
    let stdout = discover(
        dir.path(),
        &["a.txt", "b.txt"],
        "4 names (2 documents) written to discovered.jsonl\n",
    );
    assert_eq!(stdout, "");
    let written = std::fs::read_to_string(dir.path().join("discovered.jsonl")).unwrap();
    assert_eq!(written, EXPECTED);
    // Standard output, a threshold.
    let two = discover(
        dir.path(),
        &["a.txt", "b.txt", "-o", "-", "--min-deals", "2"],
        "",
    );
    assert_eq!(
        two,
        EXPECTED
            .lines()
            .take(2)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
}

#[test]
fn discovered_entities_load_back_with_dict_without_warnings_and_are_then_known() {
    let dir = tempfile::tempdir().unwrap();
    articles(dir.path());
    discover(
        dir.path(),
        &["a.txt", "b.txt", "-o", "found.jsonl"],
        "4 names (2 documents) written to found.jsonl\n",
    );
    let found = dir.path().join("found.jsonl");
    let dict = dealgraph::dictionary::Dictionary::with_files(std::slice::from_ref(&found)).unwrap();
    assert_eq!(dict.warnings(), []);
    let zeta = dict
        .resolve("Zeta Capital")
        .map(|id| dict.entity(id).name.to_string());
    assert_eq!(zeta.as_deref(), Some("Zeta Ventures"));
    // The CLI loads it without a warning, and a second discovery finds nothing new.
    let out = dealgraph()
        .current_dir(dir.path())
        .args([
            "build",
            "a.txt",
            "b.txt",
            "--quiet",
            "-o",
            "out",
            "--dict",
            "found.jsonl",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    let again = discover(
        dir.path(),
        &["a.txt", "b.txt", "--dict", "found.jsonl", "-o", "-"],
        "",
    );
    assert_eq!(again, "");
}

#[test]
fn discover_gives_the_same_bytes_with_one_and_many_threads() {
    let dir = tempfile::tempdir().unwrap();
    articles(dir.path());
    // Many documents: the made-up articles and the seeds, as JSONL lines.
    let mut lines = String::new();
    let mut texts: Vec<String> = ["a.txt", "b.txt"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap())
        .collect();
    let mut seeds: Vec<_> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    texts.extend(seeds.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    for round in 0..20 {
        for (i, text) in texts.iter().enumerate() {
            let doc = serde_json::json!({"id": format!("d{round}-{i}"), "text": text});
            lines.push_str(&format!("{doc}\n"));
        }
    }
    std::fs::write(dir.path().join("many.jsonl"), lines).unwrap();
    let one = discover(dir.path(), &["many.jsonl", "-o", "-", "-j", "1"], "");
    let many = discover(dir.path(), &["many.jsonl", "-o", "-", "-j", "3"], "");
    assert_eq!(one, many);
    assert_eq!(one.lines().count(), 4);
    assert!(one.starts_with(r#"{"name":"Zeta Ventures","type":"fund","aliases":["ZETA Capital"],"deals":80,"documents":40,"#));
}

#[test]
fn discover_refuses_to_overwrite_an_input() {
    let dir = tempfile::tempdir().unwrap();
    articles(dir.path());
    let out = dealgraph()
        .current_dir(dir.path())
        .args(["discover", "a.txt", "b.txt", "-o", "a.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: a.txt: refusing to overwrite an input with an output\n"
    );
    assert!(std::fs::read_to_string(dir.path().join("a.txt"))
        .unwrap()
        .starts_with("星河科技"));
}
