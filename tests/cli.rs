//! CLI behaviour: determinism, boundaries, errors, never overwriting inputs.

use crate::util::{build, dealgraph, read_json, root};

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let (a, out) = build(&["seeds"], &["-j", "1"]);
    assert!(out.status.success());
    let (b, out) = build(&["seeds"], &[]);
    assert!(out.status.success());
    for f in [
        "graph.json",
        "graph.dot",
        "relations.jsonl",
        "deals.jsonl",
        "graph.html",
    ] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between runs");
    }
}

/// Many JSONL documents (lines of the seeds, recombined), with a few bad lines: the output
/// bytes must not depend on the number of threads, batches or the order of completion. Small
/// batches (7 documents, on one thread) make 300 documents cross 40 batch boundaries; the
/// other run has them all in one batch on 3 threads.
#[test]
fn many_jsonl_documents_give_the_same_bytes_with_one_and_many_threads() {
    use dealgraph::export::{render, ExportOptions, Format};
    use dealgraph::pipeline::{Batch, Pipeline, RunOptions};
    let mut lines: Vec<String> = Vec::new();
    let mut seeds: Vec<_> = std::fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    for path in seeds {
        let text = std::fs::read_to_string(path).unwrap();
        lines.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| l.chars().count() > 8)
                .map(String::from),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let mut jsonl = String::new();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..300 {
        if i % 97 == 50 {
            jsonl.push_str("{not json\n");
            continue;
        }
        let mut text = String::new();
        for _ in 0..6 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(&lines[(state >> 33) as usize % lines.len()]);
            text.push('\n');
        }
        let doc = serde_json::json!({"id": format!("d{i}"), "text": text});
        jsonl.push_str(&doc.to_string());
        jsonl.push('\n');
    }
    std::fs::write(&input, jsonl).unwrap();
    let bundled = Pipeline::bundled().unwrap();
    let small = Pipeline::bundled().unwrap().with_batch(Batch {
        docs: 7,
        ..Batch::default()
    });
    // (threads, pipeline): the default batch holds every document.
    let runs = [(1, &small), (3, &bundled)];
    let outputs: Vec<Vec<Vec<u8>>> = runs
        .iter()
        .map(|&(threads, pipeline)| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let out = pool
                .install(|| {
                    let inputs = dealgraph::document::Inputs::new(vec![input.clone()]);
                    pipeline.run(inputs.raw(), &RunOptions::default(), |_, _| {})
                })
                .unwrap();
            assert_eq!((out.documents, out.skipped.len()), (297, 3));
            [Format::Json, Format::Dot, Format::Relations]
                .into_iter()
                .flat_map(|f| render(&out.graph, f, &ExportOptions::default()).unwrap())
                .map(|file| file.bytes)
                .collect()
        })
        .collect();
    let g: serde_json::Value = serde_json::from_slice(&outputs[0][0]).unwrap();
    assert!(g["edges"].as_array().unwrap().len() > 100);
    for (run, files) in runs.iter().zip(&outputs).skip(1) {
        for (f, (x, y)) in ["graph.json", "graph.dot", "relations.jsonl"]
            .iter()
            .zip(outputs[0].iter().zip(files))
        {
            assert!(x == y, "{f} differs between 1 thread and {} threads", run.0);
        }
    }
}

#[test]
fn names_never_match_inside_longer_words() {
    let (dir, out) = build(&["tests/fixtures/boundaries.txt"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let g = read_json(&dir.path().join("graph.json"));
    let ids: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for wrong in ["京东", "阿里巴巴", "小米"] {
        assert!(!ids.contains(&wrong), "{wrong} found in {ids:?}");
    }
}

#[test]
fn missing_input_is_an_error_and_writes_nothing() {
    let (dir, out) = build(&["no/such/path.txt"], &[]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/path.txt"), "{err}");
    assert!(!dir.path().join("graph.json").exists());
}

#[test]
fn broken_dictionary_line_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("my.jsonl");
    std::fs::write(
        &dict,
        "{\"name\":\"甲公司\",\"type\":\"company\",\"aliases\":[]}\n{\"name\": oops}\n",
    )
    .unwrap();
    let out = dealgraph()
        .args(["build", "seeds", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg("--dict")
        .arg(&dict)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("my.jsonl:2"), "{err}");
}

#[test]
fn user_dictionary_adds_entities() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("names.txt");
    std::fs::write(&dict, "星辰科技\n").unwrap();
    let doc = dir.path().join("a.txt");
    std::fs::write(&doc, "星辰科技获得腾讯领投的新一轮融资。\n").unwrap();
    let out = dealgraph()
        .args(["build", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&doc)
        .arg("--dict")
        .arg(&dict)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let g = read_json(&dir.path().join("out/graph.json"));
    assert!(g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["id"] == "星辰科技"));
}

#[test]
fn an_output_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("relations.jsonl");
    let line = "{\"id\":\"x\",\"text\":\"腾讯投资了京东。\"}\n";
    std::fs::write(&input, line).unwrap();
    let out = dealgraph()
        .args(["build", "--quiet", "--format", "relations", "--out"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), line);
}

#[test]
fn dot_output_parses() {
    let (dir, out) = build(&["seeds"], &["--all-statuses"]);
    assert!(out.status.success());
    let dot = std::fs::read_to_string(dir.path().join("graph.dot")).unwrap();
    graphviz_rust::parse(&dot).expect("graph.dot parses");
}

#[test]
fn render_svg_when_graphviz_is_installed() {
    let has_dot = std::process::Command::new("dot").arg("-V").output().is_ok();
    let (dir, out) = build(&["seeds"], &["--render", "svg", "--min-weight", "2"]);
    if has_dot {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = std::fs::read_to_string(dir.path().join("graph.svg")).unwrap();
        assert!(svg.contains("<svg"));
    } else {
        assert_eq!(out.status.code(), Some(3));
        assert!(String::from_utf8_lossy(&out.stderr).contains("apt-get install graphviz"));
    }
}

/// `--stats-json FILE`: every stage in pipeline order with its bytes and calls, the run's
/// documents and input bytes; the outputs are the same bytes as without it.
#[test]
fn stats_json_counts_every_stage_and_changes_no_output() {
    let input = root().join("tests/dev/articles.jsonl");
    let lines = std::fs::read_to_string(&input).unwrap().lines().count() as u64;
    let size = std::fs::metadata(&input).unwrap().len();
    let input = input.to_str().unwrap();
    let (plain, out) = build(&[input], &["-j", "1"]);
    assert!(out.status.success());
    let stats_dir = tempfile::tempdir().unwrap();
    let stats_file = stats_dir.path().join("stats.json");
    let (timed, out) = build(
        &[input],
        &["-j", "2", "--stats-json", stats_file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --quiet without --stats: nothing on stderr.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let mut written = 0;
    for f in [
        "graph.json",
        "graph.dot",
        "relations.jsonl",
        "graph.html",
        "deals.jsonl",
        "documents.jsonl",
    ] {
        let x = std::fs::read(plain.path().join(f)).unwrap();
        let y = std::fs::read(timed.path().join(f)).unwrap();
        assert!(x == y, "{f} differs with --stats-json");
        written += y.len() as u64;
    }
    let stats = read_json(&stats_file);
    let mut keys: Vec<&str> = stats
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "cpu_s",
            "documents",
            "input_bytes",
            "peak_rss_bytes",
            "stages",
            "system_s",
            "threads",
            "user_s",
            "wall_s"
        ]
    );
    assert_eq!(stats["documents"], lines);
    assert_eq!(stats["input_bytes"], size);
    assert_eq!(stats["threads"], 2);
    assert!(stats["peak_rss_bytes"].as_u64().unwrap() > 1 << 20);
    // (stage, bytes, calls); the bytes of normalise, match and so on are those of the text,
    // which Markdown and NFKC shrink, so only their relations are checked below.
    let stages: Vec<(String, u64, u64)> = stats["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            for key in ["wall_s", "cpu_s"] {
                assert!(s[key].as_f64().unwrap() >= 0.0, "{s}");
            }
            (
                s["stage"].as_str().unwrap().to_string(),
                s["bytes"].as_u64().unwrap(),
                s["calls"].as_u64().unwrap(),
            )
        })
        .collect();
    let names: Vec<&str> = stages.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "load",
            "read",
            "parse",
            "normalise",
            "match",
            "boundary",
            "extract",
            "graph",
            "export"
        ]
    );
    let at = |name: &str| stages.iter().find(|s| s.0 == name).unwrap().clone();
    assert_eq!(at("load").2, 1);
    // The reader is asked once per line and once more to find the end.
    assert_eq!((at("read").1, at("read").2), (size, lines + 1));
    assert_eq!((at("parse").1, at("parse").2), (size, lines));
    assert_eq!(at("normalise").2, lines);
    let text = at("match").1;
    assert!(text > 0 && text < size, "{text} of {size}");
    assert_eq!(at("match").2, lines);
    assert_eq!((at("extract").1, at("extract").2), (text, lines));
    // Facts per document (on the workers) plus merging per document (in input order).
    assert_eq!((at("graph").1, at("graph").2), (text, 2 * lines));
    assert_eq!((at("export").1, at("export").2), (written, 1));
}
