//! Constructions as an exact table: each made-up sentence (names from the bundled dictionary
//! or open-class Latin names, never sentences of a test set) with the complete list of
//! relations it gives, every attribute and the rule that found it.

use dealgraph::input::{parse_document, InputFormat};
use dealgraph::pipeline::Pipeline;
use dealgraph::relation::RelationLine;

/// Every relation of `text`, one line each:
/// `source relation target status role amount round stake rule`.
fn lines(p: &Pipeline, text: &str) -> Vec<String> {
    let doc = parse_document("t.txt", text, InputFormat::Text);
    p.analyze(&doc)
        .relations
        .iter()
        .map(|r| {
            let rule = r.rule.clone();
            let v = serde_json::to_value(RelationLine::from(r)).unwrap();
            let f = |k: &str| match &v[k] {
                serde_json::Value::Null => "-".to_string(),
                serde_json::Value::String(s) => s.clone(),
                x => x.to_string(),
            };
            [
                f("source"),
                f("relation"),
                f("target"),
                f("status"),
                f("role"),
                f("amount"),
                f("round"),
                f("stake"),
                rule,
            ]
            .join(" ")
        })
        .collect()
}

const TABLE: &[(&str, &[&str])] = &[
    (
        "蘑菇街完成数亿元人民币A轮融资。本轮融资由红杉中国领投，Foo Ventures、Bar Capital跟投，老股东IDG资本、Baz Partners继续加持。",
        &[
            "红杉资本中国 invest 蘑菇街 asserted lead 数亿元人民币 A轮 - verb-round",
            "Foo Ventures invest 蘑菇街 asserted follow 数亿元人民币 A轮 - verb-round",
            "Bar Capital invest 蘑菇街 asserted follow 数亿元人民币 A轮 - verb-round",
            "IDG资本 invest 蘑菇街 asserted follow 数亿元人民币 A轮 - verb-round",
            "Baz Partners invest 蘑菇街 asserted follow 数亿元人民币 A轮 - verb-round",
            "IDG资本 holds_stake 蘑菇街 asserted - - - - existing-holder",
            "Baz Partners holds_stake 蘑菇街 asserted - - - - existing-holder",
        ],
    ),
    (
        "蘑菇街创立于2011年，先后获得过4轮融资，背后包括腾讯、Foo Ventures、Bar Capital等明星机构。",
        &[
            "腾讯 invest 蘑菇街 asserted - - - - investor-list",
            "Foo Ventures invest 蘑菇街 asserted - - - - investor-list",
            "Bar Capital invest 蘑菇街 asserted - - - - investor-list",
        ],
    ),
    (
        "蘑菇街是一家电商公司。自2018年至今，获得过8轮融资，投资方包括Foo Ventures、Bar Capital等10余家机构。",
        &[
            "Foo Ventures invest 蘑菇街 asserted - - - - investor-list",
            "Bar Capital invest 蘑菇街 asserted - - - - investor-list",
        ],
    ),
    (
        "蘑菇街是一家电商公司。获得过腾讯、Foo Ventures和Bar Capital的投资。",
        &[
            "腾讯 invest 蘑菇街 asserted - - - - passive+topic",
            "Foo Ventures invest 蘑菇街 asserted - - - - passive+topic",
            "Bar Capital invest 蘑菇街 asserted - - - - passive+topic",
        ],
    ),
    (
        "蘑菇街此前获得过腾讯、Foo Ventures，Bar Capital、Baz Partners等超20家机构投资。",
        &[
            "腾讯 invest 蘑菇街 asserted - - - - passive",
            "Foo Ventures invest 蘑菇街 asserted - - - - passive",
            "Bar Capital invest 蘑菇街 asserted - - - - passive",
            "Baz Partners invest 蘑菇街 asserted - - - - passive",
        ],
    ),
    (
        "在持股情况上，蘑菇街董事长马云持股15.2%；软银持股20.3%，Foo Ventures持股6.6%。",
        &[
            "马云 holds_stake 蘑菇街 asserted - - - 15.2% holds-stake",
            "软银 holds_stake 蘑菇街 asserted - - - 20.3% holds-stake",
            "Foo Ventures holds_stake 蘑菇街 asserted - - - 6.6% holds-stake",
        ],
    ),
    (
        "天眼查显示，蘑菇街仅在2019年获得过Foo Ventures一轮融资。腾讯持股4.75%。",
        &[
            "Foo Ventures invest 蘑菇街 asserted - - - - passive",
            "腾讯 holds_stake 蘑菇街 asserted - - - 4.75% holds-stake",
        ],
    ),
    (
        "比如被 Foo Ventures 收购的蘑菇街和被谷歌收购的美丽说。",
        &[
            "Foo Ventures acquire 蘑菇街 asserted - - - - passive-relative",
            "谷歌 acquire 美丽说 asserted - - - - passive-relative",
        ],
    ),
    (
        "36氪获悉，距上轮B+轮融资时隔仅2个月，电商企业“蘑菇街”再度完成超20亿元C轮融资，本轮投资方包括Foo Ventures、Bar Capital等。",
        &[
            "Foo Ventures invest 蘑菇街 asserted - - C轮 - investor-list",
            "Bar Capital invest 蘑菇街 asserted - - C轮 - investor-list",
        ],
    ),
    (
        "腾讯向蘑菇街投资5亿元。",
        &["腾讯 invest 蘑菇街 asserted - 5亿元 - - toward"],
    ),
    (
        "腾讯宣布完成对蘑菇街的收购。",
        &["腾讯 acquire 蘑菇街 asserted - - - - toward"],
    ),
    ("Foo Ventures 通过电子邮件对蘑菇街的收购进行了评论。", &[]),
    (
        "腾讯获得了蘑菇街20%的股份。",
        &["腾讯 invest 蘑菇街 asserted - - - 20% acquired-shares"],
    ),
    (
        "阿里巴巴获得蘑菇街51%的股权。",
        &["阿里巴巴 acquire 蘑菇街 asserted - - - 51% acquired-shares"],
    ),
    (
        "有传言称，腾讯收购了蘑菇街。",
        &["腾讯 acquire 蘑菇街 speculative - - - - verb"],
    ),
    (
        "这笔交易由 Foo Ventures 出资，该公司目前拥有蘑菇街40%的股份。",
        &["Foo Ventures holds_stake 蘑菇街 asserted - - - 40% verb+coref"],
    ),
    ("腾讯拥有蘑菇街。", &[]),
    (
        "腾讯还在2012年5月对蘑菇街进行了1亿美元的融资。",
        &["腾讯 invest 蘑菇街 asserted - 1亿美元 - - toward"],
    ),
    (
        "Foo Ventures 支持的蘑菇街宣布裁员。",
        &["Foo Ventures invest 蘑菇街 asserted - - - - backed"],
    ),
    (
        "蘑菇街的投资方包括腾讯、山川海岳、前海方舟等。",
        &[
            "腾讯 invest 蘑菇街 asserted - - - - investor-list",
            "山川海岳 invest 蘑菇街 asserted - - - - investor-list",
            "前海方舟 invest 蘑菇街 asserted - - - - investor-list",
        ],
    ),
    (
        "蘑菇街完成A轮融资。投资方为腾讯投资、山川海岳、君度投资、前海方舟等，早期融资即引来豪华阵容。",
        &[
            "腾讯投资 invest 蘑菇街 asserted - - - - investor-list",
            "山川海岳 invest 蘑菇街 asserted - - - - investor-list",
            "君度投资 invest 蘑菇街 asserted - - - - investor-list",
            "前海方舟 invest 蘑菇街 asserted - - - - investor-list",
        ],
    ),
    (
        "蘑菇街此前获得过腾讯、中关村科学城和云帆协同创新基金的投资。",
        &[
            "腾讯 invest 蘑菇街 asserted - - - - passive",
            "中关村科学城 invest 蘑菇街 asserted - - - - passive",
            "云帆协同创新基金 invest 蘑菇街 asserted - - - - passive",
        ],
    ),
    (
        "增资完成后，星河资本成为蘑菇街第二大股东，腾讯仍为蘑菇街控股股东。",
        &[
            "星河资本 holds_stake 蘑菇街 asserted - - - - shareholder-copula",
            "腾讯 controls 蘑菇街 asserted - - - - shareholder-copula",
        ],
    ),
    (
        "蘑菇街完成B轮融资。增资完成后，星河资本成为第二大股东。",
        &["星河资本 holds_stake 蘑菇街 asserted - - - - shareholder-copula"],
    ),
    (
        "【蘑菇街拟收购口袋购物，股权转让推进中】蘑菇街实控人、控股股东马化腾股权转让事宜迎来最新进展。",
        &[
            "蘑菇街 acquire 口袋购物 planned - - - - verb",
            "马化腾 controls 蘑菇街 asserted - - - - shareholder-of",
        ],
    ),
    (
        "蘑菇街今日上市，公司引入3名基石投资者，星河资本、云帆基金及腾讯。",
        &[
            "星河资本 invest 蘑菇街 asserted - - - - investor-list+subj",
            "云帆基金 invest 蘑菇街 asserted - - - - investor-list+subj",
            "腾讯 invest 蘑菇街 asserted - - - - investor-list+subj",
        ],
    ),
    (
        "该人士称，由云锋基金支持的蘑菇街可能会在海外上市。",
        &["云锋基金 invest 蘑菇街 asserted - - - - backed"],
    ),
    (
        "腾讯将持有的蘑菇街3%的股权转让给星河资本。",
        &[
            "腾讯 holds_stake 蘑菇街 asserted - - - 3% verb",
            "星河资本 invest 蘑菇街 asserted - - - 3% sale-minority",
        ],
    ),
    (
        "蘑菇街今日披露，公司第三大股东腾讯再度通过大宗交易系统抛售3万股公司股份。",
        &["腾讯 holds_stake 蘑菇街 asserted - - - - disposal+topic"],
    ),
    (
        "蘑菇街发布公告，称控股股东星河集团于近日收到处罚决定书。",
        &["星河集团 controls 蘑菇街 asserted - - - - shareholder-of+topic"],
    ),
    (
        "蘑菇街成立于2003年初，由腾讯与阿里巴巴共同出资组建。",
        &[
            "腾讯 invest 蘑菇街 asserted - - - - founded-by",
            "阿里巴巴 invest 蘑菇街 asserted - - - - founded-by",
        ],
    ),
    (
        "蘑菇街、口袋购物都是腾讯入股的公司。",
        &[
            "腾讯 invest 蘑菇街 asserted - - - - verb-relative",
            "腾讯 invest 口袋购物 asserted - - - - verb-relative",
        ],
    ),
    (
        "腾讯以3亿元受让阿里巴巴持有的蘑菇街3%的股权。",
        &[
            "阿里巴巴 holds_stake 蘑菇街 asserted - - - 3% seller",
            "腾讯 invest 蘑菇街 asserted - 3亿元 - 3% acquire-minority",
        ],
    ),
    (
        "腾讯收购阿里巴巴所持有的蘑菇街全部股权。",
        &[
            "阿里巴巴 holds_stake 蘑菇街 asserted - - - - seller",
            "腾讯 acquire 蘑菇街 asserted - - - - verb",
        ],
    ),
    (
        "上周腾讯委托产权交易中心以挂牌方式公开转让蘑菇街3%的股权和口袋购物3%的股权。",
        &[
            "腾讯 holds_stake 蘑菇街 asserted - - - 3% disposal",
            "腾讯 holds_stake 口袋购物 asserted - - - 3% disposal",
        ],
    ),
    (
        "腾讯拟挂牌转让蘑菇街3%股权。",
        &["腾讯 holds_stake 蘑菇街 asserted - - - 3% disposal"],
    ),
    (
        "民生银行决定终止认购蘑菇街股权。",
        &["民生银行 invest 蘑菇街 denied - - - - verb"],
    ),
    (
        "蘑菇街公告称，公司控股股东腾讯于近日通过集中竞价方式减持公司股份300万股。",
        &[
            "腾讯 holds_stake 蘑菇街 asserted - - - - disposal+topic",
            "腾讯 controls 蘑菇街 asserted - - - - shareholder-of+topic",
        ],
    ),
    (
        "蘑菇街公告称，公司股东腾讯计划增持公司股份。",
        &[
            "腾讯 invest 蘑菇街 planned increase - - - verb+topic",
            "腾讯 holds_stake 蘑菇街 asserted - - - - shareholder-of+topic",
        ],
    ),
    (
        "蘑菇街公告称，腾讯减持了蘑菇街300万股。",
        &["腾讯 holds_stake 蘑菇街 asserted - - - - disposal"],
    ),
    (
        "腾讯甚至在2020年便收购企业服务领域的老牌企业海鼎51%的股权。",
        &["腾讯 acquire 海鼎 asserted - - - 51% verb"],
    ),
    (
        "而蘑菇街三大股东中，除了持股3.3%的腾讯与持股3.3%的阿里巴巴外，星河集团各持股3.3%。",
        &[
            "腾讯 holds_stake 蘑菇街 asserted - - - 3.3% holds-stake-modifier",
            "阿里巴巴 holds_stake 蘑菇街 asserted - - - 3.3% holds-stake-modifier",
            "星河集团 holds_stake 蘑菇街 asserted - - - 3.3% holds-stake",
        ],
    ),
    (
        "2021年初，元气森林完成对蘑菇街新一轮融资，金额为数亿人民币，为其第二大股东。",
        &[
            "元气森林 invest 蘑菇街 asserted - - - - toward",
            "元气森林 holds_stake 蘑菇街 asserted - - - - shareholder-copula",
        ],
    ),
    (
        "星河资本拟清仓蘑菇街，协议转让5%股份。",
        &["星河资本 holds_stake 蘑菇街 asserted - - - - disposal"],
    ),
    (
        "基于对蘑菇街的认可，现有股东腾讯、星河资本将持续加码。",
        &[
            "腾讯 holds_stake 蘑菇街 asserted - - - - existing-holder",
            "星河资本 holds_stake 蘑菇街 asserted - - - - existing-holder",
        ],
    ),
    (
        "蘑菇街是一家电商公司。继此前完成投资的腾讯，投资机构星河资本加入投资。",
        &["星河资本 invest 蘑菇街 asserted follow - - - verb+topic"],
    ),
    (
        "蘑菇街曾在2017年获得星河资本的数百万人民币天使轮融资。",
        &["星河资本 invest 蘑菇街 asserted - 数百万人民币 天使轮 - passive"],
    ),
    (
        "蘑菇街披露的半年度报告显示，腾讯今年上半年继续减持了3.3万股。",
        &["腾讯 holds_stake 蘑菇街 asserted - - - - disposal+topic"],
    ),
    (
        "由于阿里巴巴控股蘑菇街，同时持有京东3.3%的股权。",
        &[
            "阿里巴巴 controls 蘑菇街 asserted - - - - verb",
            "阿里巴巴 holds_stake 京东 asserted - - - 3.3% verb+subj",
        ],
    ),
    (
        "星河资本向腾讯及其附属公司转让持有的蘑菇街、口袋购物以及云帆科技的权益。",
        &[
            "星河资本 holds_stake 蘑菇街 asserted - - - - disposal",
            "星河资本 holds_stake 口袋购物 asserted - - - - disposal",
            "星河资本 holds_stake 云帆科技 asserted - - - - disposal",
        ],
    ),
];

#[test]
fn every_construction_gives_exactly_its_relations() {
    let p = Pipeline::bundled().unwrap();
    let mut wrong = Vec::new();
    for (text, want) in TABLE {
        let got = lines(&p, text);
        if got != *want {
            wrong.push(format!("{text}\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
