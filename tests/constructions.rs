//! The investor-list constructions on made-up sentences (not from any test set).

use dealgraph::document::{parse_document, InputFormat};
use dealgraph::pipeline::Pipeline;
use std::sync::LazyLock;

/// The bundled pipeline, built once for every test of this file.
static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::bundled().unwrap());

/// (source, relation, target, status) of every relation of `text`.
fn triples(text: &str) -> Vec<(String, String, String, String)> {
    let doc = parse_document("t.txt", text, InputFormat::Text);
    PIPELINE
        .analyze(&doc)
        .relations
        .iter()
        .map(|r| {
            (
                r.source.clone(),
                r.relation.as_str().to_string(),
                r.target.clone(),
                r.status.as_str().to_string(),
            )
        })
        .collect()
}

fn has(t: &[(String, String, String, String)], s: &str, rel: &str, o: &str) -> bool {
    t.iter()
        .any(|x| x.0 == s && x.1 == rel && x.2 == o && x.3 == "asserted")
}

#[test]
fn raises_from_a_comma_list() {
    let t = triples("Acme Robotics 从 Foo Ventures，Bar Capital，Baz Partners 筹集了 500 万美元。");
    for s in ["Foo Ventures", "Bar Capital", "Baz Partners"] {
        assert!(has(&t, s, "invest", "Acme Robotics"), "{s}: {t:?}");
    }
}

#[test]
fn existing_investors_include() {
    let t = triples(
        "Acme Robotics 完成了 500 万美元的 A 轮融资，由 Foo Ventures 领投。该公司的现有投资者，包括 Bar Capital 和 Baz Partners 也参与了此轮投资。",
    );
    assert!(has(&t, "Foo Ventures", "invest", "Acme Robotics"), "{t:?}");
    assert!(has(&t, "Bar Capital", "invest", "Acme Robotics"), "{t:?}");
    assert!(has(&t, "Baz Partners", "invest", "Acme Robotics"), "{t:?}");
}

#[test]
fn unit_purchase_is_not_the_company() {
    let t = triples("2005 年，联想以 12.5 亿美元收购了 IBM 的个人电脑部门。");
    assert!(!has(&t, "联想", "acquire", "IBM"), "{t:?}");
}

#[test]
fn dotted_names_join_a_round() {
    let t = triples(
        "Acme Robotics 完成了 500 万美元的种子轮融资，由 Foo Ventures 领投。加入 Foo Ventures 的还有约翰·史密森和 Bar Capital。",
    );
    assert!(has(&t, "约翰·史密森", "invest", "Acme Robotics"), "{t:?}");
    assert!(has(&t, "Bar Capital", "invest", "Acme Robotics"), "{t:?}");
}

#[test]
fn raiser_before_by_clause() {
    let t = triples("Acme Robotics，由 Foo Ventures 领投融资 500 万美元。");
    assert!(has(&t, "Foo Ventures", "invest", "Acme Robotics"), "{t:?}");
}

#[test]
fn investor_list_one_name_per_line() {
    let t = triples(
        "Acme Robotics 完成了 500 万美元的种子轮融资，由 Foo Ventures 领投。以下是完整的投资者名单：\n\n*   Foo Ventures(领投)\n*   Bar Capital\n*   约翰·史密森\n*   王小明(前某公司副总裁)\n\n该公司将用这笔资金扩大团队。",
    );
    for s in ["Foo Ventures", "Bar Capital", "约翰·史密森", "王小明"] {
        assert!(has(&t, s, "invest", "Acme Robotics"), "{s}: {t:?}");
    }
    assert!(!t.iter().any(|x| x.0.contains("该公司")), "{t:?}");
}

#[test]
fn sale_to_a_buyer() {
    let t = triples("阿里巴巴将优酷 30%的股份出售给腾讯。");
    assert!(has(&t, "腾讯", "invest", "优酷"), "{t:?}");
    let t = triples("百度把爱奇艺卖给了腾讯。");
    assert!(has(&t, "腾讯", "acquire", "爱奇艺"), "{t:?}");
    let t = triples("Acme Robotics 最近以 1 亿美元的价格将 51%的股份出售给了 Foo Capital。");
    assert!(has(&t, "Foo Capital", "acquire", "Acme Robotics"), "{t:?}");
}

#[test]
fn demonstrative_takes_the_nearest_organisation() {
    let t = triples(
        "这已经成为了 Foo Capital 的一项专长——该公司持有 Acme Robotics 和 Bar Labs 的大量股份。",
    );
    assert!(
        has(&t, "Foo Capital", "holds_stake", "Acme Robotics"),
        "{t:?}"
    );
}

#[test]
fn bought_from_the_seller() {
    let t = triples("腾讯从百度手中收购了爱奇艺。");
    assert!(has(&t, "腾讯", "acquire", "爱奇艺"), "{t:?}");
    assert!(!has(&t, "百度", "acquire", "爱奇艺"), "{t:?}");
}
