//! Deal records and as-of queries (issue 16) on made-up articles: the exact `deals.jsonl`,
//! the same bytes whatever the input order, ids that stay when articles are added, and the
//! exact answers of `query holdings` and `query investors --as-of`.

use crate::util::dealgraph;
use std::path::Path;

/// Five made-up articles: a B round named in two articles of 2018 (one a month later, by year
/// only), a stake of 15% raised to 18% (增持), a rumoured acquisition later denied, and an
/// article without a date.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a.md",
        "---\ndate: 2018-05-31\n---\n小红书完成B轮3亿美元融资，由阿里巴巴领投，腾讯跟投。\n",
    ),
    (
        "b.md",
        "---\ndate: 2018-07-02\n---\n今年小红书的B轮融资由阿里巴巴领投。\n腾讯持有京东15%的股份。\n",
    ),
    (
        "c.md",
        "---\ndate: 2019-03-01\n---\n腾讯增持京东股份至18%。\n传闻阿里巴巴拟收购饿了么。\n",
    ),
    ("d.md", "---\ndate: 2019-06-01\n---\n阿里巴巴否认收购饿了么。\n"),
    ("e.md", "红杉资本中国投资了美团。\n"),
];

/// Writes the articles named `names` into `dir/articles` and builds them, in that order,
/// into `dir/out`; returns the out folder.
fn build(dir: &Path, names: &[&str]) -> std::path::PathBuf {
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    let mut cmd = dealgraph();
    cmd.arg("build");
    for name in names {
        let (_, text) = ARTICLES.iter().find(|(n, _)| n == name).unwrap();
        std::fs::write(articles.join(name), text).unwrap();
        cmd.arg(articles.join(name));
    }
    let out = dir.join("out");
    let run = cmd.arg("--out").arg(&out).arg("--quiet").output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

const DEALS: &str = concat!(
    r#"{"id":"deal-220f543fbc42c566","relation":"holds_stake","target":"京东","status":"asserted","round":null,"amount":null,"stake":"15%","date":"2018-07-02","documents":["b.md"],"parties":[{"name":"腾讯","role":null,"amount":null,"stake":"15%","date":"2018-07-02","evidence":[{"doc":"b.md","sentence":"腾讯持有京东15%的股份。","span":[53,86],"date":"2018-07-02"}]}]}"#,
    "\n",
    r#"{"id":"deal-d2dbd0a9e2c96685","relation":"invest","target":"京东","status":"asserted","round":null,"amount":null,"stake":"18%","date":"2019-03-01","documents":["c.md"],"parties":[{"name":"腾讯","role":"increase","amount":null,"stake":"18%","date":"2019-03-01","evidence":[{"doc":"c.md","sentence":"腾讯增持京东股份至18%。","span":[0,33],"date":"2019-03-01"}]}]}"#,
    "\n",
    r#"{"id":"deal-5e6173db90a6c3d5","relation":"invest","target":"小红书","status":"asserted","round":"B轮","amount":{"text":"3亿美元","value":300000000,"currency":"USD"},"stake":null,"date":"2018-05-31","documents":["a.md","b.md"],"parties":[{"name":"腾讯","role":"follow","amount":{"text":"3亿美元","value":300000000,"currency":"USD"},"stake":null,"date":"2018-05-31","evidence":[{"doc":"a.md","sentence":"小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟投。","span":[0,73],"date":"2018-05-31"}]},{"name":"阿里巴巴","role":"lead","amount":{"text":"3亿美元","value":300000000,"currency":"USD"},"stake":null,"date":"2018-05-31","evidence":[{"doc":"a.md","sentence":"小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟投。","span":[0,73],"date":"2018-05-31"},{"doc":"b.md","sentence":"今年小红书的B轮融资由阿里巴巴领投。","span":[0,52],"date":"2018"}]}]}"#,
    "\n",
    r#"{"id":"deal-b6a1151f7e91e75f","relation":"invest","target":"美团","status":"asserted","round":null,"amount":null,"stake":null,"date":null,"documents":["e.md"],"parties":[{"name":"红杉资本中国","role":null,"amount":null,"stake":null,"date":null,"evidence":[{"doc":"e.md","sentence":"红杉资本中国投资了美团。","span":[0,36],"date":null}]}]}"#,
    "\n",
    r#"{"id":"deal-4818750c7ffab330","relation":"acquire","target":"饿了么","status":"speculative","round":null,"amount":null,"stake":null,"date":"2019-03-01","documents":["c.md"],"parties":[{"name":"阿里巴巴","role":null,"amount":null,"stake":null,"date":"2019-03-01","evidence":[{"doc":"c.md","sentence":"传闻阿里巴巴拟收购饿了么。","span":[34,73],"date":"2019-03-01"}]}]}"#,
    "\n",
    r#"{"id":"deal-4aedb4376a74e61a","relation":"acquire","target":"饿了么","status":"denied","round":null,"amount":null,"stake":null,"date":"2019-06-01","documents":["d.md"],"parties":[{"name":"阿里巴巴","role":null,"amount":null,"stake":null,"date":"2019-06-01","evidence":[{"doc":"d.md","sentence":"阿里巴巴否认收购饿了么。","span":[0,36],"date":"2019-06-01"}]}]}"#,
    "\n",
);

#[test]
fn made_up_articles_give_exactly_these_deals_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &["a.md", "b.md", "c.md", "d.md", "e.md"]);
    let deals = std::fs::read_to_string(out.join("deals.jsonl")).unwrap();
    assert_eq!(deals, DEALS);
    // The graph's evidence is in input order; the deals are not.
    let reversed = tempfile::tempdir().unwrap();
    let out = build(reversed.path(), &["e.md", "d.md", "c.md", "b.md", "a.md"]);
    assert_eq!(
        std::fs::read_to_string(out.join("deals.jsonl")).unwrap(),
        DEALS
    );
}

#[test]
fn a_deal_keeps_its_id_when_more_articles_report_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &["a.md"]);
    let deals = crate::util::read_jsonl(&out.join("deals.jsonl"));
    let ids: Vec<&str> = deals.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["deal-5e6173db90a6c3d5"]);
    assert_eq!(deals[0]["documents"], serde_json::json!(["a.md"]));
}

/// `query --graph OUT/graph.json ARGS` → stdout, which must succeed.
fn query(out: &Path, args: &[&str]) -> String {
    let run = dealgraph()
        .args(["query", "--graph"])
        .arg(out.join("graph.json"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

#[test]
fn as_of_applies_stake_changes_rumours_and_denials_in_date_order() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &["a.md", "b.md", "c.md", "d.md", "e.md"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["holdings", "腾讯", "--as-of", "2019-01-01"],
            r#"holdings of 腾讯 as of 2019-01-01: 2 holdings from 2 dated statements (1 dated later left out)

holding  relation     stake  status    since       last        statements  doc   sentence
-------  -----------  -----  --------  ----------  ----------  ----------  ----  -----------------------------------------------
京东     holds_stake  15%    asserted  2018-07-02  2018-07-02  1           b.md  腾讯持有京东15%的股份。
小红书   invest              asserted  2018-05-31  2018-05-31  1           a.md  小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟…
"#,
        ),
        (
            &["holdings", "腾讯"],
            r#"holdings of 腾讯: 2 holdings from 3 dated statements

holding  relation     stake  status    since       last        statements  doc   sentence
-------  -----------  -----  --------  ----------  ----------  ----------  ----  -----------------------------------------------
京东     holds_stake  18%    asserted  2018-07-02  2019-03-01  2           c.md  腾讯增持京东股份至18%。
小红书   invest              asserted  2018-05-31  2018-05-31  1           a.md  小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟…
"#,
        ),
        (
            &[
                "holdings",
                "阿里巴巴",
                "--as-of",
                "2019-04",
                "--status",
                "all",
            ],
            r#"holdings of 阿里巴巴 as of 2019-04: 2 holdings from 2 dated statements (1 dated later left out)

holding  relation  stake  status       since       last        statements  doc   sentence
-------  --------  -----  -----------  ----------  ----------  ----------  ----  -----------------------------------------------
小红书   invest           asserted     2018-05-31  2018-05-31  1           a.md  小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟…
饿了么   acquire          speculative              2019-03-01  1           c.md  传闻阿里巴巴拟收购饿了么。
"#,
        ),
        (
            &["holdings", "阿里巴巴", "--status", "all"],
            r#"holdings of 阿里巴巴: 2 holdings from 3 dated statements

holding  relation  stake  status    since       last        statements  doc   sentence
-------  --------  -----  --------  ----------  ----------  ----------  ----  -----------------------------------------------
小红书   invest           asserted  2018-05-31  2018-05-31  1           a.md  小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟…
饿了么   acquire          denied                2019-06-01  2           d.md  阿里巴巴否认收购饿了么。
"#,
        ),
        (
            &["investors", "小红书", "--as-of", "2018-05-30"],
            r#"holders of 小红书 as of 2018-05-30: 0 holdings from 0 dated statements (2 dated later left out)
"#,
        ),
        (
            &["investors", "小红书", "--as-of", "2018-06"],
            r#"holders of 小红书 as of 2018-06: 2 holdings from 2 dated statements

holder    relation  stake  status    since       last        statements  doc   sentence
--------  --------  -----  --------  ----------  ----------  ----------  ----  -----------------------------------------------
腾讯      invest           asserted  2018-05-31  2018-05-31  1           a.md  小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟…
阿里巴巴  invest           asserted  2018-05-31  2018-05-31  1           a.md  小红书完成B轮3亿美元融资,由阿里巴巴领投,腾讯跟…
"#,
        ),
        (
            &["holdings", "红杉资本中国"],
            r#"holdings of 红杉资本中国: 0 holdings from 0 dated statements (1 undated left out)
"#,
        ),
    ];
    for (args, want) in cases {
        assert_eq!(query(&out, args), *want, "query {}", args.join(" "));
    }
}

#[test]
fn as_of_refuses_the_date_range_filters() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &["a.md"]);
    let run = dealgraph()
        .args(["query", "--graph"])
        .arg(out.join("graph.json"))
        .args(["holdings", "腾讯", "--since", "2018"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        "error: `holdings` applies the deal records in date order: --since, --until and \
         --min-weight do not combine with it\n"
    );
}

/// On the seeds: article 002 (2014-01-13) reports the rumour that 腾讯 bought into 京东 as
/// denied; article 000 states the 15% stake, dated 2014 only. A year stands for its end, so
/// the stake comes after the denial and counts as of 2014, not as of 2014-06.
#[test]
fn as_of_on_the_seeds_places_a_year_at_its_end() {
    let (dir, run) = crate::util::build(&["seeds"], &["--format", "json"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let cases: &[(&[&str], &str)] = &[
        (
            &["investors", "京东", "--as-of", "2014-06", "--status", "all"],
            r#"holders of 京东 as of 2014-06: 2 holdings from 2 dated statements (2 dated later left out)

holder   relation  stake  status  since  last        statements  doc                       sentence
-------  --------  -----  ------  -----  ----------  ----------  ------------------------  -----------------------------------------------
奇虎360  invest           denied         2014-01-13  1           002_67c0982d7129b8b1.txt  阿里入股360、腾讯入股京东都已被辟谣,最近又曝出…
腾讯     invest           denied         2014-01-13  1           002_67c0982d7129b8b1.txt  阿里入股360、腾讯入股京东都已被辟谣,最近又曝出…
"#,
        ),
        (
            &["investors", "京东", "--as-of", "2014", "--status", "all"],
            r#"holders of 京东 as of 2014: 2 holdings from 3 dated statements (1 dated later left out)

holder   relation  stake  status    since  last        statements  doc                       sentence
-------  --------  -----  --------  -----  ----------  ----------  ------------------------  ------------------------------------------------
奇虎360  invest           denied           2014-01-13  1           002_67c0982d7129b8b1.txt  阿里入股360、腾讯入股京东都已被辟谣,最近又曝出…
腾讯     invest    15%    asserted  2014   2014        2           000_af84d4a67f423532.txt  虽然腾讯凭借其桌面版 QQ 消息服务和移动版微信(在…
"#,
        ),
    ];
    for (args, want) in cases {
        assert_eq!(query(dir.path(), args), *want, "query {}", args.join(" "));
    }
}

/// Two articles of the same day say that 腾讯 invested in 拼多多, with no round: nothing tells
/// that they report the same deal, so they stay two (`query investors` shows one statement
/// with two sources).
#[test]
fn statements_without_a_round_never_join_across_articles() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("f.md"),
        "---\ndate: 2019-06-01\n---\n腾讯投资了拼多多。\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("g.md"),
        "---\ndate: 2019-06-01\n---\n据报道，腾讯投资了拼多多。\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = dealgraph()
        .arg("build")
        .arg(&articles)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("deals.jsonl")).unwrap(),
        concat!(
            r#"{"id":"deal-4512b628f1d98a43","relation":"invest","target":"拼多多","status":"asserted","round":null,"amount":null,"stake":null,"date":"2019-06-01","documents":["g.md"],"parties":[{"name":"腾讯","role":null,"amount":null,"stake":null,"date":"2019-06-01","evidence":[{"doc":"g.md","sentence":"据报道,腾讯投资了拼多多。","span":[0,37],"date":"2019-06-01"}]}]}"#,
            "\n",
            r#"{"id":"deal-8340d4edba2f7f42","relation":"invest","target":"拼多多","status":"asserted","round":null,"amount":null,"stake":null,"date":"2019-06-01","documents":["f.md"],"parties":[{"name":"腾讯","role":null,"amount":null,"stake":null,"date":"2019-06-01","evidence":[{"doc":"f.md","sentence":"腾讯投资了拼多多。","span":[0,27],"date":"2019-06-01"}]}]}"#,
            "\n"
        )
    );
}
