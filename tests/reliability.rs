//! Reliability on real text (issue 11): dictionary names holding clause punctuation
//! (`Facebook, Inc.`, `4:33 创意实验室`, `你好，李焕英`) in the constructions that used to
//! slice a span ending before it starts. Each reproducer gives its exact relations.

use dealgraph::dictionary::Dictionary;
use dealgraph::extract::Lexicon;
use dealgraph::input::{parse_document, InputFormat};
use dealgraph::pipeline::Pipeline;
use std::path::{Path, PathBuf};

/// The relations of `text` with the bundled dictionary plus `names` (a plain list, or JSONL
/// when it starts with `{`), one `source relation target (rule)` line each.
fn relations(names: &str, text: &str) -> Vec<String> {
    let mut dict = Dictionary::builder();
    dict.add_bundled().unwrap();
    if names.starts_with('{') {
        dict.add_jsonl(Path::new("dict.jsonl"), names.as_bytes())
            .unwrap();
    } else {
        dict.add_list(Path::new("names.txt"), names.as_bytes())
            .unwrap();
    }
    let pipeline = Pipeline::new(dict.build(), Lexicon::bundled().unwrap()).unwrap();
    let doc = parse_document("doc", text, InputFormat::Text);
    pipeline
        .analyze(&doc)
        .relations
        .iter()
        .map(|r| {
            format!(
                "{} {} {} ({})",
                r.source,
                r.relation.as_str(),
                r.target,
                r.rule
            )
        })
        .collect()
}

/// rules.rs `verb`: the tail after the last object (was `begin > end` at the object list).
#[test]
fn verb_object_with_a_comma_in_its_name() {
    assert_eq!(
        relations("Facebook, Inc.\n", "腾讯收购了 Facebook, Inc. 的股份。"),
        ["腾讯 invest Facebook, Inc. (acquire-minority)"]
    );
}

/// rules.rs `is_bare_list`: the residue after the last name of a clause.
#[test]
fn bare_list_residue_with_a_comma_in_a_name() {
    assert_eq!(
        relations("Facebook, Inc.\n", "Facebook, Inc.是公司的投资。"),
        Vec::<String>::new()
    );
}

/// mod.rs `merge_list_clauses`: the text after a name that starts a clause.
#[test]
fn comma_list_with_a_comma_in_a_name() {
    assert_eq!(
        relations("Facebook, Inc.\n", "苹果,Facebook, Inc.,谷歌,微软。"),
        Vec::<String>::new()
    );
}

/// rules.rs `from`: the lead-in before the investors and the text after them.
#[test]
fn from_investor_with_a_comma_in_its_name() {
    assert_eq!(
        relations("Facebook, Inc.\n", "美团从 Facebook, Inc. 获得了融资。"),
        ["Facebook, Inc. invest 美团 (from)"]
    );
}

/// rules.rs `verb` with a colon in a listed name (the shape of the issue's first report).
#[test]
fn verb_list_with_a_colon_in_a_name() {
    assert_eq!(
        relations(
            "Nexon\n4:33 创意实验室\nNcsoft Mobile\nNetmarble Games\n",
            "腾讯的其他交易包括投资Nexon、韩国 4:33 创意实验室、 Ncsoft Mobile 和 Netmarble Games 。"
        ),
        [
            "腾讯 invest Nexon (verb)",
            "腾讯 invest 4:33 创意实验室 (verb)",
            "腾讯 invest Ncsoft Mobile (verb)",
            "腾讯 invest Netmarble Games (verb)"
        ]
    );
}

/// The gold-native sentence (NA22) with its entity list: a full-width comma in a title.
#[test]
fn verb_object_with_a_full_width_comma_in_a_title() {
    assert_eq!(
        relations(
            concat!(
                r#"{"name": "你好，李焕英", "type": "product", "aliases": ["你好，李焕英", "李焕英"]}"#,
                "\n",
                r#"{"name": "耐看娱乐", "type": "company", "aliases": ["耐看娱乐"]}"#,
                "\n"
            ),
            "2022年伊始,耐看娱乐向港交所递交招股书,其因投资《你好,李焕英》等“出圈”。"
        ),
        ["耐看娱乐 invest 你好,李焕英 (verb+coref)"]
    );
}

/// Runs the binary in `dir` with `args`; returns (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = crate::util::dealgraph()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Three deal documents, an empty one, and one that panics when asked to.
const BATCH: &str = concat!(
    r#"{"id":"a","text":"腾讯领投了小红书的C轮融资。"}"#,
    "\n",
    r#"{"id":"b","text":"阿里巴巴收购了饿了么。"}"#,
    "\n",
    r#"{"id":"c","text":""}"#,
    "\n",
    r#"{"id":"d","text":"美团投资了摩拜。"}"#,
    "\n",
);

fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    ["graph.json", "graph.dot", "relations.jsonl", "deals.jsonl"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect()
}

/// A panic while analysing one document of a batch costs that document only: the others'
/// outputs are byte-identical to a run without it, the skip names the document, the stage
/// and the message, the summary counts it, the exit code is 1, and no panic message of the
/// default hook reaches stderr.
#[test]
fn a_panicking_document_is_skipped_and_the_others_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("all.jsonl"), BATCH).unwrap();
    let without_b: String = BATCH
        .lines()
        .filter(|l| !l.contains(r#""id":"b""#))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(d.join("without.jsonl"), without_b).unwrap();
    let (code, _, stderr) = run_in(d, &["build", "all.jsonl", "-o", "x", "--inject-panic", "b"]);
    assert_eq!(code, 1, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "warning: skipped b: failed during analysis: injected panic (RunOptions::inject_panic) \
         (at src/pipeline.rs:334) (a bug: please report it with this document)"
            .replace("334", &injected_line())
    );
    assert_eq!(lines[1], "warning: skipped all.jsonl:3: empty document");
    assert_eq!(
        lines.last().unwrap(),
        &"warning: 2 inputs skipped: 1 empty, 1 failed"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (code, _, stderr) = run_in(d, &["build", "without.jsonl", "-o", "y", "-j", "1"]);
    assert_eq!(code, 0, "{stderr}");
    let x = outputs(&d.join("x"));
    let y = outputs(&d.join("y"));
    for ((name, a), (_, b)) in x.iter().zip(&y) {
        let a = String::from_utf8_lossy(a).replace("all.jsonl", "without.jsonl");
        assert_eq!(a, String::from_utf8_lossy(b), "{name}");
    }
    // --strict stops at the failed document, writing nothing.
    let (code, _, stderr) = run_in(
        d,
        &[
            "build",
            "all.jsonl",
            "-o",
            "z",
            "--strict",
            "--inject-panic",
            "a",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.starts_with(
        "error: --strict: stopped at the first bad input; nothing was written: a: failed during analysis"
    ), "{stderr}");
    assert!(!d.join("z").exists());
}

/// The line of `src/pipeline.rs` where the injected panic is raised.
fn injected_line() -> String {
    let src = std::fs::read_to_string(crate::util::root().join("src/pipeline.rs")).unwrap();
    let i = src
        .lines()
        .position(|l| l.contains("panic!(\"injected panic"))
        .unwrap();
    (i + 1).to_string()
}

/// The library: the same isolation through `RunOptions::inject_panic`.
#[test]
fn the_library_reports_a_failed_document_and_goes_on() {
    use dealgraph::pipeline::RunOptions;
    use dealgraph::skip::SkipReason;
    let pipeline = Pipeline::bundled().unwrap();
    let docs = || {
        ["腾讯领投了小红书的C轮融资。", "阿里巴巴收购了饿了么。"]
            .iter()
            .enumerate()
            .map(|(i, t)| Ok(parse_document(&format!("d{i}"), t, InputFormat::Text)))
            .collect::<Vec<_>>()
    };
    let options = RunOptions {
        inject_panic: Some("d1".to_string()),
        ..RunOptions::default()
    };
    dealgraph::pipeline::quiet_caught_panics();
    let out = pipeline
        .run(docs().into_iter(), &options, |_, _| {})
        .unwrap();
    assert_eq!(out.documents, 1);
    assert_eq!(out.skipped.len(), 1);
    assert_eq!(out.skipped[0].reason(), SkipReason::Failed);
    let all = pipeline
        .run(
            docs().into_iter().take(1),
            &RunOptions::default(),
            |_, _| {},
        )
        .unwrap();
    assert_eq!(out.graph.to_json(), all.graph.to_json());
    assert_eq!(out.relations(), all.relations());
}

/// `--json-summary`: the counts for scripts, on stdout.
#[test]
fn json_summary_counts_documents_empty_and_failed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("all.jsonl"), BATCH).unwrap();
    let (code, stdout, stderr) = run_in(
        d,
        &[
            "build",
            "all.jsonl",
            "-o",
            "x",
            "-q",
            "--json-summary",
            "--inject-panic",
            "d",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        "{\"dictionary_warnings\":0,\"documents\":2,\"duplicates\":0,\"edges\":4,\"empty\":1,\"entities\":4,\
         \"exit_code\":1,\"failed\":1,\"relations\":2,\"skipped\":2,\
         \"skipped_by_reason\":{\"empty\":1,\"failed\":1},\
         \"written\":[\"x/graph.json\",\"x/graph.dot\",\"x/relations.jsonl\",\"x/graph.html\",\"x/deals.jsonl\",\"x/documents.jsonl\"]}\n"
    );
}

/// The exit codes of README's table, one run per row (0, 1, 2, 3).
#[test]
fn exit_codes_follow_the_readme_table() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("good.txt"), "美团投资了摩拜。\n").unwrap();
    std::fs::write(d.join("g2.txt"), "阿里巴巴收购了饿了么。\n").unwrap();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("graph.json"), b"{\"nodes\": 1}").unwrap();
    let rows: &[(&[&str], i32)] = &[
        // 0: every readable input processed; empty documents are counted, not errors.
        (&["build", "good.txt", "-o", "o0"], 0),
        (&["build", "good.txt", "empty.txt", "-o", "o0"], 0),
        // 1: some inputs could not be read or failed.
        (&["build", "good.txt", "missing.txt", "-o", "o1"], 1),
        (
            &[
                "build",
                "good.txt",
                "-o",
                "o1",
                "--inject-panic",
                "good.txt",
            ],
            3,
        ),
        // 2: usage.
        (&["build", "good.txt", "--no-such-option"], 2),
        (&["build", "good.txt", "-j", "0"], 2),
        (&["build", "-o", "o2"], 2),
        (
            &[
                "query",
                "good.txt",
                "neighbors",
                "美团",
                "--export",
                "x.svg",
            ],
            2,
        ),
        (&["query", "good.txt", "investers", "美团"], 2),
        (&["query", "investors", "美团"], 2),
        // 3: fatal, nothing written.
        (&["build", "missing.txt", "-o", "o3"], 3),
        (&["build", "empty.txt", "-o", "o3"], 3),
        (
            &["build", "good.txt", "empty.txt", "--strict", "-o", "o3"],
            3,
        ),
        (&["query", "--graph", "graph.json", "investors", "美团"], 3),
    ];
    for (args, code) in rows {
        let (got, _, stderr) = run_in(d, args);
        assert_eq!(got, *code, "{args:?}: {stderr}");
    }
    assert!(!d.join("o2").exists() && !d.join("o3").exists());
}

/// The messages of issue 11, each checked whole.
#[test]
fn messages_say_what_happened() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("good.txt"), "美团投资了摩拜。\n").unwrap();
    let line = |args: &[&str]| {
        let (code, stdout, stderr) = run_in(d, args);
        (
            code,
            stdout,
            stderr.lines().next().unwrap_or("").to_string(),
            stderr,
        )
    };
    // A missing file is named once, its cause once.
    let (_, _, first, all) = line(&["text", "missing.txt"]);
    assert_eq!(
        first,
        "error: missing.txt: No such file or directory (os error 2)"
    );
    assert_eq!(all.matches("No such file").count(), 1);
    // -j 0.
    let (_, _, first, _) = line(&["build", "good.txt", "-j", "0"]);
    assert_eq!(
        first,
        "error: invalid value '0' for '--threads <THREADS>': must be at least 1"
    );
    // --export with another extension.
    let (_, _, first, _) = line(&[
        "query",
        "good.txt",
        "neighbors",
        "美团",
        "--export",
        "x.svg",
    ]);
    assert_eq!(
        first,
        "error: invalid value 'x.svg' for '--export <FILE>': the file name must end in .dot, .gv, .json or .html"
    );
    // A typo in a question.
    let (_, _, first, _) = line(&["query", "good.txt", "investers", "摩拜"]);
    assert_eq!(
        first,
        "error: unknown question \"investers\": did you mean \"investors\"? \
         (questions: investors, portfolio, path, neighbors, co-investors, top)"
    );
    // build outside the checkout, without inputs.
    let (_, _, first, _) = line(&["build"]);
    assert_eq!(
        first,
        "error: no articles given, and there is no seeds folder here to read by default: \
         name the files or folders to read (dealgraph build news/ or dealgraph build news.jsonl), \
         or - for JSONL on standard input"
    );
    // --relation all, like --status all.
    let (code, stdout, _, stderr) = line(&[
        "query",
        "good.txt",
        "neighbors",
        "美团",
        "--relation",
        "all",
        "--csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "source,relation,target,status,weight,role,amount,date,doc,sentence\n\
         摩拜单车,co_mention,美团,asserted,1,,,,good.txt,美团投资了摩拜。\n\
         美团,invest,摩拜单车,asserted,1,,,,good.txt,美团投资了摩拜。\n"
    );
    // A duplicate dictionary name keeps the first type, and says so.
    std::fs::write(
        d.join("dup.jsonl"),
        "{\"name\":\"星辰科技\",\"type\":\"company\"}\n{\"name\":\"星辰科技\",\"type\":\"person\"}\n",
    )
    .unwrap();
    let (code, _, first, _) = line(&["build", "good.txt", "--dict", "dup.jsonl", "-o", "o"]);
    assert_eq!(code, 0);
    assert_eq!(
        first,
        "warning: dup.jsonl:2: entity \"星辰科技\" is already defined as a company; \
         kept that type, not person, and merged the aliases"
    );
    // --render without Graphviz: nothing is written, and the message says so.
    let out = crate::util::dealgraph()
        .current_dir(d)
        .env("PATH", d.join("no-such-bin"))
        .args(["build", "good.txt", "-o", "r", "--render", "svg"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .ends_with("; nothing was written (render graph.dot later with `dot -Tsvg`)"),
        "{stderr}"
    );
    assert!(!d.join("r").exists());
}

/// `query --csv` neutralises a cell a spreadsheet would run; the Neo4j CSV keeps it verbatim.
#[test]
fn query_csv_neutralises_formulas() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let dict = serde_json::json!({"name": "=HYPERLINK(\"http://x\")", "aliases": ["晨曦集团"]});
    std::fs::write(d.join("dict.jsonl"), format!("{dict}\n")).unwrap();
    std::fs::write(d.join("news.txt"), "美团投资了晨曦集团。\n").unwrap();
    let (code, stdout, stderr) = run_in(
        d,
        &[
            "query",
            "news.txt",
            "--dict",
            "dict.jsonl",
            "neighbors",
            "美团",
            "--csv",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "source,relation,target,status,weight,role,amount,date,doc,sentence\n\
         美团,invest,\"'=HYPERLINK(\"\"http://x\"\")\",asserted,1,,,,news.txt,美团投资了晨曦集团。\n"
    );
    let (code, _, stderr) = run_in(
        d,
        &[
            "build",
            "news.txt",
            "--dict",
            "dict.jsonl",
            "-f",
            "neo4j",
            "-o",
            "o",
            "-q",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let nodes = std::fs::read_to_string(d.join("o/neo4j/nodes.csv")).unwrap();
    assert!(
        nodes
            .lines()
            .any(|l| l.starts_with("\"=HYPERLINK(\"\"http://x\"\")\",")),
        "{nodes}"
    );
}

/// An output never replaces an input: a folder of articles holding relations.jsonl given as
/// --out, and query --export onto the graph it reads.
#[test]
fn no_output_overwrites_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("news")).unwrap();
    std::fs::write(d.join("news/a.txt"), "美团投资了摩拜。\n").unwrap();
    let old = "{\"text\":\"阿里巴巴收购了饿了么。\"}\n";
    std::fs::write(d.join("news/relations.jsonl"), old).unwrap();
    let (code, _, stderr) = run_in(d, &["build", "news", "-o", "news"]);
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(
        stderr,
        "error: news/relations.jsonl: refusing to overwrite an input with an output\n"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("news/relations.jsonl")).unwrap(),
        old
    );
    let (code, _, _) = run_in(d, &["build", "news/a.txt", "-o", "out", "-q"]);
    assert_eq!(code, 0);
    let graph = std::fs::read(d.join("out/graph.json")).unwrap();
    let (code, _, stderr) = run_in(
        d,
        &[
            "query",
            "--graph",
            "out/graph.json",
            "neighbors",
            "美团",
            "--export",
            "out/graph.json",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(
        stderr,
        "error: --export out/graph.json: refusing to overwrite an input with an output\n"
    );
    assert_eq!(std::fs::read(d.join("out/graph.json")).unwrap(), graph);
}

/// A closed stderr loses the messages, not the run.
#[test]
fn a_closed_stderr_is_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("good.txt"), "美团投资了摩拜。\n").unwrap();
    for (args, code) in [
        ("build good.txt missing.txt -o o", 1),
        ("build missing.txt -o o", 3),
    ] {
        let status = std::process::Command::new("sh")
            .current_dir(d)
            .arg("-c")
            .arg(format!(
                "{} {args} 2>&-",
                assert_cmd::cargo::cargo_bin("dealgraph").display()
            ))
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "{args}");
    }
}

/// The temporary files of a killed run are removed by the next run writing there; those of
/// a run still going (or that cannot be told apart and are recent) are kept.
#[test]
fn stale_temporaries_of_a_killed_run_are_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("good.txt"), "美团投资了摩拜。\n").unwrap();
    std::fs::create_dir(d.join("out")).unwrap();
    // No process has a pid this high (Linux's limit is 2^22).
    let dead = d.join("out/.dealgraph-999999999-AbCdEf.tmp");
    let dead_bak = d.join("out/.dealgraph-999999999-XyZ.bak");
    let unknown = d.join("out/.dealgraph-AbCdEf.tmp");
    let other = d.join("out/notes.tmp");
    for p in [&dead, &dead_bak, &unknown, &other] {
        std::fs::write(p, "x").unwrap();
    }
    let (code, _, stderr) = run_in(d, &["build", "good.txt", "-o", "out", "-q"]);
    assert_eq!(code, 0, "{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".dealgraph-AbCdEf.tmp",
            "deals.jsonl",
            "documents.jsonl",
            "graph.dot",
            "graph.html",
            "graph.json",
            "notes.tmp",
            "relations.jsonl"
        ]
    );
}

/// A deterministic dictionary of `n` hostile names cut from `text`: a few characters on each
/// side of a clause break (`,` `:` `;` `—` `…` `、`, full-width too), so that they match in
/// the text and straddle clauses, plus synthetic mixes of Latin, CJK, digits and punctuation.
fn hostile_names(text: &str, n: usize) -> String {
    const BREAKS: &[char] = &[',', ':', ';', '—', '…', '，', '：', '；', '、'];
    let chars: Vec<char> = text.chars().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % m.max(1)
    };
    let mut names = std::collections::BTreeSet::new();
    let named = |s: &[char]| s.iter().any(|c| c.is_alphanumeric()) && !s.contains(&'\n');
    let breaks: Vec<usize> = (0..chars.len())
        .filter(|&i| BREAKS.contains(&chars[i]))
        .collect();
    for _ in 0..n * 4 {
        if names.len() >= n || breaks.is_empty() {
            break;
        }
        let at = breaks[next(breaks.len())];
        let (a, b) = (2 + next(5), 2 + next(5));
        if at < a || at + 1 + b > chars.len() {
            continue;
        }
        let (left, right) = (&chars[at - a..at], &chars[at + 1..at + 1 + b]);
        if named(left) && named(right) {
            names.insert(chars[at - a..at + 1 + b].iter().collect::<String>());
        }
    }
    let parts = [
        "Facebook, Inc.",
        "4:33 ",
        "创意实验室",
        "Mobile",
        "腾讯",
        "；",
        "—",
        "…",
        "Games",
        "李焕英",
        "，",
        "：",
        "2022",
        "A&B",
        "(",
        ")",
        "《",
        "》",
    ];
    for _ in 0..n / 4 {
        let k = 2 + next(3);
        names.insert((0..k).map(|_| parts[next(parts.len())]).collect::<String>());
    }
    names
        .into_iter()
        .filter(|n| n.trim().chars().count() >= 3)
        .map(|n| n.replace('\r', "") + "\n")
        .collect()
}

/// Every readable text of `paths` (files and folders), for [`hostile_names`].
fn texts_of(paths: &[PathBuf]) -> String {
    let mut out = String::new();
    for p in paths {
        let mut files: Vec<PathBuf> = if p.is_dir() {
            std::fs::read_dir(p)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect()
        } else {
            vec![p.clone()]
        };
        files.sort();
        for f in files {
            if let Ok(s) = std::fs::read_to_string(&f) {
                out.push_str(&s);
                out.push('\n');
            }
        }
    }
    out
}

/// Real-text sweep (issue 11): the seeds, tests/dev, ../shared/gold-native and a slice of
/// ../shared/corpus (each when present), with their own entity lists and with a dictionary
/// of hostile names cut from their own text. No document may fail (a panic would be counted
/// as `failed` and exit 1).
///
/// The corpus slice is 2,000 articles: the debug binary takes about 2 s of CPU per 1,000
/// articles, so the whole sweep stays near 10 s of CPU (`scripts/` runs the full corpus).
#[test]
fn real_text_sweep_fails_no_document() {
    let root = crate::util::root();
    let shared = root.join("../shared");
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let mut sets: Vec<(&str, Vec<PathBuf>, Option<PathBuf>)> = vec![
        ("seeds", vec![root.join("seeds")], None),
        (
            "dev",
            vec![root.join("tests/dev/articles.jsonl")],
            Some(root.join("tests/dev/entities.jsonl")),
        ),
    ];
    let native = shared.join("gold-native");
    if native.join("articles").is_dir() {
        sets.push((
            "gold-native",
            vec![native.join("articles")],
            Some(native.join("entities.jsonl")),
        ));
    }
    let corpus = shared.join("corpus/techcrunch_zh.jsonl.xz");
    if corpus.is_file() {
        let slice = d.join("corpus.jsonl");
        let script = format!(
            "xz -dc '{}' | head -n 2000 > '{}'",
            corpus.display(),
            slice.display()
        );
        let ok = std::process::Command::new("sh")
            .args(["-c", &script])
            .status()
            .is_ok_and(|s| s.success())
            && std::fs::metadata(&slice).is_ok_and(|m| m.len() > 0);
        if ok {
            sets.push(("corpus", vec![slice], None));
        } else {
            eprintln!("skipping the corpus slice: xz is not installed");
        }
    }
    for (name, inputs, entities) in &sets {
        let hostile = d.join(format!("{name}-hostile.txt"));
        std::fs::write(&hostile, hostile_names(&texts_of(inputs), 3000)).unwrap();
        let mut dicts = vec![Some(hostile)];
        dicts.push(entities.clone());
        for dict in dicts.into_iter().flatten() {
            let mut args: Vec<String> = vec!["build".into()];
            args.extend(inputs.iter().map(|p| p.display().to_string()));
            args.extend(["--dict".into(), dict.display().to_string()]);
            args.extend(["-o".into(), d.join("out").display().to_string()]);
            args.extend(["-q".into(), "--json-summary".into()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, stdout, stderr) = run_in(&root, &args);
            let summary: serde_json::Value = serde_json::from_str(&stdout)
                .unwrap_or_else(|e| panic!("{name} {}: {e}: {stderr}", dict.display()));
            assert_eq!(
                summary["failed"],
                0,
                "{name} with {}: {stderr}",
                dict.display()
            );
            assert_eq!(code, 0, "{name} with {}: {stderr}", dict.display());
            assert!(summary["documents"].as_u64().unwrap() > 0);
        }
    }
}
