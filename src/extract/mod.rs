//! Relation extraction: every relation type, status and attribute of the annotation guidelines,
//! found by construction (voice, lists, roles, stakes, clause-scoped status), never by sentence.
//!
//! A sentence with at least one mention is analysed once: its clauses, its entity *slots*
//! (mentions, plus pronouns resolved by [`coref`]), its [`cues`] from the [`Lexicon`], and the
//! amounts, stakes and rounds it states. The constructions in [`rules`] turn that analysis into
//! candidate relations; a document-level [`Discourse`] carries the salient entity and the round
//! under discussion across sentences.

pub mod amount;
pub mod coref;
pub mod cues;
pub mod dates;
pub(crate) mod names;
pub mod open;
pub mod rules;
pub mod status;

pub use cues::{Cue, CueClass, Lexicon};

use crate::dictionary::{alias_key, Dictionary, Entity, EntityId, EntityKind, EntityRef};
use crate::document::Document;
use crate::matcher::Mention;
use crate::model::Attributes;
use crate::relation::{Amount, OpenEntity, Relation, RelationKind, Role, Status};
use crate::sentence::Sentence;
use std::ops::Range;

/// The entities one document's extraction can name: the dictionary's, then the open-class
/// names found in this document, whose ids come after the dictionary's. The dictionary is
/// never changed: the open names are this document's overlay.
#[derive(Debug, Clone, Copy)]
pub struct Entities<'a> {
    dict: &'a Dictionary,
    open: &'a [Entity],
}

impl<'a> Entities<'a> {
    /// The dictionary's entities followed by `open` (ids `dict.len()..`).
    pub fn new(dict: &'a Dictionary, open: &'a [Entity]) -> Self {
        Entities { dict, open }
    }

    /// The entity of `id`.
    pub fn entity(&self, id: EntityId) -> EntityRef<'a> {
        match id.index().checked_sub(self.dict.len()) {
            Some(i) => self.open[i].view(),
            None => self.dict.entity(id),
        }
    }

    /// True when `id` is one of the document's open names.
    pub fn is_open(&self, id: EntityId) -> bool {
        id.index() >= self.dict.len()
    }
}

/// What extraction finds in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The relations, in sentence order.
    pub relations: Vec<Relation>,
    /// The open-class names the relations connect, sorted by name, with their kinds and
    /// how often the document names them.
    pub open: Vec<OpenEntity>,
}

/// An entity argument in a sentence: a mention, or a pronoun resolved to an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// Byte range in the sentence.
    pub span: Range<usize>,
    /// The entity.
    pub entity: EntityId,
    /// True for a resolved pronoun.
    pub pronoun: bool,
    /// Index of its clause.
    pub clause: usize,
}

/// A cue in a sentence, with its clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Byte range in the sentence.
    pub span: Range<usize>,
    /// What it signals.
    pub class: CueClass,
    /// Index of its clause.
    pub clause: usize,
}

/// The round under discussion: who raised it and its name.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundContext {
    /// The company that raised the round.
    pub company: EntityId,
    /// The round's name (C轮, 新一轮), if stated.
    pub round: Option<String>,
    /// The round's total (数亿元人民币), if stated: every investor of the round gets it unless
    /// its own share is written.
    pub amount: Option<Amount>,
}

/// What carries across the sentences of one document.
#[derive(Debug, Clone, Default)]
pub struct Discourse {
    /// The entity a pronoun most likely refers to (the last clause-initial subject).
    pub salient: Option<EntityId>,
    /// The round the text is talking about.
    pub round: Option<RoundContext>,
}

/// One analysed sentence.
#[derive(Debug)]
pub struct Analysis<'a> {
    /// The sentence text.
    pub text: &'a str,
    /// Clause ranges.
    pub clauses: Vec<Range<usize>>,
    /// Entity slots, left to right.
    pub slots: Vec<Slot>,
    /// Cues outside slots, left to right.
    pub hits: Vec<Hit>,
    /// Amounts, left to right.
    pub amounts: Vec<(Range<usize>, Amount)>,
    /// Stakes (`10.2%`) with their values.
    pub stakes: Vec<(Range<usize>, String, Option<f64>)>,
    /// Round names, left to right.
    pub rounds: Vec<(Range<usize>, String)>,
    /// Status of each clause.
    pub status: Vec<Status>,
    /// The entities (kinds): the dictionary and the document's open names.
    pub dict: Entities<'a>,
}

impl Analysis<'_> {
    /// The status of a candidate: its clause's, or the status words in its scope only.
    pub fn status_of(&self, c: &Candidate) -> Status {
        match c.status_scope {
            None => self.status[c.clause],
            Some(end) => status::clause_status(
                self.hits
                    .iter()
                    .filter(|h| h.clause == c.clause && h.span.end <= end)
                    .map(|h| h.class),
            ),
        }
    }
}

/// A relation found in one sentence, before it becomes a [`Relation`].
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Source slot index.
    pub source: usize,
    /// The relation.
    pub kind: RelationKind,
    /// Target slot index, or the entity of the round under discussion.
    pub target: Target,
    /// Role, amount, round and stake (the date is the sentence's, set on the relation).
    pub attrs: Attributes,
    /// Clause whose status applies.
    pub clause: usize,
    /// Rule name.
    pub rule: String,
    /// When set, only the status words of the clause that end before this byte apply: a
    /// relation stated inside a noun modifier (由 X 支持的 Y 可能上市) is presupposed, and a hedge
    /// after its head noun belongs to the main verb.
    pub status_scope: Option<usize>,
}

/// The target of a candidate.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A slot of the sentence.
    Slot(usize),
    /// An entity from the discourse, written as `surface` in the sentence (这轮融资).
    Context(EntityId, String),
}

/// The dictionary mentions of `doc` as the extraction sees them: "name + verb" aliases used as
/// verbs cut before the verb (`腾讯投资了京东` gives 腾讯), names in news-source positions
/// (`@界面新闻【`, `36氪获悉`) dropped. The graph counts these mentions.
pub fn tidy_mentions(
    doc: &Document,
    mentions: Vec<Mention>,
    dict: &Dictionary,
    lexicon: &Lexicon,
) -> Vec<Mention> {
    let words = names::NameWords::new(lexicon);
    let mut mentions = mentions;
    names::split_verb_aliases(&doc.text, &mut mentions, dict, &words);
    mentions.retain(|m| !names::is_source(&doc.text, &m.span, &words));
    mentions
}

/// Every relation stated in `doc`, in sentence order, and the open-class names they connect.
pub fn extract(
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    dict: &Dictionary,
    lexicon: &Lexicon,
) -> Extraction {
    // The cues of every sentence, found once for the open names and the analysis.
    let spans: Vec<Range<usize>> = sentences.iter().map(|s| s.span.clone()).collect();
    let cues: Vec<Vec<Cue>> = lexicon.find_in_spans(&doc.text, &spans);
    let (open, mentions) = &with_open_names(doc, sentences, &cues, mentions, dict, lexicon);
    let dict = Entities::new(dict, open);
    let mentions = mentions.as_slice();
    let mut out = Vec::new();
    let mut discourse = Discourse::default();
    let items = list_items(doc, sentences);
    // The round a bulleted list names the investors of: set by a colon header right after a
    // sentence about a round.
    let mut list_round: Option<RoundContext> = None;
    let mut last_deal: Option<usize> = None;
    let mut m = 0;
    // Items are in sentence order: a cursor, not a search per sentence.
    let mut next_item = 0;
    for (si, s) in sentences.iter().enumerate() {
        let item = match items.get(next_item) {
            Some((i, r)) if *i == si => {
                next_item += 1;
                Some(r.clone())
            }
            _ => None,
        };
        if item.is_none() {
            let t = doc.text[s.span.clone()].trim();
            let header = t.ends_with(':') || t.ends_with('：');
            list_round = if header && last_deal.is_some_and(|d| d + 1 >= si) {
                discourse.round.clone()
            } else {
                None
            };
        }
        while m < mentions.len() && mentions[m].span.start < s.span.start {
            m += 1;
        }
        let first = m;
        while m < mentions.len() && mentions[m].span.end <= s.span.end {
            m += 1;
        }
        let local = &mentions[first..m];
        let text = &doc.text[s.span.clone()];
        if cues[si].iter().any(|c| {
            matches!(
                c.class,
                CueClass::Invest
                    | CueClass::Lead
                    | CueClass::Follow
                    | CueClass::Financing
                    | CueClass::OtherInvestors
                    | CueClass::InvestorList
            )
        }) {
            last_deal = Some(si);
        }
        if let (Some(r), Some(ctx)) = (item.as_ref(), list_round.as_ref()) {
            if let Some(mention) = local.iter().find(|x| x.span.start == r.start) {
                if mention.entity != ctx.company {
                    let role = cues[si]
                        .iter()
                        .any(|c| c.class == CueClass::Lead)
                        .then_some(Role::Lead);
                    out.push(Relation {
                        doc: doc.id.clone(),
                        sentence: text.to_string(),
                        span: s.span.clone(),
                        source: dict.entity(mention.entity).name.to_string(),
                        source_kind: dict.entity(mention.entity).kind,
                        relation: RelationKind::Invest,
                        target: dict.entity(ctx.company).name.to_string(),
                        target_kind: dict.entity(ctx.company).kind,
                        status: Status::Asserted,
                        attrs: Attributes {
                            role,
                            round: ctx.round.clone(),
                            date: doc.date_at(s.span.start),
                            ..Attributes::default()
                        },
                        source_surface: doc.text[mention.span.clone()].to_string(),
                        target_surface: dict.entity(ctx.company).name.to_string(),
                        rule: "list-item".to_string(),
                    });
                }
            }
        }
        if local.is_empty() {
            // A pronoun-only sentence can still set nothing; the round context stays.
            continue;
        }
        let analysis = analyse_with_cues(text, s.span.start, local, dict, &discourse, &cues[si]);
        let cands = rules::apply(&analysis, &mut discourse, lexicon);
        coref::update_salience(&analysis, &mut discourse);
        let date = dates::first_date(text, doc.date_at(s.span.start))
            .or_else(|| doc.date_at(s.span.start));
        for c in merge(&analysis, cands) {
            let (target, target_surface) = match &c.target {
                Target::Slot(t) => {
                    let sl = &analysis.slots[*t];
                    (sl.entity, text[sl.span.clone()].to_string())
                }
                Target::Context(e, surface) => (*e, surface.clone()),
            };
            let src = &analysis.slots[c.source];
            if src.entity == target {
                continue;
            }
            let mut rule = c.rule.clone();
            let via_pronoun =
                src.pronoun || matches!(c.target, Target::Slot(t) if analysis.slots[t].pronoun);
            if via_pronoun && !rule.ends_with("+coref") {
                rule.push_str("+coref");
            }
            out.push(Relation {
                doc: doc.id.clone(),
                sentence: text.to_string(),
                span: s.span.clone(),
                source: dict.entity(src.entity).name.to_string(),
                source_kind: dict.entity(src.entity).kind,
                relation: c.kind,
                target: dict.entity(target).name.to_string(),
                target_kind: dict.entity(target).kind,
                status: analysis.status_of(&c),
                attrs: Attributes {
                    date,
                    ..c.attrs.clone()
                },
                source_surface: text[src.span.clone()].to_string(),
                target_surface,
                rule,
            });
        }
    }
    // The open names the relations connect, with how often the document names them.
    let mut named: Vec<&Entity> = out
        .iter()
        .flat_map(|r| [&r.source, &r.target])
        .filter_map(|name| open.iter().find(|e| &e.name == name))
        .collect();
    named.sort_by(|a, b| a.name.cmp(&b.name));
    named.dedup_by(|a, b| a.name == b.name);
    let overlay = named
        .into_iter()
        .map(|e| OpenEntity {
            name: e.name.clone(),
            kind: e.kind,
            mentions: mentions
                .iter()
                .filter(|m| dict.is_open(m.entity) && dict.entity(m.entity).name == e.name)
                .count() as u64,
        })
        .collect();
    Extraction {
        relations: out,
        open: overlay,
    }
}

/// The [`open`] names of the deal sentences as entities (ids after the dictionary's, see
/// [`Entities`]), and the mentions with theirs added. A name the dictionary knows (by name or
/// alias) is a mention of that entity; the same name found twice is one entity.
fn with_open_names(
    doc: &Document,
    sentences: &[Sentence],
    cues: &[Vec<Cue>],
    mentions: &[Mention],
    dict: &Dictionary,
    lexicon: &Lexicon,
) -> (Vec<Entity>, Vec<Mention>) {
    let words = names::NameWords::new(lexicon);
    let mut open: Vec<Entity> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut base = mentions.to_vec();
    names::split_verb_aliases(&doc.text, &mut base, dict, &words);
    // The sentences' cue words in document offsets (read only when a legal form occurs).
    let doc_cues = sentences.iter().zip(cues).flat_map(|(s, cs)| {
        cs.iter().map(|c| Cue {
            span: c.span.start + s.span.start..c.span.end + s.span.start,
            class: c.class,
        })
    });
    let registered = names::registered_names(&doc.text, doc_cues, &words);
    if !registered.is_empty() {
        names::add_registered(
            &doc.text,
            &registered,
            &mut base,
            dict,
            &mut |name, kind| open_entity(dict, &mut open, &mut keys, name, kind),
        );
    }
    let mentions = base.as_slice();
    let mut found = Vec::new();
    for (s, cues) in sentences.iter().zip(cues) {
        let text = &doc.text[s.span.clone()];
        // Mentions are sorted by start: only this sentence's are looked at (all of them for
        // every sentence was quadratic in the document's length).
        let first = mentions.partition_point(|m| m.span.start < s.span.start);
        let taken: Vec<Range<usize>> = mentions[first..]
            .iter()
            .take_while(|m| m.span.start < s.span.end)
            .filter(|m| m.span.end <= s.span.end)
            .map(|m| m.span.start - s.span.start..m.span.end - s.span.start)
            .collect();
        for o in open::find_with_cues(text, cues, &taken, lexicon) {
            found.push((o.span.start + s.span.start..o.span.end + s.span.start, o));
        }
    }
    // Clause-initial subjects of the whole document (X 成立于, X 完成 A 轮融资).
    let spans: Vec<Range<usize>> = mentions.iter().map(|m| m.span.clone()).collect();
    for o in open::subjects(&doc.text, &spans, lexicon) {
        if !found
            .iter()
            .any(|(f, _)| f.start < o.span.end && o.span.start < f.end)
        {
            found.push((o.span.clone(), o));
        }
    }
    for (_, span) in list_items(doc, sentences) {
        if mentions
            .iter()
            .any(|m| m.span.start < span.end && span.start < m.span.end)
            || found
                .iter()
                .any(|(f, _)| f.start < span.end && span.start < f.end)
        {
            continue;
        }
        let name = doc.text[span.clone()].to_string();
        let cjk_person = name
            .chars()
            .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·')
            && (name.contains('·') || name.chars().count() <= 4)
            && open::kind_of(&name) == EntityKind::Company
            && !name.ends_with("公司");
        let kind = if cjk_person {
            EntityKind::Person
        } else {
            open::kind_of(&name)
        };
        let o = open::OpenName {
            span: 0..name.len(),
            name,
            kind,
        };
        found.push((span, o));
    }
    let not_source = |m: &Mention| !names::is_source(&doc.text, &m.span, &words);
    found.retain(|(span, _)| !names::is_source(&doc.text, span, &words));
    // Only names that hold no frame word (首次, 目前) are looked for elsewhere.
    let adverbs = lexicon.name_words(CueClass::SubjectAdverb);
    let keep = |o: &open::OpenName| {
        !adverbs
            .iter()
            .any(|a| a.chars().count() > 1 && o.name.contains(a.as_str()))
    };
    let elsewhere = other_occurrences(&doc.text, &found, mentions, keep);
    found.extend(elsewhere);
    let mut all = base.clone();
    for (span, o) in found {
        let entity = match dict.resolve(&o.name) {
            Some(id) => id,
            None => open_entity(dict, &mut open, &mut keys, &o.name, o.kind),
        };
        all.push(Mention { span, entity });
    }
    all.retain(not_source);
    all.sort_by_key(|m| m.span.start);
    (open, all)
}

/// The id of the open entity named `name` (its alias key in `keys`), added to `open` with
/// `kind` the first time: open ids follow the dictionary's (see [`Entities`]).
fn open_entity(
    dict: &Dictionary,
    open: &mut Vec<Entity>,
    keys: &mut Vec<String>,
    name: &str,
    kind: EntityKind,
) -> EntityId {
    let key = alias_key(name);
    if let Some(i) = keys.iter().position(|k| *k == key) {
        return EntityId((dict.len() + i) as u32);
    }
    open.push(Entity {
        aliases: vec![name.to_string()],
        name: name.to_string(),
        kind,
        parent: None,
    });
    keys.push(key);
    EntityId((dict.len() + open.len() - 1) as u32)
}

/// Every other occurrence in `text` of the open names `found` (a name learned in one sentence
/// is a name in the whole document, so later sentences can point at it): the spans that
/// overlap neither a dictionary mention nor a found name, leftmost-longest, of the names
/// `keep` accepts. A Latin name must
/// not continue a Latin word on either side (`Arm` is not in `Army`).
fn other_occurrences(
    text: &str,
    found: &[(Range<usize>, open::OpenName)],
    mentions: &[Mention],
    keep: impl Fn(&open::OpenName) -> bool,
) -> Vec<(Range<usize>, open::OpenName)> {
    let mut names: Vec<&open::OpenName> = found
        .iter()
        .map(|(_, o)| o)
        .filter(|o| o.name.chars().count() >= 2 && keep(o))
        .collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    names.dedup_by(|a, b| a.name == b.name);
    if names.is_empty() {
        return Vec::new();
    }
    let Ok(automaton) = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(names.iter().map(|o| o.name.as_str()))
    else {
        return Vec::new();
    };
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut out = Vec::new();
    for m in automaton.find_iter(text) {
        let span = m.start()..m.end();
        let name = names[m.pattern().as_usize()];
        let latin_start = word(name.name.chars().next());
        let latin_end = word(name.name.chars().next_back());
        if (latin_start && word(text[..span.start].chars().next_back()))
            || (latin_end && word(text[span.end..].chars().next()))
        {
            continue;
        }
        if found.iter().any(|(f, _)| overlaps(f, &span))
            || mentions.iter().any(|x| overlaps(&x.span, &span))
        {
            continue;
        }
        out.push((span, name.clone()));
    }
    out
}

/// The items of bulleted lists (`*   谷歌风投(牵头)`) that follow a header sentence ending in a
/// colon (`以下是完整列表:`, `投资者包括：`): for each item, its sentence index and the byte
/// range (in the document) of the name it starts with — the text after the bullet up to a
/// bracket or comma. A line that is not a bullet item ends the list.
fn list_items(doc: &Document, sentences: &[Sentence]) -> Vec<(usize, Range<usize>)> {
    const BULLETS: &[char] = &['*', '-', '•', '·', '●', '+', ' ', '\t', '\u{3000}'];
    let mut out = Vec::new();
    let mut open_list = false;
    for (i, s) in sentences.iter().enumerate() {
        let text = &doc.text[s.span.clone()];
        let t = text.trim();
        // A line of its own: only a bullet and spaces before it, a line break after it.
        // Walked back over the bullets only (not to the line start, which on a one-line
        // article of many megabytes made this quadratic).
        let own_line = doc.text[..s.span.start]
            .chars()
            .rev()
            .find(|c| !BULLETS.contains(c))
            .is_none_or(|c| c == '\n')
            && doc.text[s.span.end..]
                .chars()
                .find(|c| *c != ' ' && *c != '\t')
                .is_none_or(|c| c == '\n' || c == '\r');
        if open_list && own_line && !t.ends_with('。') {
            let lead = text.len() - text.trim_start().len();
            let body = t.trim_start_matches(BULLETS);
            let gap = t.len() - body.len();
            let end = body
                .find(['(', '（', ',', '，', '、', '。', ';', '；', ':', '：'])
                .unwrap_or(body.len());
            let name = body[..end].trim_end();
            let chars = name.chars().count();
            if (2..=30).contains(&chars) && (!name.contains(' ') || name.is_ascii()) {
                let start = s.span.start + lead + gap;
                out.push((i, start..start + name.len()));
                continue;
            }
        }
        open_list = t.ends_with(':') || t.ends_with('：');
    }
    out
}

/// Builds the analysis of one sentence at `offset` of the document.
pub fn analyse<'a>(
    text: &'a str,
    offset: usize,
    mentions: &[Mention],
    dict: Entities<'a>,
    lexicon: &Lexicon,
    discourse: &Discourse,
) -> Analysis<'a> {
    analyse_with_cues(text, offset, mentions, dict, discourse, &lexicon.find(text))
}

/// [`analyse`] with the cues of `text` already found (`lexicon.find(text)`).
fn analyse_with_cues<'a>(
    text: &'a str,
    offset: usize,
    mentions: &[Mention],
    dict: Entities<'a>,
    discourse: &Discourse,
    cues: &[Cue],
) -> Analysis<'a> {
    let spans: Vec<Range<usize>> = mentions
        .iter()
        .map(|m| m.span.start - offset..m.span.end - offset)
        .collect();
    let clauses = merge_list_clauses(
        text,
        join_clauses_inside_names(status::clauses(text), &spans),
        &spans,
        cues,
    );
    let mut slots: Vec<Slot> = mentions
        .iter()
        .map(|m| {
            let span = m.span.start - offset..m.span.end - offset;
            Slot {
                clause: status::clause_of(&clauses, span.start),
                span,
                entity: m.entity,
                pronoun: false,
            }
        })
        .collect();
    let inside = |r: &Range<usize>, slots: &[Slot]| {
        slots
            .iter()
            .any(|s| r.start < s.span.end && s.span.start < r.end)
    };
    let mut hits: Vec<Hit> = Vec::new();
    let mut pronouns = Vec::new();
    let sells: Vec<usize> = cues
        .iter()
        .filter(|c| c.class == CueClass::Sell)
        .map(|c| c.span.start)
        .collect();
    for c in cues.iter().cloned() {
        if inside(&c.span, &slots) {
            continue;
        }
        if c.class == CueClass::Coref {
            pronouns.push(c.span);
            continue;
        }
        // 将 before a name is the disposal marker (腾讯将京东整合到微信), not the future.
        if c.class == CueClass::Planned && &text[c.span.clone()] == "将" {
            let after =
                c.span.end + text[c.span.end..].len() - text[c.span.end..].trim_start().len();
            if slots.iter().any(|s| s.span.start == after) {
                continue;
            }
            // 将 51% 的股份出售给, 将其所持股份转让给, 将持有的 Y 股权转让给, 将名下股份过户至: a stake
            // disposed of before a sale verb.
            let rest = &text[after..];
            if rest.starts_with(|c: char| c.is_ascii_digit() || "其所全部分持名".contains(c))
                && sells.iter().any(|&s| s > after)
            {
                continue;
            }
        }
        hits.push(Hit {
            clause: status::clause_of(&clauses, c.span.start),
            span: c.span,
            class: c.class,
        });
    }
    for p in pronouns {
        if let Some(entity) = coref::resolve(text, &clauses, &slots, p.start, dict, discourse) {
            slots.push(Slot {
                clause: status::clause_of(&clauses, p.start),
                span: p,
                entity,
                pronoun: true,
            });
        }
    }
    slots.sort_by_key(|s| s.span.start);
    let amounts = amount::find_amounts(text);
    let stakes = amount::find_stakes(text);
    let mut rounds: Vec<(Range<usize>, String)> = amount::find_letter_rounds(text);
    for h in &hits {
        if h.class == CueClass::Round {
            rounds.push((h.span.clone(), text[h.span.clone()].to_string()));
        }
    }
    rounds.sort_by_key(|r| r.0.start);
    let mut status: Vec<Status> = (0..clauses.len())
        .map(|i| status::clause_status(hits.iter().filter(|h| h.clause == i).map(|h| h.class)))
        .collect();
    // 有传言称，X 收购了 Y: a hedged clause that ends with a verb of saying hedges the clause it
    // introduces, unless that clause has a status of its own.
    for i in 1..clauses.len() {
        let prev = &clauses[i - 1];
        let says = hits.iter().any(|h| {
            h.class == CueClass::ReportedSpeech
                && h.clause == i - 1
                && text[h.span.end..prev.end].trim().is_empty()
        });
        if says && status[i] == Status::Asserted {
            status[i] = status[i - 1];
        }
    }
    Analysis {
        text,
        clauses,
        slots,
        hits,
        amounts,
        stakes,
        rounds,
        status,
        dict,
    }
}

/// Joins the clauses that a clause break inside a name separates: the comma of a dictionary
/// name such as `Facebook, Inc.` or the colon of `4:33 创意实验室` is part of the name (a
/// name overlaps the gap between two clauses), so every mention lies within one clause, as
/// the constructions expect.
fn join_clauses_inside_names(
    clauses: Vec<Range<usize>>,
    names: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(clauses.len());
    for c in clauses {
        match out.last_mut() {
            Some(prev) if names.iter().any(|n| n.start < c.start && n.end > prev.end) => {
                prev.end = c.end;
            }
            _ => out.push(c),
        }
    }
    out
}

/// Joins clauses split by the commas of a name list (`A,B,C和D`, from English "A, B and C"):
/// a comma between two names, in a clause with no verb cue, when the list has at least three
/// items (another such comma, or `和`/`、` after the next name).
fn merge_list_clauses(
    text: &str,
    clauses: Vec<Range<usize>>,
    names: &[Range<usize>],
    cues: &[cues::Cue],
) -> Vec<Range<usize>> {
    if clauses.len() < 2 {
        return clauses;
    }
    let trim = |c: char| c.is_whitespace() || matches!(c, '[' | ']' | '"' | '“' | '”');
    let ends_name = |end: usize| {
        let t = text[..end].trim_end_matches(trim).len();
        names.iter().any(|n| n.end == t)
    };
    let starts_name = |start: usize| {
        let t = text.len() - text[start..].trim_start_matches(trim).len();
        names.iter().position(|n| n.start == t)
    };
    let verbless = |r: &Range<usize>| {
        !cues.iter().any(|c| {
            c.span.start >= r.start
                && c.span.end <= r.end
                && !matches!(
                    c.class,
                    CueClass::With
                        | CueClass::OtherInvestors
                        | CueClass::InvestorList
                        | CueClass::Including
                        | CueClass::InvestorNoun
                        | CueClass::ExistingHolders
                        | CueClass::By
                        | CueClass::Passive
                        | CueClass::Coref
                        | CueClass::Round
                        | CueClass::Toward
                )
        })
    };
    // Candidate boundaries: boundary i joins clause i and i+1.
    let cand: Vec<bool> = (0..clauses.len() - 1)
        .map(|i| {
            let sep = &text[clauses[i].end..clauses[i + 1].start];
            sep == ","
                && ends_name(clauses[i].end)
                && starts_name(clauses[i + 1].start).is_some()
                && verbless(&clauses[i])
        })
        .collect();
    let and_after = |i: usize| {
        let Some(k) = starts_name(clauses[i + 1].start) else {
            return false;
        };
        // A name running past its clause is no list item.
        let Some(rest) = text.get(names[k].end..clauses[i + 1].end) else {
            return false;
        };
        let rest = rest.trim_start_matches(trim);
        ["和", "、", "及", "以及"].iter().any(|w| {
            rest.strip_prefix(w).is_some_and(|r| {
                let p = text.len() - r.trim_start_matches(trim).len();
                names.iter().any(|n| n.start == p)
            })
        })
    };
    let mut out: Vec<Range<usize>> = vec![clauses[0].clone()];
    for i in 0..clauses.len() - 1 {
        // 从 A,B 获得; 由 A,B 领投: a preposition governs the list.
        let governed = text[clauses[i].start..clauses[i].end].contains(['从', '由']);
        let join = cand[i]
            && ((i > 0 && cand[i - 1])
                || cand.get(i + 1).copied().unwrap_or(false)
                || and_after(i)
                || governed);
        if join {
            out.last_mut().unwrap().end = clauses[i + 1].end;
        } else {
            out.push(clauses[i + 1].clone());
        }
    }
    out
}

/// Merges candidates with the same (source, relation, target): attributes are united, the
/// most hedged status wins; undirected relations keep the first-mentioned as source.
fn merge(a: &Analysis<'_>, cands: Vec<Candidate>) -> Vec<Candidate> {
    let rank = |s: Status| match s {
        Status::Asserted => 0,
        _ => 1,
    };
    let mut out: Vec<Candidate> = Vec::new();
    let cands_deal: Vec<(EntityId, EntityId)> = cands
        .iter()
        .filter(|c| c.kind.is_deal())
        .map(|c| {
            let t = match &c.target {
                Target::Slot(t) => a.slots[*t].entity,
                Target::Context(e, _) => *e,
            };
            (a.slots[c.source].entity, t)
        })
        .collect();
    for mut c in cands {
        if c.kind.is_undirected() {
            if let Target::Slot(t) = c.target {
                if a.slots[t].span.start < a.slots[c.source].span.start {
                    c.target = Target::Slot(c.source);
                    c.source = t;
                }
            }
        }
        let key = |x: &Candidate| {
            let t = match &x.target {
                Target::Slot(t) => a.slots[*t].entity,
                Target::Context(e, _) => *e,
            };
            let s = a.slots[x.source].entity;
            if x.kind.is_undirected() && t < s {
                (t, x.kind, s)
            } else {
                (s, x.kind, t)
            }
        };
        // A deal between two names says more than a cooperation cue beside it (战略投资、业务合作).
        if c.kind.is_undirected() {
            let (s, _, t) = key(&c);
            let deal = cands_deal
                .iter()
                .any(|&(x, y)| (x, y) == (s, t) || (y, x) == (s, t));
            if deal {
                continue;
            }
        }
        if let Some(prev) = out.iter_mut().find(|p| key(p) == key(&c)) {
            if rank(a.status_of(&c)) > rank(a.status_of(prev)) {
                prev.clause = c.clause;
                prev.status_scope = c.status_scope;
            }
            prev.attrs.fill_from(c.attrs);
        } else {
            out.push(c);
        }
    }
    out
}
