//! Markdown and YAML front matter to plain text: headings and link text kept, URLs and images
//! dropped, one block per line.

use super::*;

/// Splits YAML front matter off `raw`: `(yaml, rest)`. The block starts with a `---` line
/// (after optional blank lines) and ends with a `---` or `...` line.
pub(super) fn split_front_matter(raw: &str) -> Option<(&str, &str)> {
    let s = raw.trim_start();
    let first_end = s.find('\n')?;
    if s[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    while pos < s.len() {
        let end = s[pos..].find('\n').map_or(s.len(), |i| pos + i);
        let line = s[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some((&s[yaml_start..pos], &s[(end + 1).min(s.len())..]));
        }
        pos = end + 1;
    }
    None
}

/// The title and date of YAML front matter; broken YAML and non-dates give `None`.
pub(super) fn front_matter(yaml: &str) -> (Option<String>, Option<PartialDate>) {
    let Ok(docs) = YamlLoader::load_from_str(yaml) else {
        return (None, None);
    };
    let Some(doc) = docs.first() else {
        return (None, None);
    };
    let scalar = |v: &Yaml| match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    let title = scalar(&doc["title"]);
    let date = ["date", "time"]
        .iter()
        .find_map(|key| PartialDate::parse(&scalar(&doc[*key])?));
    (title, date)
}

/// Whether a text file is really Markdown: an ATX heading line, a Markdown link to a URL or
/// an image, or a line starting with an HTML tag.
pub(super) fn looks_like_markdown(text: &str) -> bool {
    if text.contains("](http") || text.contains("](/") || text.contains("![") {
        return true;
    }
    text.lines().any(|line| {
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        let heading = (1..=6).contains(&hashes) && line.as_bytes().get(hashes) == Some(&b' ');
        let tag = line.strip_prefix('<').is_some_and(|rest| {
            let rest = rest.strip_prefix('/').unwrap_or(rest);
            rest.starts_with("!--") || rest.starts_with(|c: char| c.is_ascii_alphabetic())
        });
        heading || tag
    })
}

/// True when Markdown parsing cannot change `md` beyond what the line clean-up after it does
/// anyway (trimming lines, dropping blank ones), so that the parser can be skipped: no byte
/// that starts inline syntax anywhere in a line (`` \ ` * _ [ ] < & | ~ ``), no line that
/// starts a block (`#`, `>`, `-`, `+`, `=`, `1.`, `1)` after up to three spaces, or an
/// indented code block), no tab, carriage return or NUL (which the parser rewrites). One pass
/// over the bytes; a test compares both paths on the seeds, fixtures and dev articles.
pub(super) fn markdown_is_plain(md: &str) -> bool {
    let mut line_start = true;
    let mut indent = 0;
    let mut digits = false;
    for &b in md.as_bytes() {
        match b {
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'&' | b'|' | b'~' | b'\t'
            | b'\r' | 0 => return false,
            b'\n' => {
                line_start = true;
                indent = 0;
                digits = false;
                continue;
            }
            _ => {}
        }
        if !line_start {
            continue;
        }
        match b {
            b' ' if !digits => {
                indent += 1;
                if indent >= 4 {
                    return false;
                }
            }
            b'#' | b'>' | b'-' | b'+' | b'=' if !digits => return false,
            b'0'..=b'9' => digits = true,
            b'.' | b')' if digits => return false,
            _ => line_start = false,
        }
    }
    true
}

/// Markdown to text with one block per line; also the text of a leading `#` heading.
pub(super) fn markdown_to_text(md: &str) -> (String, Option<String>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    // The text is about as long as the Markdown: one allocation instead of a dozen doublings.
    let mut writer = MarkdownWriter {
        out: String::with_capacity(md.len()),
        ..MarkdownWriter::default()
    };
    for event in Parser::new_ext(md, options) {
        writer.event(event);
    }
    writer.end_block();
    (writer.out, writer.title)
}

/// State of the Markdown-to-text conversion.
#[derive(Default)]
pub(super) struct MarkdownWriter {
    out: String,
    /// The current block as text …
    plain: String,
    /// … and as HTML source, used when the block contains raw HTML.
    html: String,
    has_html: bool,
    /// Depth inside images and autolinks, whose text is dropped.
    skip: usize,
    /// For each open link, the buffer lengths at its start (`None`: an autolink).
    links: Vec<Option<(usize, usize)>>,
    /// Where the text of a leading level-1 heading starts in `out`.
    title_start: Option<usize>,
    title: Option<String>,
}

impl MarkdownWriter {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t)
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if self.skip == 0 {
                    self.html.push_str(&h);
                    self.has_html = true;
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.skip == 0 {
                    self.plain.push('\n');
                    self.html.push_str("<br>");
                }
            }
            Event::Rule => self.end_block(),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Image { .. } => self.skip += 1,
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.links.push(None);
                self.skip += 1;
            }
            Tag::Link { .. } => self.links.push(Some((self.plain.len(), self.html.len()))),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::TableCell => {}
            Tag::Heading {
                level: HeadingLevel::H1,
                ..
            } => {
                self.end_block();
                if self.out.is_empty() && self.title.is_none() {
                    self.title_start = Some(0);
                }
            }
            _ => self.end_block(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Image => self.skip = self.skip.saturating_sub(1),
            TagEnd::Link => match self.links.pop() {
                Some(None) => self.skip = self.skip.saturating_sub(1),
                Some(Some((plain, html))) if is_url(&self.plain[plain..]) => {
                    self.plain.truncate(plain);
                    self.html.truncate(html);
                }
                Some(Some(_)) | None => {}
            },
            TagEnd::TableCell => self.text(" "),
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Heading(_) => {
                self.end_block();
                if let Some(start) = self.title_start.take() {
                    let title = self.out[start..].trim();
                    if !title.is_empty() {
                        self.title = Some(title.to_owned());
                    }
                }
            }
            _ => self.end_block(),
        }
    }

    fn text(&mut self, text: &str) {
        if self.skip == 0 {
            self.plain.push_str(text);
            escape_html_into(&mut self.html, text);
        }
    }

    /// Writes out the current block and ends the line.
    fn end_block(&mut self) {
        if self.has_html {
            self.out.push_str(&html_to_text(&self.html, false).0);
        } else {
            self.out.push_str(&self.plain);
        }
        self.plain.clear();
        self.html.clear();
        self.has_html = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }
}

/// Whether link text is itself a URL (and so dropped like the URL).
pub(super) fn is_url(text: &str) -> bool {
    let t = text.trim();
    ["http://", "https://", "www."].iter().any(|p| {
        t.as_bytes()
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// Appends `text` to HTML source, escaped.
pub(super) fn escape_html_into(out: &mut String, text: &str) {
    // Runs between the three special bytes are copied whole (a char at a time was most of
    // the Markdown writer's own time).
    let mut rest = text;
    while let Some(i) = memchr::memchr3(b'&', b'<', b'>', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}
