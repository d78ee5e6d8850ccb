//! Dates in documents: date lines inside a text (`2018年5月31日`, `2021-03-01`), and dates in
//! URLs and paths.

use super::*;

/// The date lines of normalised text, with their byte offsets.
pub(super) fn date_marks(text: &str) -> Vec<DateMark> {
    let mut marks = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        if let Some(date) = date_line(line) {
            marks.push(DateMark { offset, date });
        }
        offset += line.len() + 1;
    }
    marks
}

/// The date of a line that is only a full date: `2018-11-16`, `2018/11/16`, `2018.11.16`
/// or `2018年11月16日` (spaces around the parts allowed).
pub(super) fn date_line(line: &str) -> Option<PartialDate> {
    let line = line.trim();
    if line.len() > 32 {
        return None;
    }
    if let Some(rest) = line.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return ymd(y.trim(), m.trim(), d.trim());
    }
    let sep = line.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let mut parts = line.split(sep);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    ymd(y, m, d)
}

/// A full date from digit strings (`YYYY`, `M` or `MM`, `D` or `DD`), years 1900..=2100.
pub(super) fn ymd(y: &str, m: &str, d: &str) -> Option<PartialDate> {
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2)) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    PartialDate::day(year, m.parse().ok()?, d.parse().ok()?)
}

/// The first `/YYYY/MM/DD/` date in a URL of `raw` (news sites put the publication date in
/// the article's URL; archived copies link to it).
pub(super) fn url_date(raw: &str) -> Option<PartialDate> {
    const MAX_URL: usize = 2048;
    raw.match_indices("http").find_map(|(start, _)| {
        let rest = &raw[start..];
        let mut cut = rest.len().min(MAX_URL);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &rest[..cut];
        let end = window
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ']'))
            .unwrap_or(window.len());
        path_date(&window[..end])
    })
}

/// The first `/YYYY/MM/DD/` in `url`.
pub(super) fn path_date(url: &str) -> Option<PartialDate> {
    url.match_indices('/').find_map(|(i, _)| {
        let mut parts = url[i + 1..].splitn(4, '/');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        parts.next()?;
        ymd(y, m, d)
    })
}
