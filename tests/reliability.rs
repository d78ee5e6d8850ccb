//! Reliability on real text (issue 11): dictionary names holding clause punctuation
//! (`Facebook, Inc.`, `4:33 创意实验室`, `你好，李焕英`) in the constructions that used to
//! slice a span ending before it starts. Each reproducer gives its exact relations.

use dealgraph::dictionary::Dictionary;
use dealgraph::document::{parse_document, Format};
use dealgraph::extract::Lexicon;
use dealgraph::pipeline::Pipeline;
use std::path::Path;

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
    let doc = parse_document("doc", text, Format::Text);
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
