//! Tests of the input side: every format, the streaming reader, dates.

use super::*;
use std::io::Write;

fn seeds() -> Vec<Document> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    Inputs::new(vec![dir])
        .collect::<Result<Vec<_>>>()
        .expect("the seeds read without errors")
}

fn day(s: &str) -> Option<PartialDate> {
    Some(PartialDate::parse(s).expect("a test date"))
}

/// What a test expects of one yielded item: the id, or (file, line, message).
type Outcome = Result<String, (String, Option<usize>, String)>;

/// The [`Outcome`] of each item, to compare with a table.
fn summarise(items: impl Iterator<Item = Result<Document>>) -> Vec<Outcome> {
    items
        .map(|item| match item {
            Ok(doc) => Ok(doc.id),
            Err(Error::Document { location, message }) => {
                Err((file_name(&location.path), location.line, message))
            }
            Err(Error::Io { path, source }) => Err((file_name(&path), None, source.to_string())),
            Err(e) => panic!("unexpected error {e}"),
        })
        .collect()
}

#[test]
fn seeds_come_out_clean() {
    let docs = seeds();
    let ids: Vec<&str> = docs.iter().map(|d| &d.id[..3]).collect();
    assert_eq!(ids, ["000", "001", "002", "003", "004"]);
    for doc in &docs {
        for markup in ["<", ">", "](", "http", "&amp;", "&nbsp;", "**"] {
            assert!(
                !doc.text.contains(markup),
                "{}: {markup:?} left in the text",
                doc.id
            );
        }
        for line in doc.text.split('\n') {
            assert!(
                !line.is_empty() && line.trim() == line,
                "{}: line {line:?}",
                doc.id
            );
        }
        assert_eq!(doc.text, normalize(&doc.text), "{}: not normalised", doc.id);
    }
}

#[test]
fn seeds_have_their_titles_and_dates() {
    let docs = seeds();
    let cases = [
        (
            0,
            Some("2014-10-23"),
            "腾讯领投 3.5 亿美元投资中国的口袋吴钩,",
        ),
        (1, Some("2018-11-16"), "博客首页|TW首页| 同事录|业界社区"),
        (
            2,
            Some("2014-01-13"),
            "当阿里加持B2C时,腾讯与慧聪合作微信B2B如何?",
        ),
        (3, None, "这次,字节和腾讯又盯上了同一块蛋糕"),
        (4, Some("2021-11-06"), "腾讯和阿里可以达成某种战略合作"),
    ];
    for (i, date, first_line) in cases {
        let doc = &docs[i];
        assert_eq!(doc.date, date.and_then(day), "{}", doc.id);
        let first = doc.text.lines().next().unwrap();
        assert!(first.starts_with(first_line), "{}: {first:?}", doc.id);
    }
    assert_eq!(docs[3].title.as_deref(), docs[3].text.lines().next());
    assert_eq!(docs[1].title, None);
    // Seed 000's "原文" autolink is dropped; seed 004's HTML keeps only text.
    assert!(docs[0].text.contains("\n原文:\n"));
    assert!(docs[4]
        .text
        .contains("本文来自微信公众号:互联网怪盗团(ID:TMTphantom),作者"));
}

#[test]
fn seed_001_has_dated_sections() {
    let doc = &seeds()[1];
    let marks: Vec<String> = doc.date_marks.iter().map(|m| m.date.to_string()).collect();
    assert_eq!(marks, ["2018-11-16", "2018-06-20", "2018-06-05"]);
    for mark in &doc.date_marks {
        let line = doc.text[mark.offset..].lines().next().unwrap();
        assert_eq!(line, mark.date.to_string());
    }
    let second = doc.date_marks[1].offset;
    assert_eq!(doc.date_at(0), day("2018-11-16"));
    assert_eq!(doc.date_at(second - 1), day("2018-11-16"));
    assert_eq!(doc.date_at(second), day("2018-06-20"));
    assert_eq!(doc.date_at(doc.text.len()), day("2018-06-05"));
}

#[test]
fn html_to_text_table() {
    let cases = [
        (
            "entities",
            "<p>A &amp; B &lt;C&gt; &#x4E2D;</p>",
            "A & B <C> 中",
        ),
        ("paragraphs", "<p>a</p><p>b</p>", "a\nb"),
        ("br", "a<br>b<br/>c", "a\nb\nc"),
        (
            "inline tags join",
            "<p>腾讯<strong>投资</strong>了<a href='https://jd.com'>京东</a></p>",
            "腾讯投资了京东",
        ),
        (
            "script and style",
            "<style>p{}</style><script>var a = 1;</script><p>正文</p>",
            "正文",
        ),
        (
            "noscript",
            "<noscript><img src=x></noscript><p>正文</p>",
            "正文",
        ),
        ("comments", "<p>甲<!-- 注释 -->乙</p>", "甲乙"),
        (
            "image alt dropped",
            "<p>图<img alt='说明' src='https://a/b.png'>文</p>",
            "图文",
        ),
        (
            "whitespace collapses",
            "<p>Tencent\n    leads   the\tround</p>",
            "Tencent leads the round",
        ),
        ("wrapped CJK joins", "<p>腾讯\n    投资</p>", "腾讯投资"),
        (
            "table rows",
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
            "a b\nc",
        ),
        ("lists", "<ul><li>甲</li><li>乙</li></ul>", "甲\n乙"),
        ("headings", "<h1>标题</h1>正文", "标题\n正文"),
        ("pre keeps lines", "<pre>a\n  b</pre>", "a\nb"),
        ("nbsp and full-width", "<p>ＡＢＣ&nbsp;，</p>", "ABC ,"),
        ("unclosed tags", "<div><p>甲<p>乙", "甲\n乙"),
        (
            "title",
            "<html><head><title>标 题</title></head><body><p>正文</p></body></html>",
            "标 题\n正文",
        ),
    ];
    for (name, html, want) in cases {
        let doc = parse_document("t.html", html, InputFormat::Html);
        assert_eq!(doc.text, want, "{name}");
    }
    let doc = parse_document(
        "t.html",
        "<title>标题</title><h1>标题</h1><p>正文</p>",
        InputFormat::Html,
    );
    assert_eq!(
        (doc.title.as_deref(), doc.text.as_str()),
        (Some("标题"), "标题\n正文")
    );
}

#[test]
fn deep_html_nesting_does_not_overflow() {
    // Nesting beyond MAX_HTML_DEPTH is flattened before html5ever sees it (its tree
    // builder is quadratic in depth: 200,000 levels took over a minute).
    let nested = |open: &str, close: &str, depth: usize| {
        format!("{}深{}", open.repeat(depth), close.repeat(depth))
    };
    let cases = [
        (InputFormat::Html, nested("<div>", "</div>", 200_000)),
        (
            InputFormat::Html,
            nested("<span><b>", "</b></span>", 100_000),
        ),
        (
            InputFormat::Html,
            nested("<DIV class='a>b'>", "</div >", 50_000),
        ),
        (InputFormat::Html, "<b>".repeat(100_000) + "深"),
        (InputFormat::Markdown, nested("<div>", "</div>", 50_000)),
        (InputFormat::Text, nested("<p><i>", "</i></p>", 50_000)),
    ];
    for (format, source) in cases {
        assert_eq!(
            parse_document("deep", &source, format).text,
            "深",
            "{format:?}"
        );
    }
}

#[test]
fn html_depth_cap_keeps_ordinary_pages() {
    let page = format!(
        "<html><body>{}<ul>{}</ul><script>if (a<b) {{ x = '<div>'; }}</script>{}</body></html>",
        "<p>段落".repeat(600),
        "<li>条目<br>".repeat(600),
        "<div><p>块</p></div>".repeat(600)
    );
    assert!(matches!(cap_html_depth(&page), Cow::Borrowed(_)));
    let text = parse_document("p", &page, InputFormat::Html).text;
    assert_eq!(text.lines().count(), 1800);
    // Deep nesting keeps its text and the blocks above the cap.
    let deep = format!(
        "<p>前</p>{}深{}<p>后</p>",
        "<div>".repeat(1000),
        "</div>".repeat(1000)
    );
    let capped = cap_html_depth(&deep);
    assert_eq!(capped.matches("<div>").count(), MAX_HTML_DEPTH);
    assert_eq!(capped.matches("</div>").count(), MAX_HTML_DEPTH);
    assert_eq!(
        parse_document("d", &deep, InputFormat::Html).text,
        "前\n深\n后"
    );
}

#[test]
fn markdown_to_text_table() {
    let cases = [
        (
            "heading, emphasis, link",
            "# 标题\n\n腾讯**投资**了[京东](https://jd.com)。",
            "标题\n腾讯投资了京东。",
        ),
        ("image dropped", "![配图 说明](img/a.png)\n\n正文", "正文"),
        (
            "image in a link dropped",
            "[![badge](b.svg)](https://x.org) 正文",
            "正文",
        ),
        (
            "autolink dropped",
            "原文:<https://example.com/2014/10/23/a>",
            "原文:",
        ),
        (
            "link text that is a URL dropped",
            "见[https://a.com/x](https://a.com/x)",
            "见",
        ),
        (
            "reference link",
            "[京东][jd]上市\n\n[jd]: https://jd.com",
            "京东上市",
        ),
        (
            "soft break ends the line",
            "第一句\n第二句",
            "第一句\n第二句",
        ),
        ("hard break", "第一句  \n第二句", "第一句\n第二句"),
        ("lists", "- 甲\n- 乙\n  - 丙\n\n1. 丁", "甲\n乙\n丙\n丁"),
        (
            "inline HTML",
            "腾讯<b>投资</b>京东 &amp; <i>阿里</i>",
            "腾讯投资京东 & 阿里",
        ),
        ("inline HTML line break", "甲<br>乙", "甲\n乙"),
        (
            "HTML block",
            "<div>\n<p>甲</p><p>乙 &amp; 丙</p>\n</div>",
            "甲\n乙 & 丙",
        ),
        (
            "HTML block with image",
            "<div><img src=\"http://a/b.jpg\">文字</div>",
            "文字",
        ),
        (
            "code",
            "用 `cargo` 构建\n\n```\nfn main() {}\n```",
            "用 cargo 构建\nfn main() {}",
        ),
        ("blockquote", "> 引用\n\n正文", "引用\n正文"),
        (
            "table",
            "| 投资方 | 金额 |\n|---|---|\n| 腾讯 | 1亿 |",
            "投资方 金额\n腾讯 1亿",
        ),
        ("rule", "甲\n\n---\n\n乙", "甲\n乙"),
        ("strikethrough", "~~旧~~新", "旧新"),
        ("escapes", "1\\*2", "1*2"),
        ("full-width", "ＡＢＣ，", "ABC,"),
    ];
    for (name, md, want) in cases {
        let doc = parse_document("t.md", md, InputFormat::Markdown);
        assert_eq!(doc.text, want, "{name}");
    }
    let doc = parse_document("t.md", "# 标题\n正文", InputFormat::Markdown);
    assert_eq!(doc.title.as_deref(), Some("标题"));
    let doc = parse_document("t.md", "正文\n\n# 小节", InputFormat::Markdown);
    assert_eq!(doc.title, None);
}

#[test]
fn text_files_that_look_like_markdown() {
    let cases = [
        (
            "plain stays plain",
            "1*2=2 和 _下划线_\n第二行",
            "1*2=2 和 _下划线_\n第二行",
        ),
        (
            "hashtag is no heading",
            "#话题#正文 [注]",
            "#话题#正文 [注]",
        ),
        ("ATX heading", "# 标题\n*正文*", "标题\n正文"),
        ("link to a URL", "见[京东](http://jd.com)", "见京东"),
        ("HTML line", "<p>甲</p>\n<p>乙</p>", "甲\n乙"),
        ("front matter", "---\ntitle: 题\n---\n*正文*", "题\n正文"),
        ("CRLF", "甲\r\n\r\n\r\n  乙  \r\n", "甲\n乙"),
    ];
    for (name, text, want) in cases {
        assert_eq!(
            parse_document("t.txt", text, InputFormat::Text).text,
            want,
            "{name}"
        );
    }
}

#[test]
fn front_matter_table() {
    let cases = [
        (
            "title and date",
            "---\ntitle: 标题\ndate: 2018-11-16\n---\n正文",
            Some("标题"),
            Some("2018-11-16"),
            "标题\n正文",
        ),
        (
            "time",
            "---\ntime: 2014-01-13 11:09\n---\n正文",
            None,
            Some("2014-01-13"),
            "正文",
        ),
        (
            "RFC 2822",
            "---\ndate: Sat, 06 Nov 2021 08:35:00 GMT\n---\n正文",
            None,
            Some("2021-11-06"),
            "正文",
        ),
        (
            "year as a number",
            "---\ndate: 2014\n---\n正文",
            None,
            Some("2014"),
            "正文",
        ),
        (
            "invalid date ignored",
            "---\ndate: Invalid Date\ntime: 2014-01-13\n---\n正文",
            None,
            Some("2014-01-13"),
            "正文",
        ),
        (
            "broken YAML stripped",
            "---\ntitle: [unclosed\ndate: {\n---\n正文",
            None,
            None,
            "正文",
        ),
        (
            "not a mapping",
            "---\n- a\n- b\n---\n正文",
            None,
            None,
            "正文",
        ),
        (
            "leading blank lines and dots",
            "\n\n---\ntitle: 'T'\n...\n正文",
            Some("T"),
            None,
            "T\n正文",
        ),
        (
            "title already first",
            "---\ntitle: 标题\n---\n# 标题\n正文",
            Some("标题"),
            None,
            "标题\n正文",
        ),
    ];
    for (name, raw, title, date, text) in cases {
        for format in [InputFormat::Text, InputFormat::Markdown] {
            let doc = parse_document("t", raw, format);
            assert_eq!(doc.title.as_deref(), title, "{name} {format:?}");
            assert_eq!(doc.date, date.and_then(day), "{name} {format:?}");
            assert_eq!(doc.text, text, "{name} {format:?}");
        }
    }
    // Without a closing line there is no front matter: Markdown reads a rule.
    let unclosed = "---\ntitle: x\n正文";
    assert_eq!(
        parse_document("t", unclosed, InputFormat::Markdown).text,
        "title: x\n正文"
    );
}

#[test]
fn date_lines_and_url_dates() {
    let doc = parse_document(
        "t",
        "甲\n2018年11月16日\n乙\n 2018/6/5 \n丙\n2018-06-05 发布\n2018-02-30",
        InputFormat::Text,
    );
    let marks: Vec<(usize, String)> = doc
        .date_marks
        .iter()
        .map(|m| (m.offset, m.date.to_string()))
        .collect();
    let second = doc.text.find("2018/6/5").unwrap();
    assert_eq!(
        marks,
        [(4, "2018-11-16".into()), (second, "2018-06-05".into())]
    );
    assert_eq!(doc.date, day("2018-11-16"));
    assert_eq!(doc.date_at(0), day("2018-11-16"));
    assert_eq!(doc.date_at(doc.text.len()), day("2018-06-05"));
    let undated = parse_document("t", "甲", InputFormat::Text);
    assert_eq!((undated.date_at(0), undated.date_marks.len()), (None, 0));

    let cases = [
        (
            "URL date",
            "见 https://a.com/2014/10/23/x 正文\n2018-01-01",
            Some("2014-10-23"),
        ),
        (
            "first URL wins",
            "http://a/2014/1/2/ http://b/2015/01/02/",
            Some("2014-01-02"),
        ),
        (
            "no trailing slash",
            "https://a.com/2014/10/23",
            Some("2018-01-01"),
        ),
        (
            "not a day",
            "https://a.com/2014/13/40/x",
            Some("2018-01-01"),
        ),
        (
            "archive timestamp",
            "https://web.archive.org/web/20221014192744/http://a.com/",
            Some("2018-01-01"),
        ),
    ];
    for (name, raw, want) in cases {
        let raw = format!("{raw}\n2018-01-01");
        assert_eq!(
            parse_document("t", &raw, InputFormat::Text).date,
            want.and_then(day),
            "{name}"
        );
    }
    let with_front = "---\ndate: 2020-01-01\n---\nhttps://a.com/2014/10/23/x";
    assert_eq!(
        parse_document("t", with_front, InputFormat::Text).date,
        day("2020-01-01")
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn jsonl_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl = Vec::new();
    for line in [
        r#"{"id":"a","text":"腾讯投资京东。","date":"2018-11-16","extra":[1,2]}"#.as_bytes(),
        r#"{"id":7,"title":"标题","text":"正文"}"#.as_bytes(),
        b"",
        b"[1,2]",
        br#"{"id":"x"}"#,
        b"{not json",
        b"{\"text\":\"\xff\xfe\"}",
        r#"{"text":"最后","date":"Invalid Date"}"#.as_bytes(),
        br#"{"text":5}"#,
        br#"{"id":"w","text":"  "}"#,
        b"   \r",
        b"{\"id\":\"crlf\",\"text\":\"x\"}\r",
    ] {
        jsonl.extend_from_slice(line);
        jsonl.push(b'\n');
    }
    let path = write(dir.path(), "in.jsonl", &jsonl);
    let got = summarise(Inputs::new(vec![path.clone()]));
    let f = "in.jsonl".to_string();
    let want: Vec<Outcome> = vec![
        Ok("a".into()),
        Ok("7".into()),
        Err((
            f.clone(),
            Some(4),
            "expected a JSON object, found an array".into(),
        )),
        Err((f.clone(), Some(5), "missing \"text\"".into())),
        Err((
            f.clone(),
            Some(6),
            "invalid JSON: key must be a string at line 1 column 2".into(),
        )),
        Err((
            f.clone(),
            Some(7),
            format!(
                "invalid UTF-8 at byte 9 of the line (byte {} of the file)",
                jsonl.iter().position(|&b| b == 0xff).unwrap()
            ),
        )),
        Ok("in.jsonl:8".into()),
        Err((
            f.clone(),
            Some(9),
            "\"text\" must be a string, found a number".into(),
        )),
        Err((f.clone(), Some(10), "empty document".into())),
        Ok("crlf".into()),
    ];
    assert_eq!(got, want);

    let docs: Vec<Document> = Inputs::new(vec![path]).filter_map(Result::ok).collect();
    assert_eq!(
        (docs[0].date, docs[0].text.as_str()),
        (day("2018-11-16"), "腾讯投资京东。")
    );
    assert_eq!(
        (docs[1].title.as_deref(), docs[1].text.as_str()),
        (Some("标题"), "标题\n正文")
    );
    assert_eq!(docs[2].date, None);

    assert!(parse_jsonl_line(Path::new("x"), 1, "").unwrap().is_none());
    assert!(parse_jsonl_line(Path::new("x"), 1, " \t")
        .unwrap()
        .is_none());
    let doc = parse_jsonl_line(Path::new("-"), 3, r#"{"text":"t"}"#)
        .unwrap()
        .unwrap();
    assert_eq!(doc.id, "-:3");
}

#[test]
fn jsonl_file_edge_cases() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], Vec<Outcome>); 4] = [
        (
            "empty.jsonl",
            b"",
            vec![Err(("empty.jsonl".into(), None, "empty document".into()))],
        ),
        (
            "blank.ndjson",
            b"\n\n",
            vec![Err(("blank.ndjson".into(), None, "empty document".into()))],
        ),
        (
            "bin.jsonl",
            b"{\"text\":\"a\"}\n\0\0\0",
            vec![Err((
                "bin.jsonl".into(),
                None,
                "binary file (NUL byte at byte 13)".into(),
            ))],
        ),
        (
            "bom.jsonl",
            b"\xef\xbb\xbf{\"id\":\"b\",\"text\":\"a\"}",
            vec![Ok("b".into())],
        ),
    ];
    for (name, bytes, want) in cases {
        let path = write(dir.path(), name, bytes);
        assert_eq!(summarise(Inputs::new(vec![path])), want, "{name}");
    }
}

#[test]
fn very_long_jsonl_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.jsonl");
    let mut file = io::BufWriter::new(File::create(&path).unwrap());
    let chunk = "Tencent invests in JD. ".repeat(1000);
    write!(file, r#"{{"id":"long","text":""#).unwrap();
    let chunks = 50 * 1024 * 1024 / chunk.len();
    for _ in 0..chunks {
        file.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(file, r#""}}"#).unwrap();
    writeln!(file, r#"{{"id":"next","text":"腾讯"}}"#).unwrap();
    drop(file);
    let docs: Vec<Document> = Inputs::new(vec![path]).map(Result::unwrap).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].text.len(), chunks * chunk.len() - 1);
    assert_eq!(docs[1].id, "next");
}

#[test]
fn folders_are_walked_in_order_and_errors_do_not_stop_reading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "z.jsonl",
        b"{\"id\":\"z1\",\"text\":\"a\"}\n{\"id\":\"z2\",\"text\":\"b\"}\n",
    );
    write(d, "b.txt", "腾讯投资京东。".as_bytes());
    write(d, "a.md", b"# A\n\ntext");
    write(d, "sub/c.html", b"<p>c</p>");
    write(d, "sub/image.png", b"\x89PNG\r\n\x1a\n\0\0\0");
    write(d, "bin.txt", b"abc\0def");
    write(d, "empty.txt", b" \n\t\n");
    write(d, "only-image.md", b"![x](y.png)");
    write(d, "bad-utf8.txt", b"ab\ncd\xe8\xaf");
    write(d, "utf16.txt", b"\xff\xfea\0b\0");
    write(d, "notes.dat", b"ignored in a folder");
    let got = summarise(Inputs::new(vec![d.to_path_buf()]));
    let err = |f: &str, msg: &str| Err((f.to_string(), None, msg.to_string()));
    let want = vec![
        Ok("a.md".to_string()),
        Ok("b.txt".into()),
        err("bad-utf8.txt", "invalid UTF-8 at byte 5 (line 2)"),
        err("bin.txt", "binary file (NUL byte at byte 3)"),
        err("empty.txt", "empty document"),
        err("only-image.md", "empty document (no text outside markup)"),
        Ok("c.html".into()),
        err(
            "utf16.txt",
            "UTF-16 text (byte-order mark at byte 0) is not supported; convert it to UTF-8",
        ),
        Ok("z1".into()),
        Ok("z2".into()),
    ];
    assert_eq!(got, want);

    // Named paths: missing ones are errors, unknown extensions are text, order is kept.
    let missing = d.join("missing.txt");
    let got = summarise(Inputs::new(vec![
        missing,
        d.join("notes.dat"),
        d.join("sub"),
    ]));
    assert!(
        matches!(&got[0], Err((f, None, m)) if f == "missing.txt" && m.contains("No such file"))
    );
    assert_eq!(got[1..], [Ok("notes.dat".to_string()), Ok("c.html".into())]);
}

#[test]
fn load_text_reads_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let jsonl = write(
        d,
        "x.jsonl",
        b"[]\n{\"id\":\"first\",\"text\":\"a\"}\n{\"id\":\"second\",\"text\":\"b\"}\n",
    );
    assert_eq!(load_text(&jsonl).unwrap().id, "first");
    let bad = write(d, "bad.jsonl", b"[]\n");
    assert!(load_text(&bad)
        .unwrap_err()
        .to_string()
        .contains("bad.jsonl:1: expected a JSON object"));
    let html = write(d, "p.htm", b"<p>&amp;</p>");
    assert_eq!(load_text(&html).unwrap().text, "&");
    assert!(load_text(d)
        .unwrap_err()
        .to_string()
        .contains("is a folder"));
    assert!(matches!(
        load_text(&d.join("none.md")),
        Err(Error::Io { .. })
    ));
    assert!(read_file(&jsonl).is_err());
    assert_eq!(read_file(&html).unwrap().id, "p.htm");
}

#[test]
fn inputs_can_move_to_another_thread() {
    fn assert_send<T: Send>() {}
    assert_send::<Inputs>();
    assert_send::<Document>();
}

#[test]
fn formats_by_extension() {
    let cases = [
        ("a.txt", Some(InputFormat::Text)),
        ("a.md", Some(InputFormat::Markdown)),
        ("A.MARKDOWN", Some(InputFormat::Markdown)),
        ("a.html", Some(InputFormat::Html)),
        ("dir/a.htm", Some(InputFormat::Html)),
        ("a.jsonl", Some(InputFormat::Jsonl)),
        ("a.ndjson", Some(InputFormat::Jsonl)),
        ("a.png", None),
        ("README", None),
    ];
    for (path, want) in cases {
        assert_eq!(InputFormat::from_path(Path::new(path)), want, "{path}");
    }
}

/// Skipping the Markdown parser on text without Markdown syntax gives the same document text
/// as parsing it: checked on every seed, fixture and dev article, whole and line by line
/// (so that plain lines of Markdown articles are tried too), and on the shared gold articles
/// when they are there.
#[test]
fn markdown_without_syntax_reads_the_same_without_the_parser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bodies: Vec<String> = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["seeds", "tests/fixtures", "../shared/gold-native/articles"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            files.extend(
                walkdir::WalkDir::new(dir)
                    .into_iter()
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_file())
                    .map(|e| e.into_path()),
            );
        }
    }
    files.sort();
    for f in files {
        if let Ok(text) = fs::read_to_string(&f) {
            if f.extension().is_some_and(|e| e == "jsonl") {
                for line in text.lines() {
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                        if let Some(t) = v["text"].as_str() {
                            bodies.push(t.to_string());
                        }
                    }
                }
            } else {
                bodies.push(text);
            }
        }
    }
    let dev = fs::read_to_string(root.join("tests/dev/articles.jsonl")).unwrap();
    for line in dev.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        bodies.push(v["text"].as_str().unwrap().to_string());
    }
    let whole = bodies.len();
    let lines: Vec<String> = bodies
        .iter()
        .flat_map(|b| b.lines().map(String::from).collect::<Vec<_>>())
        .collect();
    bodies.extend(lines);
    let mut plain = 0;
    for body in &bodies {
        if !markdown_is_plain(body) {
            continue;
        }
        plain += 1;
        let (parsed, title) = markdown_to_text(body);
        assert_eq!(title, None, "{body:?}");
        assert_eq!(
            tidy_lines(&normalize(&parsed), None),
            tidy_lines(&normalize(body), None),
            "{body:?}"
        );
    }
    // The check must let real text through, or it saves nothing.
    assert!(whole >= 30, "{whole} bodies");
    assert!(
        plain * 4 >= bodies.len(),
        "{plain} of {} plain",
        bodies.len()
    );
}

/// Every kind of Markdown syntax keeps the parser.
#[test]
fn markdown_syntax_is_never_taken_for_plain_text() {
    let syntax = [
        "# 标题",
        "  ## 标题",
        "> 引用",
        "- 一项",
        "+ 一项",
        "* 一项",
        "1. 一项",
        "  12) 一项",
        "正文\n===",
        "正文\n---",
        "    代码",
        "\t代码",
        "腾讯**投资**了京东",
        "腾讯_投资_了京东",
        "[京东](https://jd.com)",
        "![图](a.png)",
        "<b>腾讯</b>",
        "A &amp; B",
        "a \\* b",
        "`代码`",
        "a | b\n--|--",
        "~~删除~~",
        "a\r\nb",
        "a\0b",
    ];
    for md in syntax {
        assert!(!markdown_is_plain(md), "{md:?}");
    }
    let plain = [
        "腾讯投资了京东。",
        "2018-11-16\n腾讯以 1.5 亿美元投资了京东 (JD), 占股 10%!",
        "   三个空格\n\n下一段: a=b, c+d, e-f > g, #1",
        "",
    ];
    for md in plain {
        assert!(markdown_is_plain(md), "{md:?}");
    }
}
