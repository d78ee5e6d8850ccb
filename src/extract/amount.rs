//! Money amounts, stakes and round names as news writes them: `3.5 亿美元`, `约20亿元`,
//! `US$1.2亿`, `三亿元`, FinRE's masked `<N>亿元`, `约14%`, `C 轮`, `Pre-A轮`.

use crate::relation::Amount;
use std::ops::Range;

/// Prefixes kept in the amount text (约20亿元).
const APPROX: &[&str] = &["大约", "约", "近", "超过", "超", "逾"];
/// Vague counts before a unit (数千万元, 几百万美元, 上亿元): the amount has no value.
const VAGUE: &[&str] = &["数", "几", "上"];
/// Currency prefixes and their codes, longest first.
const PREFIX_CURRENCY: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("RMB", "CNY"),
    ("$", "USD"),
    ("¥", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
];
/// Currency suffixes and their codes, longest first.
const SUFFIX_CURRENCY: &[(&str, &str)] = &[
    ("元人民币", "CNY"),
    ("人民币", "CNY"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("港元", "HKD"),
    ("港币", "HKD"),
    ("欧元", "EUR"),
    ("日元", "JPY"),
    ("英镑", "GBP"),
    ("卢比", "INR"),
    ("元", "CNY"),
];
/// Multipliers, longest first.
const UNITS: &[(&str, f64)] = &[
    ("千万", 1e7),
    ("百万", 1e6),
    ("万亿", 1e12),
    ("亿", 1e8),
    ("万", 1e4),
    ("千", 1e3),
    ("百", 1e2),
];

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a Chinese numeral below ten thousand (三, 十五, 二百五十).
fn chinese_small(s: &str) -> Option<f64> {
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    for c in s.chars() {
        if let Some(d) = chinese_digit(c) {
            digit = Some(d);
            continue;
        }
        let mul = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.take().unwrap_or(1) * mul;
    }
    Some(f64::from(total + digit.unwrap_or(0)))
}

/// Reads a number at the start of `s`: Arabic (with `.` and `,`), Chinese, or `<N>`.
/// Returns its value (`None` for `<N>`) and byte length.
fn number(s: &str) -> Option<(Option<f64>, usize)> {
    if s.starts_with("<N>") {
        return Some((None, 3));
    }
    // 数千万元, 几百万美元, 上亿元: a vague count before a unit has no value.
    if let Some(v) = VAGUE.iter().find(|v| s.starts_with(*v)) {
        let rest = &s[v.len()..];
        if UNITS.iter().any(|(u, _)| rest.starts_with(u)) {
            return Some((None, v.len()));
        }
    }
    let arabic: usize = s
        .char_indices()
        .take_while(|&(i, c)| c.is_ascii_digit() || (i > 0 && (c == '.' || c == ',')))
        .map(|(_, c)| c.len_utf8())
        .sum();
    if arabic > 0 {
        let t = s[..arabic].trim_end_matches(['.', ',']);
        return Some((t.replace(',', "").parse().ok(), t.len()));
    }
    let cn: usize = s
        .chars()
        .take_while(|&c| chinese_digit(c).is_some() || matches!(c, '十' | '百' | '千'))
        .map(char::len_utf8)
        .sum();
    // A lone 千/百 is a unit word, not a number.
    let t = &s[..cn];
    if cn == 0 || !t.chars().any(|c| chinese_digit(c).is_some() || c == '十') {
        return None;
    }
    Some((chinese_small(t), cn))
}

fn skip_spaces(s: &str, at: usize) -> usize {
    at + s[at..].len() - s[at..].trim_start_matches([' ', '\t']).len()
}

/// An amount starting exactly at `start` of `text`: its end and value.
fn amount_at(text: &str, start: usize) -> Option<(usize, Amount)> {
    let mut at = start;
    if let Some(p) = APPROX.iter().find(|p| text[at..].starts_with(*p)) {
        at = skip_spaces(text, at + p.len());
    }
    let mut currency = None;
    if let Some((p, c)) = PREFIX_CURRENCY
        .iter()
        .find(|(p, _)| text[at..].starts_with(*p))
    {
        currency = Some(*c);
        at = skip_spaces(text, at + p.len());
    }
    // 近千万人民币, 超亿元: an approximation word right before a unit counts one of it.
    let approx_unit = at > start && UNITS.iter().any(|(u, _)| text[at..].starts_with(u));
    let (value, n) = if approx_unit {
        (Some(1.0), 0)
    } else {
        number(&text[at..])?
    };
    at += n;
    let mut at2 = skip_spaces(text, at);
    let mut mul = 1.0;
    let mut any_unit = false;
    while let Some((u, m)) = UNITS.iter().find(|(u, _)| text[at2..].starts_with(*u)) {
        mul *= m;
        any_unit = true;
        at2 += u.len();
        at = at2;
        at2 = skip_spaces(text, at2);
    }
    if let Some((s, c)) = SUFFIX_CURRENCY
        .iter()
        .find(|(s, _)| text[at2..].starts_with(*s))
    {
        currency = currency.or(Some(*c));
        at = at2 + s.len();
    } else if currency.is_none() {
        return None;
    }
    let _ = any_unit;
    let raw = &text[start..at];
    Some((
        at,
        Amount {
            text: raw.chars().filter(|c| !c.is_whitespace()).collect(),
            // Hundreds of digits parse to infinity, which JSON cannot hold: no value then.
            value: value.map(|v| v * mul).filter(|v| v.is_finite()),
            currency: currency.map(str::to_string),
        },
    ))
}

/// Parses a whole string as an amount (`3.5 亿美元`, `约20亿元`, `$350万`).
pub fn parse_amount(s: &str) -> Option<Amount> {
    let s = s.trim();
    amount_at(s, 0)
        .filter(|(end, _)| *end == s.len())
        .map(|(_, a)| a)
}

/// Whether an amount can start with the character `c`: an approximation word, a currency
/// prefix or a number (Arabic, `<N>`, or Chinese) starts with it. A cheap filter in front of
/// [`amount_at`], which gives `None` wherever this is false.
fn could_start_amount(c: char) -> bool {
    // The first characters of APPROX and PREFIX_CURRENCY (a test keeps them in step).
    c.is_ascii_digit()
        || matches!(
            c,
            '<' | '十'
                | '数'
                | '几'
                | '上'
                | '百'
                | '千'
                | '大'
                | '约'
                | '近'
                | '超'
                | '逾'
                | 'U'
                | 'H'
                | 'R'
                | '$'
                | '¥'
                | '€'
                | '£'
        )
        || chinese_digit(c).is_some()
}

/// Every amount in `text`, left to right.
pub fn find_amounts(text: &str) -> Vec<(Range<usize>, Amount)> {
    // Every amount names a currency (`amount_at` gives `None` without a prefix or suffix
    // one): a text with no currency word has none, found with one scan instead of trying
    // every digit and 上/大/数… of it.
    static CURRENCIES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(
                PREFIX_CURRENCY
                    .iter()
                    .chain(SUFFIX_CURRENCY)
                    .map(|(w, _)| w),
            )
            .expect("the currency words make an automaton")
        });
    if !CURRENCIES.is_match(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let c = text[i..].chars().next().expect("i is a char boundary");
        if could_start_amount(c) {
            if let Some((end, a)) = amount_at(text, i) {
                out.push((i..end, a));
                i = end;
                continue;
            }
        }
        // Skip the rest of a number so that 13.5亿 is not read again from 3.5亿. (The byte
        // before `i` is the whole previous character when it is ASCII.)
        let prev_digit = i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.');
        i += c.len_utf8();
        if prev_digit {
            while i < text.len() && text[i..].starts_with(|c: char| c.is_ascii_digit() || c == '.')
            {
                i += 1;
            }
        }
    }
    out.retain(|(r, _)| {
        let before = text[..r.start].chars().next_back();
        !before.is_some_and(|b| b.is_ascii_digit() || b == '.')
    });
    out
}

/// Every percentage in `text` (`10.2%`, `约14%`, `<N>%`), with its value when readable.
pub fn find_stakes(text: &str) -> Vec<(Range<usize>, String, Option<f64>)> {
    let mut out = Vec::new();
    for (pct, _) in text.match_indices('%') {
        let head = &text[..pct];
        let digits = head.len()
            - head
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
                .len();
        let (mut start, value) = if digits > 0 {
            let value = head[pct - digits..].parse::<f64>().ok();
            (pct - digits, value.filter(|v| v.is_finite()))
        } else if head.ends_with("<N>") {
            (pct - 3, None)
        } else {
            continue;
        };
        if text[..start].ends_with('约') {
            start -= '约'.len_utf8();
        }
        out.push((start..pct + 1, text[start..pct + 1].to_string(), value));
    }
    out
}

/// Every letter round in `text` (`C 轮`, `Pre-A轮`, `A+轮`, `B2轮`), normalised without spaces.
pub fn find_letter_rounds(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices('轮') {
        let head = text[..pos].trim_end_matches(' ');
        let body = head.len()
            - head
                .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '+' || c == '-')
                .len();
        if body == 0 {
            continue;
        }
        let word = &head[head.len() - body..];
        let letters = word.trim_start_matches("Pre-").trim_start_matches("pre-");
        let ok = letters.starts_with(|c: char| ('A'..='H').contains(&c))
            && letters[1..].chars().all(|c| c.is_ascii_digit() || c == '+');
        let before_ok = !head[..head.len() - body].ends_with(|c: char| c.is_ascii_alphanumeric());
        if ok && before_ok {
            out.push((
                head.len() - body..pos + '轮'.len_utf8(),
                format!("{word}轮"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_amount_filter_knows_every_first_character() {
        let firsts = APPROX
            .iter()
            .chain(PREFIX_CURRENCY.iter().map(|(p, _)| p))
            .chain(VAGUE)
            .chain(&["<N>", "1", "三", "十", "百", "千"])
            .filter_map(|p| p.chars().next());
        for c in firsts {
            assert!(could_start_amount(c), "{c}");
        }
    }

    #[test]
    fn amounts() {
        let cases: &[(&str, &str, Option<f64>, Option<&str>)] = &[
            ("3.5 亿美元", "3.5亿美元", Some(3.5e8), Some("USD")),
            ("约20亿元", "约20亿元", Some(2e9), Some("CNY")),
            ("1.45 亿美元", "1.45亿美元", Some(1.45e8), Some("USD")),
            ("$350万", "$350万", Some(3.5e6), Some("USD")),
            ("US$ 1.2亿", "US$1.2亿", Some(1.2e8), Some("USD")),
            ("三亿元", "三亿元", Some(3e8), Some("CNY")),
            ("五千万人民币", "五千万人民币", Some(5e7), Some("CNY")),
            ("<N>亿元", "<N>亿元", None, Some("CNY")),
            ("2,000万港元", "2,000万港元", Some(2e7), Some("HKD")),
            ("10亿欧元", "10亿欧元", Some(1e9), Some("EUR")),
            ("数千万元", "数千万元", None, Some("CNY")),
            ("数亿元人民币", "数亿元人民币", None, Some("CNY")),
            ("几百万美元", "几百万美元", None, Some("USD")),
            ("上亿元", "上亿元", None, Some("CNY")),
            ("近千万人民币", "近千万人民币", Some(1e7), Some("CNY")),
            ("超亿元", "超亿元", Some(1e8), Some("CNY")),
        ];
        assert!(parse_amount("数千").is_none());
        assert!(parse_amount("上市").is_none());
        for (s, text, v, c) in cases {
            let a = parse_amount(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(
                (a.text.as_str(), a.value, a.currency.as_deref()),
                (*text, *v, *c),
                "{s}"
            );
        }
        assert!(parse_amount("3.5亿").is_none());
        assert!(parse_amount("4.38 亿用户").is_none());
        // 400 digits are infinity as an f64: the amount keeps its text, without a value.
        let huge = format!("{}亿元", "9".repeat(400));
        let a = parse_amount(&huge).unwrap();
        assert_eq!((a.text.as_str(), a.value), (huge.as_str(), None));
    }

    #[test]
    fn finds_in_text() {
        let t = "一轮重要的 3.5 亿美元 C 轮融资,用户 4.38 亿,估值达30亿美金";
        let got: Vec<String> = find_amounts(t).into_iter().map(|(_, a)| a.text).collect();
        assert_eq!(got, ["3.5亿美元", "30亿美金"]);
        assert_eq!(find_letter_rounds(t)[0].1, "C轮");
        assert_eq!(find_letter_rounds("完成Pre-A轮和A+轮")[0].1, "Pre-A轮");
        assert_eq!(find_letter_rounds("完成Pre-A轮和A+轮")[1].1, "A+轮");
        let s = find_stakes("持有新加坡邮政约14%股权,QSI34%股权");
        assert_eq!((s[0].1.as_str(), s[0].2), ("约14%", Some(14.0)));
        assert_eq!(s[1].1, "34%");
    }
}
