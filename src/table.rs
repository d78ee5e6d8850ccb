//! Tables for people and programs: aligned text whose column widths count display cells
//! (a CJK character is two, via `unicode-width`), with long cells cut to a column's maximum
//! width and marked `…`; and CSV with every cell whole.

use std::borrow::Cow;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Space between two columns.
const GAP: &str = "  ";

/// A column: a header and, for text output, the widest a cell may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header.
    pub name: &'static str,
    /// Display width at which text cells are cut (`None`: never cut).
    pub max_width: Option<usize>,
}

impl Column {
    /// A column whose cells are never cut.
    pub const fn new(name: &'static str) -> Self {
        Column {
            name,
            max_width: None,
        }
    }

    /// A column whose cells are cut at `max_width` display cells in text output.
    pub const fn cut(name: &'static str, max_width: usize) -> Self {
        Column {
            name,
            max_width: Some(max_width),
        }
    }
}

/// Rows of cells under named columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<String>>,
}

/// Display width of `s` in terminal cells.
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` display cells, ending in `…` when cut.
pub fn truncate_to_width(s: &str, max: usize) -> Cow<'_, str> {
    if display_width(s) <= max {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut width = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if width + w + 1 > max {
            break;
        }
        out.push(c);
        width += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// A cell on one line: line breaks and tabs become spaces, other control characters go.
fn one_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect(),
    )
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: Vec<Column>) -> Self {
        Table {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are empty, extra cells are dropped).
    pub fn push(&mut self, mut row: Vec<String>) {
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    /// The aligned text: header, a rule, then the rows; cells one line each and cut to their
    /// column's maximum width; no trailing spaces.
    pub fn render(&self) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&self.columns)
                    .map(|(cell, col)| {
                        let cell = one_line(cell);
                        match col.max_width {
                            Some(w) => truncate_to_width(&cell, w).into_owned(),
                            None => cell.into_owned(),
                        }
                    })
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(k, col)| {
                cells
                    .iter()
                    .map(|r| display_width(&r[k]))
                    .chain([display_width(col.name)])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let mut line = |cells: &mut dyn Iterator<Item = &str>| {
            let mut s = String::new();
            for (k, cell) in cells.enumerate() {
                if k > 0 {
                    s.push_str(GAP);
                }
                s.push_str(cell);
                s.extend(std::iter::repeat_n(
                    ' ',
                    widths[k].saturating_sub(display_width(cell)),
                ));
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(&mut self.columns.iter().map(|c| c.name));
        let rules: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        line(&mut rules.iter().map(String::as_str));
        for row in &cells {
            line(&mut row.iter().map(String::as_str));
        }
        out
    }

    /// The CSV bytes: a header line, then every row with every cell whole (RFC 4180 quoting).
    ///
    /// This CSV is for people, who open it in a spreadsheet: a cell that a spreadsheet would
    /// run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, and not
    /// a number) gets a leading `'` ([`neutralize_formula`]). The Neo4j and Kùzu import CSVs
    /// keep the data verbatim.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|c| c.name))
            .expect("writing CSV to memory");
        for row in &self.rows {
            w.write_record(row.iter().map(|c| neutralize_formula(c).into_owned()))
                .expect("writing CSV to memory");
        }
        w.into_inner().expect("flushing CSV to memory")
    }
}

/// `cell` with a `'` in front when a spreadsheet would read it as a formula (`=cmd|…`,
/// `=HYPERLINK(…)`, `@SUM(…)`, `+1+1`, `-2+3`): it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return and is neither a number nor a lone `-`.
///
/// ```
/// use dealgraph::table::neutralize_formula;
/// assert_eq!(neutralize_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutralize_formula("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(neutralize_formula("-12.5"), "-12.5");
/// assert_eq!(neutralize_formula("-"), "-");
/// assert_eq!(neutralize_formula("腾讯"), "腾讯");
/// ```
pub fn neutralize_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && cell != "-"
        && cell.parse::<f64>().is_err();
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_display_cells() {
        let cases = [
            ("abc", 5, "abc"),
            ("abcdef", 4, "abc…"),
            ("腾讯领投小红书", 7, "腾讯领…"),
            ("腾讯领投小红书", 14, "腾讯领投小红书"),
            ("腾讯领投小红书", 8, "腾讯领…"),
            ("a腾讯", 3, "a…"),
        ];
        for (s, w, want) in cases {
            let got = truncate_to_width(s, w);
            assert_eq!(got, want, "{s} at {w}");
            assert!(display_width(&got) <= w);
        }
    }

    #[test]
    fn columns_align_with_cjk() {
        let mut t = Table::new(vec![Column::new("name"), Column::cut("note", 6)]);
        t.push(vec!["腾讯".into(), "领投一亿美元".into()]);
        t.push(vec!["Sequoia".into(), "x\ny".into()]);
        t.push(vec!["阿里".into()]);
        let text = t.render();
        assert_eq!(
            text,
            "name     note\n\
             -------  -----\n\
             腾讯     领投…\n\
             Sequoia  x y\n\
             阿里\n"
        );
    }

    #[test]
    fn csv_keeps_cells_whole_and_quoted() {
        let mut t = Table::new(vec![Column::new("a"), Column::cut("b", 2)]);
        t.push(vec!["x,y".into(), "很长的一句话，\"引号\"".into()]);
        assert_eq!(
            String::from_utf8(t.to_csv()).unwrap(),
            "a,b\n\"x,y\",\"很长的一句话，\"\"引号\"\"\"\n"
        );
    }
}
