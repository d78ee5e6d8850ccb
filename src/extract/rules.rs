//! The constructions: each rule reads an [`Analysis`] and proposes [`Candidate`]s.
//!
//! | rule | construction |
//! |---|---|
//! | `verb` | X 投资/领投/入股/增持/收购/控股/持有 Y (lists: Y1、Y2和Y3) |
//! | `verb-round` | 由 X 领投, X 跟投, 这轮融资由 X 牵头: target = company of the round under discussion |
//! | `acquire-minority` | 收购 Y x% 股份 below 50% → invest with stake |
//! | `passive` | Y 获 X 投资, Y 被 X 收购 |
//! | `toward` | X 对 Y 进行了…投资 (source may be a later 其) |
//! | `other-investors` | 其他投资者包括 A、B、C: follow investors of the round |
//! | `invest-list` | A、B、C…, X和Y参与的投资 |
//! | `shareholder` | X(及Y)是 Z 的股东 → holds_stake |
//! | `owns`, `owned-by`, `possessive` | X旗下Y, X推出Y, Y的运营方X, X的<产品>Y, Y是X的<服务>, Y(X) |
//! | `partner` | X与Y合作, X联手Y, X、Y联手, A、B等…均与X合作 |
//! | `compete` | X是Y的竞争对手, X对标Y, X和Y对抗, 对于X而言…Y的挑战 |

use super::coref::is_clause_subject;
use super::{Analysis, Candidate, CueClass, Discourse, Hit, Lexicon, RoundContext, Target};
use crate::dictionary::{EntityId, EntityKind};
use crate::model::Attributes;
use crate::relation::{Amount, RelationKind, Role};

/// Text allowed between two coordinated names (after trimming spaces and quotes).
const LIST_SEPARATORS: &[&str] = &[
    "、",
    "和",
    "及",
    "与",
    "以及",
    "、和",
    "或",
    "/",
    "、以及",
    "还有",
    ",",
];
/// Text after which the next name is the head of the phrase (X的Y, X旗下的Y, X的竞争对手Y).
const MODIFIER_LINKS: &[&str] = &[
    "",
    "的",
    "旗下",
    "旗下的",
    "全资子公司",
    "的全资子公司",
    "子公司",
    "的子公司",
    "(",
];
/// Quotes, spaces and markdown brackets trimmed around links.
const TRIM: &[char] = &[
    ' ', '\t', '“', '”', '"', '「', '」', '\'', '《', '》', '[', ']',
];
/// Characters of a modifier allowed between a list separator and the next item.
const MODIFIER_CHARS: usize = 4;
/// Disposal markers: X 将/把 Y 整合到 Z.
const DISPOSAL: &[&str] = &["将", "把"];
/// Characters of non-name residue a clause may have and still count as a bare list.
const LIST_RESIDUE: usize = 2;

/// The round a sentence talks about.
struct RoundHere {
    target: Target,
    round: Option<String>,
    amount: Option<Amount>,
    /// Carried from an earlier sentence (这轮融资), not stated in this one.
    carried: bool,
}

fn role_of(c: CueClass) -> Option<Role> {
    match c {
        CueClass::Lead => Some(Role::Lead),
        CueClass::Follow => Some(Role::Follow),
        CueClass::Increase => Some(Role::Increase),
        _ => None,
    }
}

impl Analysis<'_> {
    fn kind(&self, i: usize) -> EntityKind {
        self.dict.entity(self.slots[i].entity).kind
    }

    fn between(&self, a: usize, b: usize) -> &str {
        let (s, e) = (self.slots[a].span.end, self.slots[b].span.start);
        if s <= e {
            self.text[s..e].trim_matches(TRIM)
        } else {
            ""
        }
    }

    fn nearest_before(&self, pos: usize, clause: usize) -> Option<usize> {
        (0..self.slots.len())
            .rev()
            .find(|&i| self.slots[i].clause == clause && self.slots[i].span.end <= pos)
    }

    fn first_after(&self, pos: usize, clause: usize) -> Option<usize> {
        (0..self.slots.len())
            .find(|&i| self.slots[i].clause == clause && self.slots[i].span.start >= pos)
    }

    fn next_in_clause(&self, i: usize) -> Option<usize> {
        (i + 1 < self.slots.len() && self.slots[i + 1].clause == self.slots[i].clause)
            .then_some(i + 1)
    }

    fn has_hit(&self, range: std::ops::Range<usize>, class: CueClass) -> bool {
        self.hits
            .iter()
            .any(|h| h.class == class && h.span.start >= range.start && h.span.end <= range.end)
    }

    /// Follows modifier links (X的Y, X旗下Y, X的竞争对手Y) to the head name of the phrase.
    fn head(&self, mut i: usize) -> usize {
        while let Some(j) = self.next_in_clause(i) {
            let b = self.between(i, j);
            let compete_link = b.trim_start_matches('的').chars().count() <= 6
                && self.has_hit(
                    self.slots[i].span.end..self.slots[j].span.start,
                    CueClass::Compete,
                )
                && !b.contains(['是', '与', '和']);
            if MODIFIER_LINKS.contains(&b) || compete_link {
                i = j;
            } else {
                break;
            }
        }
        i
    }

    /// The coordinated list that starts at slot `i` (heads of each item).
    fn list_from(&self, i: usize) -> Vec<usize> {
        let mut out = vec![self.head(i)];
        let mut cur = *out.last().unwrap();
        while let Some(mut j) = self.next_in_clause(cur) {
            let mut link = self.is_list_link(cur, j);
            // An item's parenthetical (A(YouTube 的联合创始人)、B): the list goes on after it.
            if !link {
                if let Some(close) = self.parenthetical_after(cur) {
                    match (j..self.slots.len()).find(|&k| self.slots[k].span.start >= close) {
                        Some(k) if self.slots[k].clause == self.slots[cur].clause => {
                            let gap = self.text[close..self.slots[k].span.start].trim_matches(TRIM);
                            link = LIST_SEPARATORS.contains(&gap);
                            j = k;
                        }
                        _ => {}
                    }
                }
            }
            if !link {
                break;
            }
            cur = self.head(j);
            out.push(cur);
        }
        out.dedup_by_key(|&mut s| self.slots[s].entity);
        out
    }

    /// The byte after the `)` of a parenthetical that opens right after slot `i` and holds
    /// more than a name (`(YouTube 的联合创始人)`), if any.
    fn parenthetical_after(&self, i: usize) -> Option<usize> {
        let rest = &self.text[self.slots[i].span.end..];
        let t = rest.trim_start_matches(TRIM);
        let open = self.slots[i].span.end + rest.len() - t.len();
        if !t.starts_with('(') {
            return None;
        }
        let close = open + t.find(')')?;
        let inner = &self.text[open + 1..close];
        let names: usize = self
            .slots
            .iter()
            .filter(|s| s.span.start > open && s.span.end <= close)
            .map(|s| s.span.len())
            .sum();
        (inner.trim().len() > names + 3).then_some(close + 1)
    }

    /// Is the text between slots `a` and `b` a list separator, possibly followed by a short
    /// modifier of the next item (`、泰国版` before 支付宝Ascend Money)?
    fn is_list_link(&self, a: usize, b: usize) -> bool {
        // After an alias in brackets (贝恩资本(Bain Capital)和 X) the list goes on.
        let between = self.between(a, b).trim_start_matches([')', ' ']);
        if LIST_SEPARATORS.contains(&between) {
            return true;
        }
        let Some(sep) = LIST_SEPARATORS
            .iter()
            .filter(|s| !s.is_empty() && between.starts_with(**s))
            .max_by_key(|s| s.len())
        else {
            return false;
        };
        let rest = &between[sep.len()..];
        let gap = self.slots[a].span.end..self.slots[b].span.start;
        rest.chars().count() <= MODIFIER_CHARS
            && !rest.contains(is_punct)
            && !self
                .hits
                .iter()
                .any(|h| h.span.start >= gap.start && h.span.end <= gap.end)
    }

    /// The coordinated list that ends at slot `i`.
    fn list_before(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut cur = i;
        let same = |k: usize| self.slots[k].clause == self.slots[i].clause;
        while cur > 0 && same(cur - 1) {
            // An item with its possessor (谷歌的杰西卡·鲍威尔): the list goes on before it.
            let mut item = cur;
            if self.between(cur - 1, cur) == "的" {
                item = cur - 1;
                if item == 0 || !same(item - 1) {
                    break;
                }
            }
            if !LIST_SEPARATORS
                .contains(&self.between(item - 1, item).trim_start_matches([')', ' ']))
            {
                break;
            }
            cur = item - 1;
            out.insert(0, cur);
        }
        out
    }

    /// The subject of an earlier clause of the sentence, for a clause without one.
    fn inherited_subject(&self, clause: usize) -> Option<usize> {
        (0..self.slots.len())
            .filter(|&i| self.slots[i].clause < clause)
            .find(|&i| is_clause_subject(self.text, &self.clauses, &self.slots, i))
    }

    /// The bytes from `from` up to `chars` characters further, within the clause.
    fn window(&self, from: usize, chars: usize, clause: usize) -> std::ops::Range<usize> {
        let rest = self.text.get(from..self.clauses[clause].end).unwrap_or("");
        let len = rest
            .char_indices()
            .nth(chars)
            .map_or(rest.len(), |(i, _)| i);
        from..from + len
    }

    /// Is the text of `range` (quotes and spaces aside) at most `max` characters and free of
    /// punctuation: a short modifier between a cue and its name, or nothing?
    fn short_gap(&self, range: std::ops::Range<usize>, max: usize) -> bool {
        self.text
            .get(range)
            .is_some_and(|g| g.trim_matches(TRIM).chars().count() <= max && !g.contains(is_punct))
    }

    fn amount_in(&self, range: std::ops::Range<usize>) -> Option<Amount> {
        self.amounts
            .iter()
            .find(|(r, _)| r.start >= range.start && r.end <= range.end)
            .map(|(_, a)| a.clone())
    }

    /// The first round named inside `range` (获得 X 的数百万元天使轮融资: 天使轮).
    fn round_in(&self, range: std::ops::Range<usize>) -> Option<String> {
        self.rounds
            .iter()
            .find(|(r, _)| r.start >= range.start && r.end <= range.end)
            .map(|(_, name)| name.clone())
    }

    fn stake_in(&self, range: std::ops::Range<usize>) -> Option<(String, Option<f64>)> {
        self.stakes
            .iter()
            .find(|(r, _, _)| r.start >= range.start && r.end <= range.end)
            .map(|(_, s, v)| (s.clone(), *v))
    }

    fn clause_hits(&self, clause: usize) -> impl Iterator<Item = (usize, &Hit)> {
        self.hits
            .iter()
            .enumerate()
            .filter(move |(_, h)| h.clause == clause)
    }

    /// Is the clause only a list of names (58到家, 华谊兄弟, ofo甚至中国邮政、中国联通等等)?
    /// Separators, modifier links (Uber在美最大竞对Lyft) and a closing 等… do not count.
    fn is_list_clause(&self, clause: usize) -> bool {
        let r = &self.clauses[clause];
        let idx: Vec<usize> = (0..self.slots.len())
            .filter(|&i| self.slots[i].clause == clause)
            .collect();
        let Some(&first) = idx.first() else {
            return false;
        };
        let count = |s: &str| {
            s.chars()
                .filter(|c| {
                    !c.is_whitespace() && !matches!(c, '、' | '和' | '及' | '与' | '或' | '/' | ',')
                })
                .count()
        };
        // A gap that ends before it starts (overlapping spans) is no bare list.
        let Some(lead) = self.text.get(r.start..self.slots[first].span.start) else {
            return false;
        };
        let mut residue = count(lead);
        for w in idx.windows(2) {
            if self.head(w[0]) != w[0] {
                continue;
            }
            let gap = self.slots[w[0]].span.end..self.slots[w[1]].span.start;
            let Some(gap) = self.text.get(gap) else {
                return false;
            };
            residue += count(gap);
        }
        let last = *idx.last().unwrap();
        let Some(tail) = self.text.get(self.slots[last].span.end..r.end) else {
            return false;
        };
        let tail = tail.find('等').map_or(tail, |i| &tail[..i]);
        residue += count(tail);
        residue <= LIST_RESIDUE
    }

    fn cand(
        &self,
        source: usize,
        kind: RelationKind,
        target: Target,
        clause: usize,
        rule: &str,
    ) -> Candidate {
        Candidate {
            source,
            kind,
            target,
            attrs: Attributes::default(),
            clause,
            rule: rule.to_string(),
            status_scope: None,
        }
    }
}

/// Runs every construction over one analysed sentence.
pub fn apply(a: &Analysis<'_>, d: &mut Discourse, lexicon: &Lexicon) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut used = vec![false; a.hits.len()];
    let here = round_here(a, d);
    passive(a, d, &mut used, &mut out);
    toward(a, &mut used, &mut out);
    other_investors(a, here.as_ref(), &mut out);
    investor_list(a, here.as_ref(), d, &mut out);
    from_investors(a, &mut out);
    deal_verbs(a, here.as_ref(), d, lexicon, &mut used, &mut out);
    existing_holders(a, here.as_ref(), d, &mut out);
    backed(a, &mut out);
    sale(a, &mut out);
    disposal(a, d, &mut out);
    shareholder(a, here.as_ref(), d, lexicon, &mut out);
    owns(a, &mut out);
    possessive(a, &mut out);
    partner(a, &mut out);
    compete(a, &mut out);
    // Without a round yet, the first company invested in becomes the one under discussion
    // (X 向 Y 投资了 N … Z 也参与其中).
    if d.round.is_none() {
        if let Some(c) = out.iter().find(|c| {
            c.kind == RelationKind::Invest
                && matches!(c.target, Target::Slot(t) if !a.slots[t].pronoun)
        }) {
            d.round = Some(RoundContext {
                company: target_entity(a, &c.target),
                round: c.attrs.round.clone(),
                amount: None,
            });
        }
    }
    out
}

/// The round of this sentence (Y…融资) or, when the sentence refers to one (这轮融资, 其他投资者,
/// 由 X 领投), the round carried from earlier sentences.
fn round_here(a: &Analysis<'_>, d: &mut Discourse) -> Option<RoundHere> {
    // A round whose raiser is named wins over one with a zero subject (距上轮融资…, Y 完成 C 轮融资).
    let financing = || a.hits.iter().filter(|h| h.class == CueClass::Financing);
    let named = financing().filter(|h| !zero_subject(a, h));
    for h in named.chain(financing().filter(|h| zero_subject(a, h))) {
        // The raiser is the nearest name before the cue that is not an investor of it
        // (由 X 领投的…融资, X 领投的…融资).
        let investor = |i: usize| {
            let s = a.slots[i].span.clone();
            let led = s.end..h.span.start;
            let before = a.text.get(a.clauses[h.clause].start..s.start).unwrap_or("");
            if before.contains("来自") || before.contains('从') {
                return true;
            }
            // 在 X 的带领下融资: X led the round.
            if before.trim_end_matches(TRIM).ends_with('在')
                && a.text.get(led.clone()).is_some_and(|between| {
                    between.trim_start_matches(TRIM).starts_with('的') && between.contains('下')
                })
            {
                return true;
            }
            a.hits.iter().any(|v| {
                v.clause == h.clause
                    && ((v.class == CueClass::By && v.span.end <= s.start)
                        || (matches!(v.class, CueClass::Lead | CueClass::Follow)
                            && v.span.start >= led.start
                            && v.span.end <= led.end))
            })
        };
        // Y,由 X 领投融资 N: the raiser ends the clause before the one opened by 由.
        let before_by = || {
            let opened = a.text[a.clauses[h.clause].clone()].trim_start_matches(TRIM);
            if h.clause == 0 || !opened.starts_with('由') {
                return None;
            }
            let prev = &a.clauses[h.clause - 1];
            let end = prev.start + a.text[prev.clone()].trim_end_matches(TRIM).len();
            (0..a.slots.len())
                .rev()
                .find(|&i| a.slots[i].clause == h.clause - 1 && a.slots[i].span.end == end)
        };
        let raiser = (0..a.slots.len())
            .rev()
            .find(|&i| {
                a.slots[i].clause == h.clause && a.slots[i].span.end <= h.span.start && !investor(i)
            })
            .or_else(before_by);
        let clause = &a.clauses[h.clause];
        let round = a
            .rounds
            .iter()
            .rfind(|(r, _)| r.start >= clause.start && r.end <= h.span.end)
            .or_else(|| a.rounds.first())
            .map(|(_, r)| r.clone());
        let target = match raiser {
            Some(c) => Target::Slot(c),
            // 获得过 4 轮融资 with no name before it in its clause: zero subject, the company
            // the text is about (an earlier clause's subject, or the salient organisation).
            None if zero_subject(a, h) => match topic(a, d, h.clause) {
                Some(t) => t,
                None => continue,
            },
            None => continue,
        };
        let from = match &target {
            Target::Slot(c) => a.slots[*c].span.end,
            Target::Context(..) => clause.start,
        };
        let amount = a
            .amounts
            .iter()
            .rfind(|(r, _)| r.start >= from && r.end <= h.span.start)
            .map(|(_, x)| x.clone());
        d.round = Some(RoundContext {
            company: target_entity(a, &target),
            round: round.clone(),
            amount: amount.clone(),
        });
        return Some(RoundHere {
            target,
            round,
            amount,
            carried: false,
        });
    }
    let refers = a.hits.iter().find(|h| {
        matches!(
            h.class,
            CueClass::RoundRef | CueClass::OtherInvestors | CueClass::InvestorList
        ) || (h.class == CueClass::By
            && a.hits
                .iter()
                .any(|v| matches!(v.class, CueClass::Lead | CueClass::Follow)))
            || bare_round_verb(a, h)
    })?;
    let ctx = d.round.as_ref()?;
    let surface = match refers.class {
        CueClass::RoundRef => a.text[refers.span.clone()].to_string(),
        CueClass::OtherInvestors => {
            let t = a.text[refers.span.clone()]
                .trim_end_matches("包括")
                .trim_end_matches("还有");
            if t.is_empty() {
                a.dict.entity(ctx.company).name.to_string()
            } else {
                t.to_string()
            }
        }
        _ => a.dict.entity(ctx.company).name.to_string(),
    };
    let round = a
        .rounds
        .first()
        .map(|(_, r)| r.clone())
        .or_else(|| ctx.round.clone());
    // The round carried from an earlier sentence keeps its total, unless this sentence names
    // another round.
    let amount = ctx.amount.clone().filter(|_| {
        a.rounds
            .first()
            .is_none_or(|(_, r)| ctx.round.as_ref() == Some(r))
    });
    Some(RoundHere {
        target: Target::Context(ctx.company, surface),
        round,
        amount,
        carried: true,
    })
}

/// Does the clause of cue `h` have no name before the cue (a zero subject: 获得过 4 轮融资)?
fn zero_subject(a: &Analysis<'_>, h: &Hit) -> bool {
    !a.slots
        .iter()
        .any(|s| s.clause == h.clause && s.span.end <= h.span.start)
}

/// The organisation a clause without a subject of its own is about: the subject of an earlier
/// clause of the sentence (猎户星空创立于 2016 年，先后获得过 4 轮融资), else the salient
/// organisation of the preceding sentences. A slot target keeps its surface; a discourse one
/// is written as its canonical name.
fn topic(a: &Analysis<'_>, d: &Discourse, clause: usize) -> Option<Target> {
    let organisation = |k: EntityKind| matches!(k, EntityKind::Company | EntityKind::Fund);
    if let Some(i) = a.inherited_subject(clause) {
        // A name after a cue (投资方为 A、B) is a list item, not the subject.
        let c = &a.clauses[a.slots[i].clause];
        let cued = a
            .hits
            .iter()
            .any(|h| h.span.start >= c.start && h.span.end <= a.slots[i].span.start);
        if !cued {
            return organisation(a.kind(i)).then_some(Target::Slot(i));
        }
    }
    // X…公司，背后则是…: the last organisation of the previous clause, when that clause names
    // no deal of its own.
    // (A clause that lists investors, 投资方为 A、B, names no organisation it is about.)
    let descriptive = |c: usize| {
        a.clause_hits(c).all(|(_, h)| {
            !h.class.is_deal_verb()
                && !matches!(
                    h.class,
                    CueClass::InvestorList
                        | CueClass::OtherInvestors
                        | CueClass::ExistingHolders
                        | CueClass::By
                        | CueClass::Passive
                        | CueClass::Financing
                )
        })
    };
    if clause > 0 && descriptive(clause - 1) {
        if let Some(i) = a
            .nearest_before(a.clauses[clause - 1].end, clause - 1)
            .filter(|&i| organisation(a.kind(i)) && !a.slots[i].pronoun)
        {
            return Some(Target::Slot(i));
        }
    }
    let e = d.salient?;
    let entity = a.dict.entity(e);
    organisation(entity.kind).then(|| Target::Context(e, entity.name.to_string()))
}

/// The company of the round this sentence talks about, else the clause's topic.
fn round_or_topic(
    a: &Analysis<'_>,
    here: Option<&RoundHere>,
    d: &Discourse,
    clause: usize,
) -> Option<Target> {
    match here {
        Some(r) => Some(r.target.clone()),
        None => topic(a, d, clause),
    }
}

/// The byte after `(其)(所)持有(的)` at `at` (转让其所持有的 Y, 将持有的 Y): where the company whose
/// shares are meant starts; `at` itself when no holding verb stands there.
fn past_holding(a: &Analysis<'_>, at: usize, clause: usize) -> usize {
    let mut at = at;
    // 其 may be a pronoun slot of its own.
    if let Some(i) = a.first_after(at, clause).filter(|&i| {
        a.slots[i].pronoun
            && a.text[at..a.slots[i].span.start]
                .trim_matches(TRIM)
                .is_empty()
    }) {
        at = a.slots[i].span.end;
    }
    if let Some(held) = a.hits.iter().find(|k| {
        k.class == CueClass::Holds
            && k.span.start >= at
            && a.text[at..k.span.start]
                .trim_matches(TRIM)
                .trim_end_matches(['其', '所'])
                .is_empty()
    }) {
        let rest = &a.text[held.span.end..];
        at = held.span.end + (rest.len() - rest.trim_start_matches(['有', '的']).len());
    }
    at
}

/// X 将 Y(的 N% 股份)出售给 Z, X 把 Y 卖给 Z, Y 将 N% 的股份卖给了 Z: Z acquired Y, or
/// invested in it when the stake sold is a minority (below 50%, or 股份 without a figure).
fn sale(a: &Analysis<'_>, out: &mut Vec<Candidate>) {
    for h in a.hits.iter().filter(|h| h.class == CueClass::Sell) {
        let clause = h.clause;
        let start = a.clauses[clause].start;
        let Some(before) = a.text.get(start..h.span.start) else {
            continue;
        };
        // The disposal marker 将/把 (not 将近, 将要, 将会).
        let marker = ['将', '把'].iter().find_map(|m| {
            before.rfind(*m).filter(|&p| {
                let rest = &before[p + m.len_utf8()..];
                !rest.starts_with(['近', '要', '会', '于', '在'])
            })
        });
        let shares = ["股份", "股权", "股票"];
        let share_at = shares.iter().filter_map(|w| before.find(w)).min();
        // The thing sold: the name right after 将/把, else the owner of the shares (the
        // nearest name before them), else nothing (出售给 alone names no company).
        let sold = marker
            .and_then(|p| {
                // 将其所持有的 Y: past the seller's pronoun and its holding verb.
                let at = past_holding(a, start + p + 3, clause);
                a.first_after(at, clause).filter(|&i| {
                    a.text[at..a.slots[i].span.start]
                        .trim_matches(TRIM)
                        .is_empty()
                        && a.slots[i].span.end <= h.span.start
                })
            })
            .or_else(|| {
                let s = share_at?;
                a.nearest_before(start + s, clause)
                    .filter(|&i| a.slots[i].span.start < start + marker.unwrap_or(s))
            });
        let Some(y) = sold else { continue };
        let Some(z0) = a.first_after(h.span.end, clause) else {
            continue;
        };
        let gap = a.text[h.span.end..a.slots[z0].span.start].trim_matches(TRIM);
        // 出售给(了)日本软银: a short place or descriptor may stand before the buyer.
        let gap = gap.trim_start_matches('了');
        if gap.chars().count() > 4 || gap.contains(['的', '，', ',', '、']) {
            continue;
        }
        let stake = a.stake_in(a.slots[y].span.end..h.span.start);
        let minority = match &stake {
            Some((_, Some(v))) => *v < 50.0,
            Some((_, None)) => true,
            None => share_at.is_some() && !before.contains("全部"),
        } || (stake.is_none()
            && (before.contains("近一半") || before.contains("部分")));
        let (kind, rule) = if minority {
            (RelationKind::Invest, "sale-minority")
        } else {
            (RelationKind::Acquire, "sale")
        };
        for z in a.list_from(z0) {
            if a.slots[z].entity == a.slots[y].entity {
                continue;
            }
            let mut c = a.cand(z, kind, Target::Slot(y), clause, rule);
            c.attrs.amount = a.amount_in(start..h.span.start);
            c.attrs.stake = stake.as_ref().map(|s| s.0.clone());
            out.push(c);
        }
    }
}

/// X 也参与其中, X 领投了: a lead/follow verb with a subject and no object ends its clause,
/// so it is about the round under discussion.
fn bare_round_verb(a: &Analysis<'_>, h: &Hit) -> bool {
    if !matches!(h.class, CueClass::Lead | CueClass::Follow) {
        return false;
    }
    let end = a.clauses[h.clause].end;
    let Some(rest) = a.text.get(h.span.end..end) else {
        return false;
    };
    let rest = rest.trim_matches(TRIM);
    a.nearest_before(h.span.start, h.clause).is_some()
        && a.first_after(h.span.end, h.clause).is_none()
        && ["", "其中", "了", "了其中", "进来", "了进来"].contains(&rest)
}

fn target_entity(a: &Analysis<'_>, t: &Target) -> EntityId {
    match t {
        Target::Slot(i) => a.slots[*i].entity,
        Target::Context(e, _) => *e,
    }
}

/// Y 获 X 投资, Y 获得 X 领投的融资, Y 被 X 收购.
fn passive(a: &Analysis<'_>, d: &Discourse, used: &mut [bool], out: &mut Vec<Candidate>) {
    for h in a.hits.iter().filter(|h| h.class == CueClass::Passive) {
        let Some(x) = a.first_after(h.span.end, h.clause) else {
            continue;
        };
        // Y 获得 X 的投资; Y 获得过 X 一轮融资: a financing noun after the investor counts.
        let Some((vi, v)) = a.clause_hits(h.clause).find(|(i, v)| {
            !used[*i]
                && (v.class.is_deal_verb() || v.class == CueClass::Financing)
                && v.span.start >= a.slots[x].span.end
        }) else {
            acquired_shares(a, h, x, out);
            continue;
        };
        // 被 X 收购的 Y: a relative clause, Y is the patient.
        let relative = a.first_after(v.span.end, h.clause).filter(|&y| {
            a.text
                .get(v.span.end..a.slots[y].span.start)
                .is_some_and(|g| g.trim_matches(TRIM) == "的")
        });
        // 获得过 X、Y 的投资 with no name before it: the clause's topic got the money.
        let (target, rule) = match (a.nearest_before(h.span.start, h.clause), relative) {
            (_, Some(y)) => (Target::Slot(a.head(y)), "passive-relative"),
            (Some(y), None) => (Target::Slot(a.head(y)), "passive"),
            (None, None) => match topic(a, d, h.clause) {
                Some(t) => (t, "passive+topic"),
                None => continue,
            },
        };
        used[vi] = true;
        let kind = verb_kind(v.class);
        for s in a.list_from(x) {
            if a.slots[s].span.end > v.span.start {
                break;
            }
            if a.slots[s].entity == target_entity(a, &target) {
                continue;
            }
            let mut c = a.cand(s, kind, target.clone(), h.clause, rule);
            c.attrs.role = role_of(v.class);
            c.attrs.amount = a.amount_in(a.slots[s].span.end..a.clauses[h.clause].end);
            c.attrs.round = a.round_in(a.slots[s].span.end..v.span.end);
            out.push(c);
        }
    }
}

/// Characters a nominal acquisition may leave after its noun (对 Y 的收购交易).
const NOMINAL_TAIL: usize = 2;

/// Nouns of the shares a buyer gets (X 获得 Y 20% 的股份).
const SHARES: &[&str] = &["股份", "股权", "股票"];

/// X 获得(了) Y N% 的股份: X bought a stake in Y, an investment below 50%, else control
/// bought (acquire).
fn acquired_shares(a: &Analysis<'_>, h: &Hit, y: usize, out: &mut Vec<Candidate>) {
    let Some(x) = a.nearest_before(h.span.start, h.clause) else {
        return;
    };
    if a.text[h.span.clone()] == *"被" || a.slots[x].entity == a.slots[y].entity {
        return;
    }
    let window = a.window(a.slots[y].span.end, STAKE_GAP + 2, h.clause);
    let tail = &a.text[window.clone()];
    let Some((stake, value)) = a.stake_in(window) else {
        return;
    };
    if !SHARES.iter().any(|w| tail.contains(w)) {
        return;
    }
    let kind = if value.is_some_and(|v| v >= 50.0) {
        RelationKind::Acquire
    } else {
        RelationKind::Invest
    };
    let mut c = a.cand(x, kind, Target::Slot(y), h.clause, "acquired-shares");
    c.attrs.stake = Some(stake);
    out.push(c);
}

fn verb_kind(c: CueClass) -> RelationKind {
    match c {
        CueClass::Acquire => RelationKind::Acquire,
        CueClass::Controls => RelationKind::Controls,
        CueClass::Holds | CueClass::HoldsIfStake => RelationKind::HoldsStake,
        _ => RelationKind::Invest,
    }
}

/// X 对 Y 进行了 N 的投资; 对 Y 的投资是其…
fn toward(a: &Analysis<'_>, used: &mut [bool], out: &mut Vec<Candidate>) {
    for h in a.hits.iter().filter(|h| h.class == CueClass::Toward) {
        let Some(y) = a.first_after(h.span.end, h.clause) else {
            continue;
        };
        if a.text[h.span.end..a.slots[y].span.start].chars().count() > 10 {
            continue;
        }
        let y = a.head(y);
        let Some((vi, v)) = a.clause_hits(h.clause).find(|(i, v)| {
            !used[*i]
                && matches!(
                    v.class,
                    CueClass::Invest
                        | CueClass::Increase
                        | CueClass::Lead
                        | CueClass::Follow
                        | CueClass::Acquire
                        | CueClass::Financing
                )
                && v.span.start >= a.slots[y].span.end
        }) else {
            continue;
        };
        // X 完成对 Y 的收购: a nominal acquisition; an acquisition of shares (对 Y 股份的收购) is
        // left to the verb constructions.
        // The acquisition must end its clause (完成对 Y 的收购。), not be the object of another
        // verb (对 Y 的收购进行了评论).
        let kind = if v.class == CueClass::Acquire {
            let gap = a.text.get(a.slots[y].span.end..v.span.start).unwrap_or("x");
            let rest = a
                .text
                .get(v.span.end..a.clauses[h.clause].end)
                .unwrap_or("x");
            let rest = rest.trim_matches(TRIM);
            if gap.trim_matches(TRIM) != "的" || rest.chars().count() > NOMINAL_TAIL {
                continue;
            }
            RelationKind::Acquire
        } else {
            RelationKind::Invest
        };
        if a.first_after(a.slots[y].span.end, h.clause)
            .is_some_and(|z| a.slots[z].span.end <= v.span.start)
        {
            continue;
        }
        let (sources, rule) = if let Some(x) = a.nearest_before(h.span.start, h.clause) {
            (a.list_before(x), "toward")
        } else if let Some(x) = a.inherited_subject(h.clause) {
            (vec![x], "toward+subj")
        } else if let Some(x) =
            (0..a.slots.len()).find(|&i| a.slots[i].pronoun && a.slots[i].span.start >= v.span.end)
        {
            (vec![x], "toward+coref")
        } else {
            continue;
        };
        used[vi] = true;
        let span = a.slots[y].span.end..v.span.start;
        for s in sources {
            if kind == RelationKind::Acquire && a.kind(s) == EntityKind::Person {
                continue;
            }
            let mut c = a.cand(s, kind, Target::Slot(y), h.clause, rule);
            let lead_from = a.slots[s].span.end.min(h.span.start);
            if a.has_hit(lead_from..h.span.start, CueClass::Lead) {
                c.attrs.role = Some(Role::Lead);
            } else {
                c.attrs.role = role_of(v.class);
            }
            // X 向 Y 投资 5 亿元: the amount may follow the verb.
            c.attrs.amount = a
                .amount_in(span.clone())
                .or_else(|| a.amount_in(v.span.end..a.clauses[h.clause].end));
            c.attrs.stake = a.stake_in(span.clone()).map(|s| s.0);
            out.push(c);
        }
    }
}

/// 其他投资者包括 A、B、C: follow investors of the round under discussion.
/// A company named just before (X 的现有投资者包括…, 该公司的投资者，包括…) is the target;
/// otherwise the round under discussion.
fn other_investors(a: &Analysis<'_>, here: Option<&RoundHere>, out: &mut Vec<Candidate>) {
    for h in a
        .hits
        .iter()
        .filter(|h| h.class == CueClass::OtherInvestors)
    {
        let Some(first) = a.first_after(h.span.end, h.clause) else {
            continue;
        };
        // The appositive form (种子投资者 X) names its investor right after the noun.
        if a.text[h.span.clone()].ends_with("投资者")
            && !a.text[h.span.end..a.slots[first].span.start]
                .trim_matches(TRIM)
                .is_empty()
        {
            continue;
        }
        // In 加入 X 的还有 …, X is a fellow investor, not the company.
        let joins = a.text[h.span.clone()].ends_with("还有");
        let owner = (0..a.slots.len())
            .rev()
            .filter(|_| !joins)
            .find(|&i| a.slots[i].span.end <= h.span.start)
            .filter(|&i| {
                let gap = a.text[a.slots[i].span.end..h.span.start].trim_matches(TRIM);
                gap.starts_with('的')
                    && gap.chars().count() <= 10
                    && !gap.contains(['。', ';', ':', '以', '和', '与', '、', '及'])
                    && a.kind(i) != EntityKind::Person
            });
        // 该公司的现有投资者 in a text about a round: the pronoun is the round's company.
        let owner = owner.filter(|&o| !(a.slots[o].pronoun && here.is_some()));
        let (target, round) = match (owner, here) {
            (Some(o), Some(r)) if target_entity(a, &r.target) == a.slots[o].entity => {
                (Target::Slot(o), r.round.clone())
            }
            (Some(o), _) => (Target::Slot(o), None),
            (None, Some(r)) => (r.target.clone(), r.round.clone()),
            (None, None) => continue,
        };
        // 其他种子投资者包括: the noun names the round.
        let noun: String = a.text[..h.span.start].chars().rev().take(8).collect();
        let round = if noun.contains("子种") {
            Some("种子轮".to_string())
        } else if noun.contains("使天") {
            Some("天使轮".to_string())
        } else {
            round
        };
        for s in a.list_from(first) {
            if a.slots[s].entity == target_entity(a, &target) {
                continue;
            }
            let mut c = a.cand(
                s,
                RelationKind::Invest,
                target.clone(),
                h.clause,
                "other-investors",
            );
            // 其他投资者包括 X: X followed; 种子投资者 X only says X invested.
            c.attrs.role = (!a.text[h.span.clone()].ends_with("投资者")).then_some(Role::Follow);
            c.attrs.round = round.clone();
            out.push(c);
        }
    }
}

/// 投资方包括/投资方为/背后有着 A、B、C: investors, with no role, of the company named just
/// before the cue (Y 的投资方包括, 其背后有着), else of the round this sentence states, else of the
/// sentence's subject (Y 创立于 2016 年，背后包括), else of the round under discussion, else of the
/// salient organisation.
fn investor_list(
    a: &Analysis<'_>,
    here: Option<&RoundHere>,
    d: &Discourse,
    out: &mut Vec<Candidate>,
) {
    for h in a
        .hits
        .iter()
        .filter(|h| matches!(h.class, CueClass::InvestorList | CueClass::Including))
    {
        // 引入 5 名基石投资者，A、B 及 C: a cue ending its clause opens the list that starts the
        // next clause.
        let next_clause = || {
            let rest = a.text.get(h.span.end..a.clauses[h.clause].end)?;
            let next = a.clauses.get(h.clause + 1)?;
            let first = a.first_after(next.start, h.clause + 1)?;
            (rest.trim_matches(TRIM).is_empty()
                && a.list_from(first).len() > 1
                && a.text[next.start..a.slots[first].span.start]
                    .trim_matches(TRIM)
                    .is_empty())
            .then_some(first)
        };
        let same_clause = a.first_after(h.span.end, h.clause);
        let Some(first) = same_clause.or_else(next_clause) else {
            continue;
        };
        // Only a short modifier (包括知名机构 A) or a colon (基石投资者：A、B) may stand before the
        // first investor.
        let lead_in = a
            .text
            .get(h.span.end..a.slots[first].span.start)
            .unwrap_or("x,");
        let lead_in = lead_in
            .trim_start_matches(TRIM)
            .trim_start_matches([':', '：', ','])
            .trim_matches(TRIM);
        if lead_in.chars().count() > MODIFIER_CHARS || lead_in.contains(is_punct) {
            continue;
        }
        // 包括 A、B 等 50 家投资机构: a plain 包括 opens an investor list only when the list
        // ends with an investor noun.
        if h.class == CueClass::Including {
            let last = *a.list_from(first).last().unwrap_or(&first);
            let window = a.window(a.slots[last].span.end, INVESTOR_NOUN_GAP, h.clause);
            let tail = &a.text[window.clone()];
            let noun = a.has_hit(window, CueClass::InvestorNoun);
            if !tail.trim_start_matches(TRIM).starts_with('等') || !noun {
                continue;
            }
        }
        let owner = a.nearest_before(h.span.start, h.clause).filter(|&i| {
            let gap = a
                .text
                .get(a.slots[i].span.end..h.span.start)
                .unwrap_or("x")
                .trim_matches(TRIM);
            (gap.is_empty() || (gap.starts_with('的') && gap.chars().count() <= 6))
                && matches!(a.kind(i), EntityKind::Company | EntityKind::Fund)
        });
        // The company invested in is never one of the investors listed, nor the group of one
        // (腾讯 of 腾讯投资).
        let members = a.list_from(first);
        let outside = |t: &Target| {
            let e = target_entity(a, t);
            let group = a.dict.entity(e).name;
            !members.iter().any(|&s| {
                let m = a.dict.entity(a.slots[s].entity);
                a.slots[s].entity == e || m.parent == Some(group) || m.name.starts_with(group)
            })
        };
        let here = here.filter(|r| outside(&r.target));
        let stated = here.filter(|r| !r.carried);
        let carried = here.filter(|r| r.carried);
        let topic = topic(a, d, h.clause).filter(|t| outside(t));
        let (target, round, rule) = if let Some(o) = owner {
            let round = here
                .filter(|r| target_entity(a, &r.target) == a.slots[o].entity)
                .and_then(|r| r.round.clone());
            (Target::Slot(o), round, "investor-list")
        } else if let Some(r) = stated {
            (r.target.clone(), r.round.clone(), "investor-list")
        } else if let Some(t @ Target::Slot(_)) = topic {
            (t, None, "investor-list+subj")
        } else if same_clause.is_none() {
            // A list in the next clause is the round's of a company named here.
            continue;
        } else if let Some(r) = carried {
            (r.target.clone(), r.round.clone(), "investor-list+round")
        } else if let Some(t) = topic {
            (t, None, "investor-list+topic")
        } else {
            continue;
        };
        for s in members {
            if a.slots[s].entity == target_entity(a, &target) || a.kind(s) == EntityKind::Product {
                continue;
            }
            let mut c = a.cand(s, RelationKind::Invest, target.clone(), h.clause, rule);
            c.attrs.round = round.clone();
            out.push(c);
        }
    }
}

/// Characters after an investor list within which its closing noun stands (等超过 50 家投资机构).
const INVESTOR_NOUN_GAP: usize = 12;

/// Characters after a holding verb within which its stake stands (持股公司 4.75%).
const STAKE_GAP: usize = 10;

/// 老股东 A、B 继续加持: the existing shareholders named after the cue hold a stake in the
/// company of the round (or the clause's topic); their investment in the round, when a verb
/// states it, comes from the verb constructions.
fn existing_holders(
    a: &Analysis<'_>,
    here: Option<&RoundHere>,
    d: &Discourse,
    out: &mut Vec<Candidate>,
) {
    for h in a
        .hits
        .iter()
        .filter(|h| h.class == CueClass::ExistingHolders)
    {
        let Some(first) = a
            .first_after(h.span.end, h.clause)
            .filter(|&f| a.short_gap(h.span.end..a.slots[f].span.start, MODIFIER_CHARS))
        else {
            continue;
        };
        // 十大股东中仍有 A、B: a holding of the company the sentence is about.
        let here = here.filter(|r| !r.carried || a.text[h.span.clone()].contains("老"));
        let Some(target) = round_or_topic(a, here, d, h.clause) else {
            continue;
        };
        for s in a.list_from(first) {
            if a.slots[s].entity == target_entity(a, &target) || a.kind(s) == EntityKind::Product {
                continue;
            }
            // 现有股东 A、B 将持续加码: the holding is now, whatever the clause plans.
            let mut c = a.cand(
                s,
                RelationKind::HoldsStake,
                target.clone(),
                h.clause,
                "existing-holder",
            );
            c.status_scope = Some(h.span.start);
            out.push(c);
        }
    }
}

/// 由 X 支持的 Y, X 支持的 Y (X-backed Y): X invested in Y.
fn backed(a: &Analysis<'_>, out: &mut Vec<Candidate>) {
    for h in a.hits.iter().filter(|h| h.class == CueClass::Backed) {
        let (Some(x), Some(y)) = (
            a.nearest_before(h.span.start, h.clause),
            a.first_after(h.span.end, h.clause),
        ) else {
            continue;
        };
        if !a.short_gap(a.slots[x].span.end..h.span.start, 0)
            || !a.short_gap(h.span.end..a.slots[y].span.start, MODIFIER_CHARS)
        {
            continue;
        }
        for s in a.list_before(x) {
            if a.slots[s].entity != a.slots[y].entity && a.kind(y) != EntityKind::Person {
                let mut c = a.cand(s, RelationKind::Invest, Target::Slot(y), h.clause, "backed");
                c.status_scope = Some(a.slots[y].span.start);
                out.push(c);
            }
        }
    }
}

/// Parts of a company that can be bought on their own (收购 X 的个人电脑部门).
const UNIT_NOUNS: &[&str] = &["部门", "业务", "资产", "分部", "事业部"];

/// Verbs of raising money after `从 X`: Y 从 X、Z 获得/筹集了 N.
const RAISE_VERBS: &[&str] = &[
    "获得", "筹集", "募集", "拿到", "得到", "获", "融资", "筹得", "吸引",
];

/// Y 从 A、B 获得/筹集 N (的投资); Y 完成了来自 A 和 B 的 N 融资: A and B invest in Y.
fn from_investors(a: &Analysis<'_>, out: &mut Vec<Candidate>) {
    for word in ["从", "来自"] {
        for (at, _) in a.text.match_indices(word) {
            if a.slots
                .iter()
                .any(|s| s.span.start <= at && at < s.span.end)
            {
                continue;
            }
            let clause = super::status::clause_of(&a.clauses, at);
            let end = at + word.len();
            let (Some(y), Some(x)) = (a.nearest_before(at, clause), a.first_after(end, clause))
            else {
                continue;
            };
            // A short modifier may stand before the first investor (波士顿风投公司贝恩资本).
            let Some(lead_in) = a.text.get(end..a.slots[x].span.start) else {
                continue;
            };
            if lead_in.trim_matches(TRIM).chars().count() > 8
                || a.has_hit(end..a.slots[x].span.start, CueClass::Financing)
            {
                continue;
            }
            let investors = a.list_from(x);
            let last = *investors.last().unwrap();
            let rest = a.slots[last].span.end..a.clauses[clause].end;
            let Some(after) = a.text.get(rest.clone()) else {
                continue;
            };
            let raised = if word == "从" {
                RAISE_VERBS.iter().any(|v| {
                    after
                        .trim_start_matches(TRIM)
                        .trim_start_matches(['等', '公', '司', '又', '了', '共', '总'])
                        .trim_start_matches(TRIM)
                        .starts_with(v)
                })
            } else {
                after.trim_start_matches(TRIM).starts_with('的')
                    && a.has_hit(rest.clone(), CueClass::Financing)
            };
            let money = a.amount_in(rest.clone());
            if !raised
                || (money.is_none()
                    && !a.has_hit(rest.clone(), CueClass::Financing)
                    && !a.has_hit(rest.clone(), CueClass::Invest))
            {
                continue;
            }
            let y = a.head(y);
            let round = a
                .rounds
                .iter()
                .find(|(r, _)| r.start >= rest.start && r.end <= rest.end)
                .map(|(_, r)| r.clone());
            for s in investors {
                if a.slots[s].entity == a.slots[y].entity || a.kind(y) == EntityKind::Person {
                    continue;
                }
                let mut c = a.cand(s, RelationKind::Invest, Target::Slot(y), clause, "from");
                c.attrs.amount = money.clone();
                c.attrs.round = round.clone();
                out.push(c);
            }
        }
    }
}

/// Active voice deal verbs, the round under discussion as implicit target, and the
/// nominal list construction.
fn deal_verbs(
    a: &Analysis<'_>,
    here: Option<&RoundHere>,
    d: &Discourse,
    lexicon: &Lexicon,
    used: &mut [bool],
    out: &mut Vec<Candidate>,
) {
    for (hi, h) in a.hits.iter().enumerate() {
        if used[hi] || !h.class.is_deal_verb() {
            continue;
        }
        let clause = h.clause;
        // 转让/收购(其)(所)持有的 Y: 持有 describes the shares a disposal or purchase takes
        // (the disposal and seller constructions read it), it has no subject of its own.
        if matches!(h.class, CueClass::Holds) {
            let before = a.text[..h.span.start].trim_end_matches(['其', '所']);
            let described = a.hits.iter().any(|k| {
                matches!(
                    k.class,
                    CueClass::Dispose | CueClass::Acquire | CueClass::Sell
                ) && k.span.end == before.len()
            });
            if described {
                continue;
            }
        }
        // 持股 3.3% 的 X: X is the holder, of the organisation named earlier in the clause or
        // the one under discussion.
        if h.class == CueClass::Holds {
            let window = a.window(h.span.end, STAKE_GAP, clause);
            let holder = a.stake_in(window).and_then(|(stake, _)| {
                let at = a.stakes.iter().find(|s| s.0.start >= h.span.end)?.0.end;
                let x = a.first_after(at, clause)?;
                let gap = a.text[at..a.slots[x].span.start].trim_matches(TRIM);
                (gap == "的").then_some((x, stake))
            });
            if let Some((x, stake)) = holder {
                let owner = (0..x)
                    .rev()
                    .find(|&i| {
                        a.slots[i].clause == clause
                            && a.slots[i].span.end <= h.span.start
                            && matches!(a.kind(i), EntityKind::Company | EntityKind::Fund)
                            // Another holder of the list (持股 3% 的 A 与持股 5% 的 B).
                            && !a.text[..a.slots[i].span.start].trim_end().ends_with("%的")
                    })
                    .map(Target::Slot);
                if let Some(t) = owner
                    .or_else(|| topic(a, d, clause))
                    .filter(|t| target_entity(a, t) != a.slots[x].entity)
                {
                    let mut c = a.cand(
                        x,
                        RelationKind::HoldsStake,
                        t,
                        clause,
                        "holds-stake-modifier",
                    );
                    c.attrs.stake = Some(stake);
                    out.push(c);
                }
                continue;
            }
        }
        // Z 从 X 手中收购 Y: X is the seller, the buyer stands before it.
        let mut subject = a.nearest_before(h.span.start, clause);
        while let Some(x) = subject {
            let sp = &a.slots[x].span;
            let seller = a.text[..sp.start].trim_end().ends_with('从')
                && ["手中", "手里", "处", "那里"]
                    .iter()
                    .any(|w| a.text[sp.end..].trim_start().starts_with(w));
            if !seller {
                break;
            }
            subject = a.nearest_before(sp.start, clause);
        }
        let (sources, mut rule) = match subject {
            Some(x) => (a.list_before(x), "verb".to_string()),
            None => match a.inherited_subject(clause) {
                Some(x) => (vec![x], "verb+subj".to_string()),
                None => continue,
            },
        };
        let role = role_of(h.class);
        let clause_end = a.clauses[clause].end;
        let mut object = a.first_after(h.span.end, clause);
        // 收购/受让 Y 持有的 Z 股权: Y is the seller, holding Z; Z is what changes hands.
        if let Some(y) = object {
            let held = a.hits.iter().find(|x| {
                x.class == CueClass::Holds
                    && x.span.start >= a.slots[y].span.end
                    && a.text[a.slots[y].span.end..x.span.start]
                        .trim_matches(TRIM)
                        .is_empty()
            });
            let z = held
                .filter(|x| {
                    a.text[x.span.end..]
                        .trim_start_matches('有')
                        .starts_with('的')
                })
                .and_then(|x| a.first_after(x.span.end, clause))
                .filter(|&z| a.slots[z].entity != a.slots[y].entity);
            if let Some(z) = z {
                out.push(a.cand(
                    y,
                    RelationKind::HoldsStake,
                    Target::Slot(z),
                    clause,
                    "seller",
                ));
                object = Some(z);
            }
        }
        if let Some(t0) = object {
            let targets = a.list_from(t0);
            let last = *targets.last().unwrap();
            // Without a subject of its own, a clause naming someone after the object is a
            // nominalised deal (收购Y的股权巩固了X的地位): the subject is not inherited.
            let inherited = rule.ends_with("+subj");
            if inherited && (last + 1..a.slots.len()).any(|i| a.slots[i].clause == clause) {
                continue;
            }
            let tail_end = (a.slots[last].span.end + 12).min(clause_end);
            let tail_end = (tail_end..=clause_end)
                .find(|&i| a.text.is_char_boundary(i))
                .unwrap_or(clause_end);
            let stake = a.stake_in(h.span.end..tail_end);
            // X 拥有 Y 40% 的股份 is a holding; X 拥有 Y alone says nothing of shares.
            if h.class == CueClass::HoldsIfStake && stake.is_none() {
                continue;
            }
            let Some(tail) = a.text.get(a.slots[last].span.end..tail_end) else {
                continue;
            };
            // 参与了 A、B 等产品的研发: taking part in work on something, not in its round.
            if h.class == CueClass::Follow && a.text[h.span.clone()].starts_with("参与") {
                let after = a.text.get(a.slots[last].span.end..clause_end).unwrap_or("");
                let after = after.trim_start_matches(TRIM).trim_start_matches('等');
                let noun: String = after.chars().take(8).collect();
                if noun.contains('的')
                    && !a.has_hit(a.slots[last].span.end..clause_end, CueClass::Financing)
                    && !noun.contains("投资")
                    && !noun.contains("增资")
                    && !noun.contains('轮')
                {
                    continue;
                }
            }
            let mut kind = verb_kind(h.class);
            // 收购 X 的个人电脑部门/卫星业务/资产: a unit or assets of X were bought, not X.
            if kind == RelationKind::Acquire && targets.len() == 1 {
                let after = a
                    .text
                    .get(a.slots[last].span.end..clause_end)
                    .unwrap_or("")
                    .trim_start_matches(TRIM);
                let unit = after.strip_prefix('的').is_some_and(|r| {
                    let r: String = r.chars().take(12).collect();
                    UNIT_NOUNS.iter().any(|u| r.contains(u))
                        && !r.contains("股")
                        && !(last + 1..a.slots.len()).any(|i| {
                            a.slots[i].clause == clause
                                && a.slots[i].span.start < a.slots[last].span.end + r.len() + 3
                        })
                });
                if unit {
                    continue;
                }
            }
            if kind == RelationKind::Acquire {
                let minority = match &stake {
                    Some((_, Some(v))) => *v < 50.0,
                    Some((_, None)) => true,
                    None => {
                        (tail.starts_with("的股") || tail.contains("股份") || tail.contains("股权"))
                            && !tail.contains("全部")
                    }
                };
                if minority {
                    kind = RelationKind::Invest;
                    rule = rule.replace("verb", "acquire-minority");
                }
            }
            for &s in &sources {
                for &t in &targets {
                    if kind == RelationKind::Owns || a.kind(t) == EntityKind::Person {
                        continue;
                    }
                    let mut c = a.cand(s, kind, Target::Slot(t), clause, &rule);
                    c.attrs.role = role;
                    c.attrs.amount = a
                        .amount_in(h.span.end..a.slots[t0].span.start)
                        .or_else(|| a.amount_in(a.slots[s].span.end..h.span.start));
                    if let Some(here) =
                        here.filter(|r| target_entity(a, &r.target) == a.slots[t].entity)
                    {
                        c.attrs.round = here.round.clone();
                        c.attrs.amount = c.attrs.amount.or_else(|| here.amount.clone());
                    }
                    c.attrs.stake = stake.as_ref().map(|s| s.0.clone());
                    out.push(c);
                }
            }
            continue;
        }
        // X 持股 15.2%, X 持股公司 4.75%, X 所持股份比例 16.7%: a holding with a stake and no
        // object is in the organisation named earlier in the clause (Y 董事长 X 持股), else in the
        // clause's topic.
        if matches!(h.class, CueClass::Holds | CueClass::HoldsIfStake) {
            let Some((stake, _)) = a.stake_in(a.window(h.span.end, STAKE_GAP, clause)) else {
                continue;
            };
            let first = sources.first().copied().unwrap_or(0);
            let owner = (0..first)
                .rev()
                .find(|&i| {
                    a.slots[i].clause == clause
                        && matches!(a.kind(i), EntityKind::Company | EntityKind::Fund)
                })
                .map(Target::Slot);
            let Some(target) = owner.or_else(|| topic(a, d, clause)) else {
                continue;
            };
            for &s in &sources {
                if a.slots[s].entity == target_entity(a, &target)
                    || a.kind(s) == EntityKind::Product
                {
                    continue;
                }
                let mut c = a.cand(
                    s,
                    RelationKind::HoldsStake,
                    target.clone(),
                    clause,
                    "holds-stake",
                );
                c.attrs.stake = Some(stake.clone());
                out.push(c);
            }
            continue;
        }
        // X 增持公司股份: the company the text is about.
        let after_verb = a.text[h.span.end..clause_end].trim_start_matches('了');
        if matches!(h.class, CueClass::Increase | CueClass::Invest)
            && COMPANY_SHARES.iter().any(|w| after_verb.starts_with(w))
        {
            if let Some(t) = topic(a, d, clause) {
                for &s in &sources {
                    if a.slots[s].entity != target_entity(a, &t) {
                        let mut c =
                            a.cand(s, RelationKind::Invest, t.clone(), clause, "verb+topic");
                        c.attrs.role = role;
                        c.attrs.amount = a.amount_in(h.span.end..clause_end);
                        out.push(c);
                    }
                }
            }
            continue;
        }
        // A、B 都是 X 入股的房企: the names before the copula are what X's verb took.
        let plain_subject = subject.is_some_and(|x| {
            let gap = a.slots[x].span.end..h.span.start;
            !a.has_hit(gap.clone(), CueClass::Round) && a.text[gap].chars().count() <= 10
        });
        if a.text[h.span.end..clause_end].starts_with('的') && rule == "verb" && plain_subject {
            let first = *sources.iter().min().expect("a subject");
            let subject = first.checked_sub(1).filter(|&p| {
                a.slots[p].clause == clause && is_copula(a.between(p, first), lexicon)
            });
            if let Some(p) = subject {
                let kind = verb_kind(h.class);
                for t in a.list_before(p) {
                    for &s in &sources {
                        if a.slots[s].entity != a.slots[t].entity
                            && kind != RelationKind::Owns
                            && a.kind(t) != EntityKind::Person
                        {
                            out.push(a.cand(s, kind, Target::Slot(t), clause, "verb-relative"));
                        }
                    }
                }
                continue;
            }
        }
        // Y 由 X(与 Z)(共同)出资设立/组建: the founders put money into the company founded,
        // the name before 由 (or the clause's inherited subject).
        if h.class == CueClass::Invest {
            let rest = &a.text[h.span.end..clause_end];
            let founding = lexicon
                .name_words(CueClass::Founding)
                .iter()
                .any(|w| rest.trim_start_matches(TRIM).starts_with(w.as_str()));
            let by = a.hits.iter().rev().find(|b| {
                b.class == CueClass::By && b.clause == clause && b.span.end <= h.span.start
            });
            if let (true, Some(by)) = (founding, by) {
                let founded = a
                    .nearest_before(by.span.start, clause)
                    .filter(|&y| a.short_gap(a.slots[y].span.end..by.span.start, 2))
                    .or_else(|| {
                        a.text[a.clauses[clause].start..by.span.start]
                            .trim_matches(TRIM)
                            .is_empty()
                            .then(|| a.inherited_subject(clause))
                            .flatten()
                    });
                if let Some(y) = founded {
                    let founders = (0..a.slots.len()).filter(|&i| {
                        a.slots[i].clause == clause
                            && a.slots[i].span.start >= by.span.end
                            && a.slots[i].span.end <= h.span.start
                            && a.slots[i].entity != a.slots[y].entity
                    });
                    for s in founders {
                        let mut c = a.cand(
                            s,
                            RelationKind::Invest,
                            Target::Slot(y),
                            clause,
                            "founded-by",
                        );
                        c.attrs.amount = a.amount_in(by.span.end..clause_end);
                        out.push(c);
                    }
                    continue;
                }
            }
        }
        // No object: the round under discussion, or a preceding bare list of investees.
        if matches!(
            h.class,
            CueClass::Lead | CueClass::Follow | CueClass::Invest | CueClass::Increase
        ) {
            if let Some(here) = here {
                let next = a.clauses.get(clause + 1).map_or(clause_end, |c| c.end);
                let own_end = if a.hits.iter().any(|v| {
                    v.clause == clause + 1
                        && v.class == CueClass::Invest
                        && v.span.start <= a.clauses[clause + 1].start + 3
                }) {
                    next
                } else {
                    clause_end
                };
                for &s in &sources {
                    if a.slots[s].entity == target_entity(a, &here.target) {
                        continue;
                    }
                    let mut c = a.cand(
                        s,
                        RelationKind::Invest,
                        here.target.clone(),
                        clause,
                        &format!("{rule}-round"),
                    );
                    c.attrs.role = role;
                    c.attrs.amount = a
                        .amount_in(h.span.end..own_end)
                        .or_else(|| here.amount.clone());
                    c.attrs.round = here.round.clone();
                    out.push(c);
                }
                continue;
            }
            // X 跟投/加入投资 with no round yet: a round of the company under discussion.
            if matches!(h.class, CueClass::Lead | CueClass::Follow)
                && !a.text[h.span.end..clause_end].contains(char::is_alphanumeric)
            {
                if let Some(t) = topic(a, d, clause) {
                    for &s in &sources {
                        if a.slots[s].entity != target_entity(a, &t)
                            && a.kind(s) != EntityKind::Product
                        {
                            let mut c =
                                a.cand(s, RelationKind::Invest, t.clone(), clause, "verb+topic");
                            c.attrs.role = role;
                            out.push(c);
                        }
                    }
                }
                continue;
            }
            if h.class == CueClass::Invest && a.text[..h.span.start].ends_with('的') {
                let targets: Vec<usize> = (0..clause)
                    .filter(|&c| a.is_list_clause(c))
                    .flat_map(|c| {
                        let slots: Vec<usize> = (0..a.slots.len())
                            .filter(|&i| a.slots[i].clause == c)
                            .collect();
                        // In "Uber在美最大竞对Lyft" only the head is an item.
                        slots.into_iter().map(|i| a.head(i)).collect::<Vec<_>>()
                    })
                    .collect();
                let mut targets = targets;
                targets.dedup();
                for &s in &sources {
                    for &t in &targets {
                        out.push(a.cand(
                            s,
                            RelationKind::Invest,
                            Target::Slot(t),
                            clause,
                            "invest-list",
                        ));
                    }
                }
            }
        }
    }
}

/// 公司股份 after a verb of buying or selling shares: the shares of the company the text is
/// about (公司股东 X 增持公司股份).
const COMPANY_SHARES: [&str; 4] = ["公司股份", "公司股票", "公司股权", "本公司"];

/// Characters after a disposed company within which the shares sold are named.
const SHARES_GAP: usize = 14;

/// X (拟)转让/出售 (其所持有的) Y N% 的股权: whoever disposes of shares of Y held a stake in it
/// (several companies may be listed: 转让 A 3% 的股权和 B 5% 的股权).
fn disposal(a: &Analysis<'_>, d: &Discourse, out: &mut Vec<Candidate>) {
    for h in a.hits.iter().filter(|h| h.class == CueClass::Dispose) {
        let clause = h.clause;
        let seller = match a.nearest_before(h.span.start, clause) {
            Some(x) => Some(Target::Slot(x)),
            None => a.inherited_subject(clause).map(Target::Slot),
        }
        .or_else(|| {
            a.text[a.clauses[clause].start..h.span.start]
                .trim_matches(TRIM)
                .is_empty()
                .then(|| topic(a, d, clause))
                .flatten()
        });
        let Some(Target::Slot(mut x)) = seller else {
            continue;
        };
        // X 向 Z(及其附属公司)转让: Z receives; the seller stands before 向.
        let toward = a.hits.iter().rev().find(|k| {
            k.class == CueClass::Toward
                && k.clause == clause
                && k.span.end <= a.slots[x].span.start
                && a.text[k.span.end..a.slots[x].span.start]
                    .trim_matches(TRIM)
                    .is_empty()
        });
        if let Some(k) = toward {
            match a.nearest_before(k.span.start, clause) {
                Some(s) => x = s,
                None => continue,
            }
        }
        // 转让(其)(所)持有的 Y
        let mut at = past_holding(a, h.span.end, clause);
        if a.text[at..].starts_with('了') {
            at += '了'.len_utf8();
        }
        // 减持公司股份, 减持了 3.3 万股: shares of the company under discussion.
        let rest = &a.text[at..];
        let count = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let counted = count.len() < rest.len()
            && ["股", "万股", "亿股"]
                .iter()
                .any(|w| count.trim_start().starts_with(w));
        if counted || COMPANY_SHARES.iter().any(|w| rest.starts_with(w)) {
            if let Some(t) =
                topic(a, d, clause).filter(|t| target_entity(a, t) != a.slots[x].entity)
            {
                let mut c = a.cand(x, RelationKind::HoldsStake, t, clause, "disposal+topic");
                c.status_scope = Some(a.slots[x].span.start);
                out.push(c);
            }
            continue;
        }
        let Some(first) = a
            .first_after(at, clause)
            .filter(|&y| a.short_gap(at..a.slots[y].span.start, 0))
        else {
            continue;
        };
        // The objects: each followed by its shares (Y 3% 的股权和 Z 3% 的股权, A、B 的股权).
        let mut objects = vec![first];
        let mut cur = first;
        while let Some(next) =
            (cur + 1 < a.slots.len() && a.slots[cur + 1].clause == clause).then_some(cur + 1)
        {
            let between = &a.text[a.slots[cur].span.end..a.slots[next].span.start];
            // A、B 以及 C 的权益
            let joined = between
                .trim_matches(TRIM)
                .trim_end_matches("以及")
                .trim_end_matches(['和', '及', '、', '与']);
            let shares_then_and = ["股权", "股份", "权益"].iter().any(|w| joined.ends_with(w))
                && between.trim_end().ends_with(['和', '及', '、', '与']);
            if joined.is_empty() || shares_then_and {
                objects.push(next);
                cur = next;
            } else {
                break;
            }
        }
        // The shares may be named in the next clause (拟清仓 Y，协议转让 5% 股份).
        let last = *objects.last().expect("one object");
        let from = a.slots[last].span.end;
        let tail: String = a.text[from..].chars().take(SHARES_GAP).collect();
        if !["股权", "股份", "权益", "股"]
            .iter()
            .any(|w| tail.contains(w))
        {
            continue;
        }
        for y in objects {
            if a.slots[y].entity == a.slots[x].entity || a.kind(y) == EntityKind::Person {
                continue;
            }
            let mut c = a.cand(
                x,
                RelationKind::HoldsStake,
                Target::Slot(y),
                clause,
                "disposal",
            );
            // The holding is a fact whatever becomes of the sale (拟转让, 终止转让).
            c.status_scope = Some(a.slots[x].span.start);
            let end = a
                .slots
                .get(y + 1)
                .filter(|n| n.clause == clause)
                .map_or(a.clauses[clause].end, |n| n.span.start);
            c.attrs.stake = a.stake_in(a.slots[y].span.end..end).map(|s| s.0);
            out.push(c);
        }
    }
}

/// Is `s` a copula after adverbs (仍为, 更是, 已成为)?
fn is_copula(s: &str, lexicon: &Lexicon) -> bool {
    let adverbs = lexicon.name_words(CueClass::SubjectAdverb);
    let mut s = s.trim_matches(TRIM);
    while let Some(rest) = adverbs
        .iter()
        .find_map(|w| s.strip_prefix(w.as_str()).filter(|r| !r.is_empty()))
    {
        s = rest;
    }
    lexicon.name_words(CueClass::Copula).iter().any(|c| c == s)
}

/// `s` without the ordinal that may stand right before a shareholder cue (成为第二大股东: 第二)
/// and a 的 before it.
fn strip_ordinal(s: &str) -> &str {
    let s = s.trim_matches(TRIM);
    let s = s.strip_prefix('的').unwrap_or(s);
    let digits = s.trim_end_matches(|c: char| "一二三四五六七八九十".contains(c));
    let s = match digits.strip_suffix('第') {
        Some(rest) if digits.len() < s.len() => rest,
        _ => s,
    };
    s.strip_suffix('的').unwrap_or(s).trim_matches(TRIM)
}

/// X(及Y) 是 Z 的股东; X 仍为 Z 控股股东; X 更是其第二大股东; X 成为第二大股东 (of the company
/// of the round, or the one under discussion).
fn shareholder(
    a: &Analysis<'_>,
    here: Option<&RoundHere>,
    d: &Discourse,
    lexicon: &Lexicon,
    out: &mut Vec<Candidate>,
) {
    for h in a
        .hits
        .iter()
        .filter(|h| matches!(h.class, CueClass::Shareholder | CueClass::ControlledBy))
    {
        let kind = if h.class == CueClass::ControlledBy {
            RelationKind::Controls
        } else {
            RelationKind::HoldsStake
        };
        let Some(z) = a.nearest_before(h.span.start, h.clause) else {
            // 公司控股股东 X, 称控股股东 X: the holder of the company under discussion.
            let holder = a.first_after(h.span.end, h.clause).filter(|&x| {
                a.text[h.span.end..a.slots[x].span.start]
                    .trim_matches(TRIM)
                    .is_empty()
                    && a.text[a.clauses[h.clause].start..h.span.start]
                        .chars()
                        .count()
                        <= 6
            });
            if let (Some(x), Some(t)) = (holder, round_or_topic(a, here, d, h.clause)) {
                if target_entity(a, &t) != a.slots[x].entity && !a.slots[x].pronoun {
                    let mut c = a.cand(a.head(x), kind, t, h.clause, "shareholder-of+topic");
                    c.status_scope = Some(h.span.start);
                    out.push(c);
                }
            }
            continue;
        };
        let raw_gap = &a.text[a.slots[z].span.end..h.span.start];
        let zgap = strip_ordinal(raw_gap);
        // X 成为第二大股东: the holder is the name before, the company the one of the round.
        if is_copula(zgap, lexicon) && !a.slots[z].pronoun {
            let target = round_or_topic(a, here, d, h.clause);
            if let Some(t) = target.filter(|t| target_entity(a, t) != a.slots[z].entity) {
                out.push(a.cand(z, kind, t, h.clause, "shareholder-copula"));
            }
            continue;
        }
        // X 仍为 Z 控股股东, X 更是其第二大股东, (X…,) 为其第二大股东 (Z 的股东 below).
        if zgap.is_empty() && !raw_gap.contains('的') {
            let clause_start = a.clauses[h.clause].start;
            let holder = match (0..z)
                .rev()
                .find(|&x| a.slots[x].entity != a.slots[z].entity)
            {
                Some(x) if a.slots[x].clause == h.clause => {
                    is_copula(a.between(x, z), lexicon).then_some(x)
                }
                _ => is_copula(&a.text[clause_start..a.slots[z].span.start], lexicon)
                    .then(|| a.inherited_subject(h.clause))
                    .flatten(),
            };
            // X…，为其第二大股东: 其 is never X itself but the last other organisation named
            // (元气森林完成对观云的融资…，为其第二大股东: 观云).
            let z = match holder {
                Some(x) if a.slots[z].pronoun && a.slots[x].entity == a.slots[z].entity => (0..z)
                    .rev()
                    .find(|&i| {
                        !a.slots[i].pronoun
                            && a.slots[i].entity != a.slots[x].entity
                            && matches!(a.kind(i), EntityKind::Company | EntityKind::Fund)
                    })
                    .unwrap_or(z),
                _ => z,
            };
            if let Some(x) = holder.filter(|&x| a.slots[x].entity != a.slots[z].entity) {
                for s in a.list_before(x) {
                    out.push(a.cand(s, kind, Target::Slot(z), h.clause, "shareholder-copula"));
                }
                continue;
            }
        }
        // Y 的大股东 X / Y 的控股股东 X: the holder follows the cue, or the last of a run of
        // such cues (Y 实控人、控股股东 X), which controls when one of them says so.
        let mut end = h.span.end;
        let mut kind = kind;
        while let Some(next) = a.hits.iter().find(|n| {
            matches!(n.class, CueClass::Shareholder | CueClass::ControlledBy)
                && n.span.start > end
                && a.text[end..n.span.start].trim_matches(TRIM) == "、"
        }) {
            end = next.span.end;
            if next.class == CueClass::ControlledBy {
                kind = RelationKind::Controls;
            }
        }
        let after = a.first_after(end, h.clause).filter(|&x| {
            a.text[end..a.slots[x].span.start]
                .trim_matches(TRIM)
                .chars()
                .count()
                <= 2
        });
        if let Some(x) = after {
            // Y 的第二大股东为 X: an ordinal may stand before the cue.
            let gap = strip_ordinal(&a.text[a.slots[z].span.end..h.span.start]);
            // Z 及股东 X lists two holders, it does not say X holds Z.
            let joined = gap.starts_with(['及', '和', '与', '、']);
            if gap.chars().count() <= 2 && !joined {
                // Y 的大股东 X is a noun phrase: status words after it are the clause verb's.
                let mut c = a.cand(a.head(x), kind, Target::Slot(z), h.clause, "shareholder-of");
                c.status_scope = Some(h.span.start);
                out.push(c);
            }
            continue;
        }
        if !a.text[a.slots[z].span.end..h.span.start].contains('的') {
            continue;
        }
        let mut z0 = z;
        while z0 > 0
            && a.slots[z0 - 1].clause == h.clause
            && a.slots[z0 - 1].entity == a.slots[z].entity
        {
            z0 -= 1;
        }
        let Some(x) = (z0 > 0 && a.slots[z0 - 1].clause == h.clause).then(|| z0 - 1) else {
            continue;
        };
        for s in a.list_before(x) {
            out.push(a.cand(s, kind, Target::Slot(z), h.clause, "shareholder"));
        }
    }
}

/// X 旗下/推出/上线 Y; Y 的运营方 X.
fn owns(a: &Analysis<'_>, out: &mut Vec<Candidate>) {
    for h in &a.hits {
        match h.class {
            CueClass::Owns => {
                let joint = a
                    .clause_hits(h.clause)
                    .any(|(_, p)| p.class == CueClass::Partner && p.span.start < h.span.start)
                    || a.clause_hits(h.clause)
                        .any(|(_, p)| p.class == CueClass::With && p.span.start < h.span.start);
                if joint {
                    continue;
                }
                let (x, rule) = match a.nearest_before(h.span.start, h.clause) {
                    Some(x) => (x, "owns"),
                    None => match a.inherited_subject(h.clause) {
                        Some(x) => (x, "owns+subj"),
                        None => continue,
                    },
                };
                let Some(y) = a.first_after(h.span.end, h.clause) else {
                    continue;
                };
                if a.kind(x) == EntityKind::Product {
                    continue;
                }
                for t in a.list_from(y) {
                    if a.kind(t) != EntityKind::Person {
                        out.push(a.cand(x, RelationKind::Owns, Target::Slot(t), h.clause, rule));
                    }
                }
            }
            CueClass::InvestedBy => {
                let (Some(y), Some(x)) = (
                    a.nearest_before(h.span.start, h.clause),
                    a.first_after(h.span.end, h.clause),
                ) else {
                    continue;
                };
                let gap = a.text[a.slots[y].span.end..h.span.start].trim_matches(TRIM);
                if gap.starts_with('的') && gap.chars().count() <= 3 {
                    out.push(a.cand(
                        a.head(x),
                        RelationKind::Invest,
                        Target::Slot(y),
                        h.clause,
                        "invested-by",
                    ));
                }
            }
            CueClass::OwnedBy => {
                let (Some(y), Some(x)) = (
                    a.nearest_before(h.span.start, h.clause),
                    a.first_after(h.span.end, h.clause),
                ) else {
                    continue;
                };
                let gap = a.text[a.slots[y].span.end..h.span.start].trim_matches(TRIM);
                if gap.chars().count() <= 2 {
                    out.push(a.cand(
                        a.head(x),
                        RelationKind::Owns,
                        Target::Slot(y),
                        h.clause,
                        "owned-by",
                    ));
                }
            }
            _ => {}
        }
    }
}

fn owner_kind(k: EntityKind) -> bool {
    matches!(
        k,
        EntityKind::Company | EntityKind::Person | EntityKind::Fund
    )
}

/// X的<产品>Y, X Y (adjacent), 其<版>Y, Y是X的<服务>, Y(X).
fn possessive(a: &Analysis<'_>, out: &mut Vec<Candidate>) {
    let ends_with_noun = |s: &str| {
        a.hits
            .iter()
            .any(|h| h.class == CueClass::ProductNoun && s.ends_with(&a.text[h.span.clone()]))
    };
    for i in 0..a.slots.len() {
        let Some(j) = a.next_in_clause(i) else {
            continue;
        };
        if a.slots[i].entity == a.slots[j].entity {
            continue;
        }
        let b = a.between(i, j);
        let (ki, kj) = (a.kind(i), a.kind(j));
        let clause = a.slots[i].clause;
        let gap = a.slots[i].span.end..a.slots[j].span.start;
        let no_verb = !a.hits.iter().any(|h| {
            h.span.start >= gap.start
                && h.span.end <= gap.end
                && !matches!(h.class, CueClass::ProductNoun | CueClass::Round)
        });
        let owned =
            kj == EntityKind::Product || (ki == EntityKind::Person && kj != EntityKind::Person);
        if owner_kind(ki) && owned && no_verb && !b.contains(is_punct) && a.head(j) == j {
            let n = b.chars().count();
            let ok = b.is_empty()
                || b == "的"
                || (b.starts_with('的') && n <= 10 && ends_with_noun(b))
                || (a.slots[i].pronoun && n <= 4);
            if ok {
                out.push(a.cand(i, RelationKind::Owns, Target::Slot(j), clause, "possessive"));
                continue;
            }
        }
        // Y 是 X 的 <服务>
        if b == "是" && owner_kind(kj) && ki == EntityKind::Product {
            let rest = a.text[a.slots[j].span.end..a.clauses[clause].end].trim_matches(TRIM);
            if rest.starts_with('的') && rest.chars().count() <= 12 && ends_with_noun(rest) {
                out.push(a.cand(
                    j,
                    RelationKind::Owns,
                    Target::Slot(i),
                    clause,
                    "possessive-copula",
                ));
            }
        }
        // Y(X)
        if b == "("
            && ki == EntityKind::Product
            && owner_kind(kj)
            && a.text[a.slots[j].span.end..].starts_with(')')
        {
            out.push(a.cand(
                j,
                RelationKind::Owns,
                Target::Slot(i),
                clause,
                "possessive-paren",
            ));
        }
    }
}

fn is_punct(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '。' | '、' | '(' | ')' | '!' | '?')
}

/// Pairs for an undirected cue at hit `h`: X 与 Y <cue>, X <cue> Y, X和Y <cue>.
fn undirected_pairs(a: &Analysis<'_>, h: &Hit, allow_prev_clause: bool) -> Vec<(usize, usize)> {
    let clause = h.clause;
    let mut pairs = Vec::new();
    // X 与 Y <cue>
    if let Some(w) = a
        .clause_hits(clause)
        .map(|(_, w)| w)
        .filter(|w| w.class == CueClass::With && w.span.end <= h.span.start)
        .last()
    {
        if let Some(y) = a
            .first_after(w.span.end, clause)
            .filter(|&y| a.slots[y].span.end <= h.span.start)
        {
            let xs = match a.nearest_before(w.span.start, clause) {
                Some(x) => a.list_before(x),
                None => {
                    let lead = a.text[a.clauses[clause].start..w.span.start]
                        .chars()
                        .count();
                    if lead <= 2 && clause > 0 {
                        if a.is_list_clause(clause - 1) {
                            (0..a.slots.len())
                                .filter(|&i| a.slots[i].clause == clause - 1)
                                .collect()
                        } else {
                            a.inherited_subject(clause).into_iter().collect()
                        }
                    } else {
                        Vec::new()
                    }
                }
            };
            for x in xs {
                for y in a.list_from(y) {
                    pairs.push((x, y));
                }
            }
            if !pairs.is_empty() {
                return pairs;
            }
        }
    }
    let mut before = a.nearest_before(h.span.start, clause);
    // An adjacent chain of names (阿里巴巴 TechCrunch) counts as its first name.
    while let Some(x) = before
        .filter(|&x| x > 0 && a.slots[x - 1].clause == clause && a.between(x - 1, x).is_empty())
    {
        before = Some(x - 1);
    }
    // X 将/把 Y <cue> 到 Z: the pair is X, Y.
    if let Some(x) = before.filter(|&x| x > 0 && a.slots[x - 1].clause == clause) {
        if DISPOSAL.contains(&a.between(x - 1, x)) {
            return vec![(x - 1, x)];
        }
    }
    // What follows a launch verb (联合推出Y) is the product, not a party.
    let after = a.first_after(h.span.end, clause).filter(|&y| {
        !a.hits.iter().any(|o| {
            o.class == CueClass::Owns
                && o.span.start >= h.span.end
                && o.span.end <= a.slots[y].span.start
        })
    });
    match (before, after) {
        (Some(x), Some(y)) => {
            for y in a.list_from(y) {
                pairs.push((x, y));
            }
        }
        (Some(x), None) => {
            let group = a.list_before(x);
            if group.len() >= 2 {
                for (k, &p) in group.iter().enumerate() {
                    for &q in &group[k + 1..] {
                        pairs.push((p, q));
                    }
                }
            } else if x > 0 && a.slots[x - 1].clause == clause {
                pairs.push((x - 1, x));
            } else if allow_prev_clause && clause > 0 {
                let start = a.text[a.clauses[clause].start..].trim_start();
                let prev = clause - 1;
                // 这是 refers to the last name before it; a bare 是 continues the subject.
                let partner = if ["这是", "这也是", "它是", "其是"]
                    .iter()
                    .any(|p| start.starts_with(p))
                {
                    a.nearest_before(a.clauses[prev].end, prev)
                } else if ["是", "为"].iter().any(|p| start.starts_with(p)) {
                    (0..a.slots.len())
                        .filter(|&i| a.slots[i].clause == prev)
                        .find(|&i| is_clause_subject(a.text, &a.clauses, &a.slots, i))
                } else {
                    None
                };
                if let Some(p) = partner {
                    pairs.push((p, x));
                }
            }
        }
        _ => {}
    }
    pairs
}

/// X与Y合作, X联手Y, X、Y联手, 列表…均与X合作.
fn partner(a: &Analysis<'_>, out: &mut Vec<Candidate>) {
    let mut done = vec![false; a.clauses.len()];
    for h in a.hits.iter().filter(|h| h.class == CueClass::Partner) {
        if done[h.clause] {
            continue;
        }
        for (x, y) in undirected_pairs(a, h, false) {
            if a.slots[x].entity != a.slots[y].entity {
                done[h.clause] = true;
                out.push(a.cand(
                    x,
                    RelationKind::Partner,
                    Target::Slot(y),
                    h.clause,
                    "partner",
                ));
            }
        }
    }
}

/// X是Y的竞争对手, X对标Y, X和Y对抗, 对于X而言…Y的挑战.
fn compete(a: &Analysis<'_>, out: &mut Vec<Candidate>) {
    let topic = a
        .hits
        .iter()
        .find(|h| h.class == CueClass::Topic)
        .and_then(|h| {
            a.first_after(h.span.end, h.clause).filter(|&t| {
                a.text[a.slots[t].span.end..]
                    .trim_start()
                    .starts_with("而言")
                    || a.text[a.slots[t].span.end..]
                        .trim_start()
                        .starts_with("来说")
            })
        });
    let mut done = vec![false; a.clauses.len()];
    for h in a.hits.iter().filter(|h| h.class == CueClass::Compete) {
        if done[h.clause] {
            continue;
        }
        let mut pairs = undirected_pairs(a, h, true);
        if pairs.is_empty() {
            if let Some(t) = topic {
                let clause_slots: Vec<usize> = (0..a.slots.len())
                    .filter(|&i| a.slots[i].clause == h.clause)
                    .collect();
                if clause_slots.len() == 1 && a.slots[clause_slots[0]].entity != a.slots[t].entity {
                    pairs.push((t, clause_slots[0]));
                }
            }
        }
        for (x, y) in pairs {
            if a.slots[x].entity != a.slots[y].entity {
                done[h.clause] = true;
                out.push(a.cand(
                    x,
                    RelationKind::Compete,
                    Target::Slot(y),
                    h.clause,
                    "compete",
                ));
            }
        }
    }
}
