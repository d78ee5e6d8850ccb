//! Dates stated in a sentence (`2014年10月23日`, `2020 年 4 月`, `5月31日`, `今年`, `去年`),
//! resolved against the document's date in force at the sentence.

use crate::date::PartialDate;

/// Reads ASCII digits at the start of `s` (spaces before them skipped): value and bytes used.
fn digits(s: &str) -> Option<(u32, usize)> {
    let lead = s.len() - s.trim_start_matches(' ').len();
    let n = s[lead..].bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 4 {
        return None;
    }
    Some((s[lead..lead + n].parse().ok()?, lead + n))
}

/// Skips spaces then `word`; bytes used.
fn word(s: &str, w: &str) -> Option<usize> {
    let lead = s.len() - s.trim_start_matches(' ').len();
    s[lead..].starts_with(w).then_some(lead + w.len())
}

/// The first date stated in `sentence`, resolved against `anchor` (the document's date).
pub fn first_date(sentence: &str, anchor: Option<PartialDate>) -> Option<PartialDate> {
    let mut i = 0;
    while i < sentence.len() {
        let rest = &sentence[i..];
        let prev_digit = sentence[..i].ends_with(|c: char| c.is_ascii_digit());
        if let Some(d) = (!prev_digit).then(|| date_at(rest, anchor)).flatten() {
            return Some(d);
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

fn date_at(s: &str, anchor: Option<PartialDate>) -> Option<PartialDate> {
    let year_of = |delta: i32| anchor.map(|a| PartialDate::year(a.year + delta));
    for (w, delta) in [("今年", 0), ("去年", -1), ("前年", -2), ("明年", 1)] {
        if s.starts_with(w) {
            return year_of(delta);
        }
    }
    let (n, used) = digits(s)?;
    let rest = &s[used..];
    if let Some(y) = word(rest, "年") {
        if !(1900..=2100).contains(&n) || used - (s.len() - s.trim_start_matches(' ').len()) != 4 {
            return None;
        }
        let rest = &rest[y..];
        if let Some((m, mu)) = digits(rest) {
            if let Some(me) = word(&rest[mu..], "月") {
                if let Some((d, du)) = digits(&rest[mu + me..]) {
                    if word(&rest[mu + me + du..], "日")
                        .or(word(&rest[mu + me + du..], "号"))
                        .is_some()
                    {
                        return PartialDate::day(n as i32, m, d);
                    }
                }
                return PartialDate::month(n as i32, m);
            }
        }
        return Some(PartialDate::year(n as i32));
    }
    let year = anchor?.year;
    if let Some(me) = word(rest, "月") {
        if let Some((d, du)) = digits(&rest[me..]) {
            if word(&rest[me + du..], "日")
                .or(word(&rest[me + du..], "号"))
                .is_some()
            {
                return PartialDate::day(year, n, d);
            }
        }
        return PartialDate::month(year, n);
    }
    // A compressed month and day (531日 for 5月31日).
    if word(rest, "日").is_some() && (100..=1231).contains(&n) {
        return PartialDate::day(year, n / 100, n % 100);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_table() {
        let anchor = PartialDate::parse("2018-06-05");
        let cases = [
            ("531日,阿里领投小红书", Some("2018-05-31")),
            ("5月31日,阿里", Some("2018-05-31")),
            ("融资完成于2016年,由腾讯领投", Some("2016")),
            ("2020 年 4 月,腾讯", Some("2020-04")),
            ("2014年10月23日", Some("2014-10-23")),
            ("阿里巴巴去年推出了", Some("2017")),
            ("今年早些时候", Some("2018")),
            ("4.38 亿用户", None),
            ("有3334人加入", None),
        ];
        for (s, want) in cases {
            assert_eq!(
                first_date(s, anchor).map(|d| d.to_string()).as_deref(),
                want,
                "{s}"
            );
        }
    }
}
