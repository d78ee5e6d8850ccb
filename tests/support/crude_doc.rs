// A crude document loader for extraction tests until the real one (branch `doc`) is merged:
// front matter dates, HTML tags and Markdown link targets dropped, date lines as date marks.
use dealgraph::date::PartialDate;
use dealgraph::document::{DateMark, Document};

/// Loads `path` as a [`Document`] with the crude rules above.
pub fn crude_document(path: &std::path::Path) -> Document {
    let raw = std::fs::read_to_string(path).unwrap();
    let mut date = None;
    let mut title: Option<String> = None;
    let mut body = raw.as_str();
    if let Some(rest) = raw.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---") {
            for l in rest[..end].lines() {
                if let Some((k, v)) = l.split_once(':') {
                    if k.trim() == "title" {
                        title = Some(v.trim().trim_matches('\'').to_string());
                    }
                    if matches!(k.trim(), "date" | "time") {
                        date = date.or(PartialDate::parse(v.trim().trim_matches('\'')));
                    }
                }
            }
            body = &rest[end + 4..];
        }
    }
    let mut text = String::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' if body[i..].find('>').is_some_and(|e| e < 300) => {
                let e = i + body[i..].find('>').unwrap();
                let tag = &body[i..e];
                if tag.starts_with("<p") || tag.starts_with("</p") || tag.starts_with("<br") {
                    text.push('\n');
                }
                if tag.contains("://") && date.is_none() {
                    date = url_date(tag);
                }
                while chars.peek().is_some_and(|&(j, _)| j <= e) {
                    chars.next();
                }
            }
            '!' if body[i..].starts_with("![") => {
                let e = body[i..].find(')').map_or(i, |e| i + e);
                while chars.peek().is_some_and(|&(j, _)| j <= e) {
                    chars.next();
                }
            }
            '[' => {}
            ']' if body[i..].starts_with("](") => {
                let e = body[i..].find(')').map_or(i, |e| i + e);
                while chars.peek().is_some_and(|&(j, _)| j <= e) {
                    chars.next();
                }
            }
            _ => text.push(c),
        }
    }
    let text = match title {
        Some(t) => format!("{t}\n{text}"),
        None => text,
    };
    let text = dealgraph::normalize::normalize(&text);
    let mut marks = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(d) = PartialDate::parse(line.trim()).filter(|d| d.day.is_some()) {
            marks.push(DateMark { offset, date: d });
        }
        offset += line.len();
    }
    Document {
        id: path.file_name().unwrap().to_string_lossy().into_owned(),
        title: text.lines().next().map(str::to_string),
        date: date.or(marks.first().map(|m| m.date)),
        date_marks: marks,
        text,
    }
}

fn url_date(s: &str) -> Option<PartialDate> {
    let parts: Vec<&str> = s.split('/').collect();
    parts.windows(3).find_map(|w| {
        let ok = w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2;
        ok.then(|| PartialDate::parse(&format!("{}-{}-{}", w[0], w[1], w[2])))
            .flatten()
    })
}

/// Runs the whole pipeline on the seeds with the bundled dictionary plus the gold entities.
pub fn seed_relations() -> Vec<dealgraph::relation::RelationLine> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dict =
        dealgraph::dictionary::Dictionary::with_files(&[root.join("tests/gold/entities.jsonl")])
            .unwrap();
    let matcher = dealgraph::matcher::Matcher::new(&dict).unwrap();
    let lexicon = dealgraph::extract::Lexicon::bundled().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let doc = if std::env::var_os("CRUDE").is_some() {
            crude_document(&f)
        } else {
            dealgraph::document::read_file(&f).unwrap()
        };
        let sentences = dealgraph::sentence::split(&doc.text);
        let mentions = matcher.find(&doc.text);
        let found = dealgraph::extract::extract(&doc, &sentences, &mentions, &dict, &lexicon);
        for r in &found.relations {
            out.push(r.into());
        }
    }
    out
}

/// The gold relations and gold entity names of the seeds.
pub fn seed_gold() -> (
    Vec<dealgraph::relation::RelationLine>,
    dealgraph::dictionary::Dictionary,
) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let gold = dealgraph::eval::read_relations(&root.join("tests/gold/relations.jsonl")).unwrap();
    let mut b = dealgraph::dictionary::Dictionary::builder();
    b.add_file(&root.join("tests/gold/entities.jsonl")).unwrap();
    (gold, b.build())
}
