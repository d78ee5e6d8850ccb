//! HTML to plain text (html5ever through scraper): scripts and styles dropped, block elements
//! end lines, nesting capped so hostile input cannot exhaust the stack.

use super::*;

/// Elements whose content is not article text.
pub(super) const HTML_SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "iframe", "svg", "canvas",
    "object", "select",
];

/// Elements that start and end a line.
pub(super) const HTML_BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// HTML (a whole `document` or a fragment) to text with one block per line; also the
/// `<title>`. The tree is walked iteratively, and nesting deeper than [`MAX_HTML_DEPTH`] is
/// flattened before parsing, so nesting depth does not matter.
pub(super) fn html_to_text(source: &str, document: bool) -> (String, Option<String>) {
    let source = cap_html_depth(source);
    let parsed = if document {
        Html::parse_document(&source)
    } else {
        Html::parse_fragment(&source)
    };
    let mut out = String::with_capacity(source.len() / 2);
    let mut title: Option<String> = None;
    let mut title_text: Option<String> = None;
    let mut skip = 0usize;
    let mut pre = 0usize;
    let root = parsed.tree.root();
    let mut node = root;
    'walk: loop {
        // Open `node`.
        match node.value() {
            Node::Text(text) => {
                if let Some(t) = &mut title_text {
                    t.push_str(text);
                } else if skip == 0 {
                    push_html_text(&mut out, text, pre > 0);
                }
            }
            Node::Element(element) => {
                let name = element.name();
                if HTML_SKIP.contains(&name) {
                    skip += 1;
                    if name == "title" && title.is_none() {
                        title_text = Some(String::new());
                    }
                } else if skip == 0 {
                    if HTML_BLOCK.contains(&name) {
                        end_line(&mut out);
                    }
                    if name == "pre" {
                        pre += 1;
                    }
                }
            }
            _ => {}
        }
        if let Some(child) = node.first_child() {
            node = child;
            continue;
        }
        // Close `node` and its finished ancestors, then move to the next sibling.
        loop {
            if let Node::Element(element) = node.value() {
                let name = element.name();
                if HTML_SKIP.contains(&name) {
                    skip = skip.saturating_sub(1);
                    if name == "title" {
                        if let Some(t) = title_text.take() {
                            title = Some(t);
                        }
                    }
                } else if skip == 0 {
                    if HTML_BLOCK.contains(&name) {
                        end_line(&mut out);
                    } else if name == "td" || name == "th" {
                        out.push(' ');
                    }
                    if name == "pre" {
                        pre = pre.saturating_sub(1);
                    }
                }
            }
            if node.id() == root.id() {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => break 'walk,
            }
        }
    }
    (out, title.map(|t| one_line(&t)).filter(|t| !t.is_empty()))
}

/// The deepest element nesting handed to the HTML parser (browsers stop at 512 too).
///
/// html5ever's tree builder searches the stack of open elements for every tag, so its time
/// grows with the square of the nesting depth: a 2 MB file of nested `<div>`s would take
/// over a minute. Tags nested deeper than this are removed before parsing; their text is kept.
pub(super) const MAX_HTML_DEPTH: usize = 512;

/// Elements without end tags.
pub(super) const HTML_VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag may be left out (the next sibling closes them): they do not nest,
/// so they are not counted.
pub(super) const HTML_UNNESTED: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rp",
];

/// Elements whose content is raw text up to their end tag (no tags inside).
pub(super) const HTML_RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// `source` with start and end tags nested deeper than [`MAX_HTML_DEPTH`] removed (their
/// text stays). A light scan: comments and raw-text elements are stepped over, void and
/// unnested elements are not counted, an end tag closes the innermost open element of its
/// name. Returns `source` itself, without copying, when nothing is that deep.
pub(super) fn cap_html_depth(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    if bytes.iter().filter(|&&b| b == b'<').count() <= MAX_HTML_DEPTH {
        return Cow::Borrowed(source);
    }
    // Open elements (lower-case names), how many of each are open, and how many start tags
    // of each name were removed and still wait for their end tag.
    let mut stack: Vec<String> = Vec::new();
    let mut open: std::collections::HashMap<String, usize> = Default::default();
    let mut removed: std::collections::HashMap<String, usize> = Default::default();
    let mut out: Option<String> = None;
    let mut kept_from = 0;
    let mut i = 0;
    while let Some(lt) = bytes[i..].iter().position(|&b| b == b'<').map(|p| p + i) {
        if bytes[lt + 1..].starts_with(b"!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let name = source[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let mut remove = false;
        if closing {
            if let Some(n) = removed.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                remove = true;
            } else if open.get(&name).is_some_and(|&n| n > 0) {
                // Closes everything opened since; the scan is paid for by the pops.
                while let Some(top) = stack.pop() {
                    *open.entry(top.clone()).or_default() -= 1;
                    if top == name {
                        break;
                    }
                }
            }
        } else if name == "plaintext" {
            break;
        } else if HTML_RAW_TEXT.contains(&name.as_str()) {
            i = raw_text_end(bytes, end, &name);
            continue;
        } else if !(HTML_VOID.contains(&name.as_str())
            || HTML_UNNESTED.contains(&name.as_str())
            || bytes[..end].ends_with(b"/>"))
        {
            if stack.len() < MAX_HTML_DEPTH {
                *open.entry(name.clone()).or_default() += 1;
                stack.push(name);
            } else {
                *removed.entry(name).or_default() += 1;
                remove = true;
            }
        }
        if remove {
            let out = out.get_or_insert_with(|| String::with_capacity(source.len()));
            out.push_str(&source[kept_from..lt]);
            kept_from = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(source),
        Some(mut out) => {
            out.push_str(&source[kept_from..]);
            Cow::Owned(out)
        }
    }
}

/// The first index at or after `from` where `needle` starts.
pub(super) fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The index just past the `>` that ends a tag whose name ends at `from` (quoted attribute
/// values may hold `>`), or the end of the text.
pub(super) fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') if bytes[from + k - 1] == b'=' => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return from + k + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The index of the end tag `</name` of a raw-text element whose start tag ends at `from`,
/// or the end of the text.
pub(super) fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(p) = find(bytes, i, b"</") {
        let tail = &bytes[p + 2..];
        if tail.len() >= name.len() && tail[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return p;
        }
        i = p + 2;
    }
    bytes.len()
}

/// Ends the current output line, if any.
pub(super) fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends an HTML text node: whitespace runs collapse to one space, and a run with a line
/// break between two CJK characters disappears (source line wrapping inside Chinese text).
/// Inside `<pre>` the text is kept as it is.
pub(super) fn push_html_text(out: &mut String, text: &str, pre: bool) {
    if pre {
        out.push_str(text);
        return;
    }
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{C}');
    let is_wide = |c: char| c >= '\u{2E80}';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_ws(c) {
            out.push(c);
            continue;
        }
        let mut line_break = matches!(c, '\n' | '\r');
        while let Some(&n) = chars.peek() {
            if !is_ws(n) {
                break;
            }
            line_break |= matches!(n, '\n' | '\r');
            chars.next();
        }
        let joined = line_break
            && out.chars().next_back().is_some_and(is_wide)
            && chars.peek().is_some_and(|&n| is_wide(n));
        if !joined && !out.is_empty() && !out.ends_with([' ', '\n']) {
            out.push(' ');
        }
    }
}
