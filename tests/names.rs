//! Names no dictionary holds and name hygiene, on made-up sentences: "name + verb" aliases,
//! news sources, quoted names, registered full names, investor slots, digit-first Latin names.

use dealgraph::input::{parse_document, InputFormat};
use dealgraph::pipeline::Pipeline;

/// (source, relation, target) of every relation of `text`, in output order.
fn triples(p: &Pipeline, text: &str) -> Vec<(String, String, String)> {
    let doc = parse_document("t.txt", text, InputFormat::Text);
    p.analyze(&doc)
        .relations
        .iter()
        .map(|r| {
            (
                r.source.clone(),
                format!("{:?}", r.relation).to_lowercase(),
                r.target.clone(),
            )
        })
        .collect()
}

fn t(s: &str, r: &str, o: &str) -> (String, String, String) {
    (s.to_string(), r.to_string(), o.to_string())
}

/// Every bundled alias that ends in 投资 used as "name + verb" (`X投资了京东。`), with the
/// investor it must give: the stem's entity when the dictionary knows the stem, else the fund.
const VERB_ALIASES: &[(&str, &str)] = &[
    ("腾讯投资", "腾讯"),
    ("哈勃投资", "哈勃投资"),
    ("哈勃科技投资", "哈勃投资"),
    ("富达投资", "富达"),
    ("弘毅投资", "弘毅投资"),
    ("厚朴投资", "厚朴投资"),
    ("华平投资", "华平投资"),
    ("凯雷投资", "凯雷投资集团"),
    ("泛大西洋投资", "泛大西洋投资"),
    ("天图投资", "天图投资"),
    ("鼎晖投资", "鼎晖投资"),
    ("祥峰投资", "祥峰投资"),
    ("萨特希尔风险投资", "萨特希尔风险投资"),
    ("维港投资", "维港投资"),
    ("英特尔投资", "英特尔"),
];

#[test]
fn name_plus_verb_aliases_keep_their_verb() {
    let p = Pipeline::bundled().unwrap();
    for (alias, investor) in VERB_ALIASES {
        let text = format!("{alias}了京东。");
        assert_eq!(
            triples(&p, &text),
            vec![t(investor, "invest", "京东")],
            "{text}"
        );
    }
    assert_eq!(
        triples(&p, "阿里投资了小红书。"),
        vec![t("阿里巴巴", "invest", "小红书")]
    );
    // The fund stays the fund where no verb follows.
    assert_eq!(
        triples(&p, "腾讯投资领投了京东。"),
        vec![t("腾讯投资", "invest", "京东")]
    );
}

#[test]
fn the_table_covers_every_investment_alias_of_the_bundled_dictionary() {
    let d = dealgraph::dictionary::Dictionary::bundled().unwrap();
    let mut aliases: Vec<&str> = d
        .aliases()
        .map(|(a, _)| a)
        .filter(|a| a.ends_with("投资") && a.chars().count() > 2)
        .collect();
    aliases.sort_unstable();
    aliases.dedup();
    let mut table: Vec<&str> = VERB_ALIASES.iter().map(|(a, _)| *a).collect();
    table.sort_unstable();
    assert_eq!(aliases, table);
}

#[test]
fn open_names_and_sources() {
    let p = Pipeline::bundled().unwrap();
    type Triples = Vec<(String, String, String)>;
    let table: &[(&str, Triples)] = &[
        // The source of a flash is not a party; the quoted name after a descriptor is.
        (
            "36氪获悉，潮流配饰品牌“MYOMY”近日完成近千万人民币天使轮融资，由梅花创投领投，蓝海众力跟投。",
            vec![
                t("梅花创投", "invest", "MYOMY"),
                t("蓝海众力", "invest", "MYOMY"),
            ],
        ),
        (
            "“澎湃新闻”完成B轮融资，红杉中国领投。",
            vec![t("红杉资本中国", "invest", "澎湃新闻")],
        ),
        // A scare-quoted word is not a name.
        ("Twitter 确认由 DST 牵头的“重大”新一轮融资", vec![]),
        (
            "Acme完成A轮融资，本轮投资方包括星河互联、青松基金等。",
            vec![
                t("星河互联", "invest", "Acme"),
                t("青松基金", "invest", "Acme"),
            ],
        ),
        (
            "【10T Holdings和Akuna Capital向交易所Deribit投资1亿美元】",
            vec![
                t("10T Holdings", "invest", "Deribit"),
                t("Akuna Capital", "invest", "Deribit"),
            ],
        ),
        (
            "区块链咨询公司18 Ventures宣布战略投资区块链社交收藏品应用程序Showcase。",
            vec![t("18 Ventures", "invest", "Showcase")],
        ),
        // Registered full names go by their short forms.
        (
            "北京字节跳动科技有限公司收购了上海东方报业有限公司。",
            vec![t("字节跳动", "acquire", "东方报业")],
        ),
        (
            "上海星河科技有限公司（以下简称“星河”）成立于2015年。光速中国投资了星河。",
            vec![t("光速中国", "invest", "星河")],
        ),
    ];
    for (text, want) in table {
        assert_eq!(&triples(&p, text), want, "{text}");
    }
}
