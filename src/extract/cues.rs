//! The lexicon: cue words by class, read from `data/lexicon.txt` (bundled) and from user files
//! (`--lexicon FILE`), compiled once into one leftmost-longest aho-corasick automaton.
//!
//! The format is one cue per line under a `[section]` header; blank lines and lines starting
//! with `#` are ignored. Every section is a [`CueClass`]; an unknown section, a cue before any
//! section or a cue containing a line break is an error naming the file and line.

use crate::error::{Error, Result};
use crate::normalize::normalize;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::BTreeSet;
use std::ops::Range;
use std::path::Path;

/// The bundled lexicon, compiled into the binary.
pub const BUNDLED_LEXICON: &str = include_str!("../../data/lexicon.txt");

macro_rules! classes {
    ($($(#[$m:meta])* $v:ident => $s:literal),+ $(,)?) => {
        /// What a cue word signals; one per lexicon section.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum CueClass {
            $($(#[$m])* $v),+
        }

        impl CueClass {
            /// Every class, in section order.
            pub const ALL: &'static [CueClass] = &[$(CueClass::$v),+];

            /// The section name in lexicon files.
            pub const fn section(self) -> &'static str {
                match self { $(CueClass::$v => $s),+ }
            }

            /// The class of a section name.
            pub fn from_section(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|c| c.section() == s)
            }
        }
    };
}

classes! {
    /// Source puts money into target (投资, 入股, 注资).
    Invest => "invest",
    /// The lead investor of a round (领投, 牵头).
    Lead => "lead",
    /// A follow investor (跟投, 参投).
    Follow => "follow",
    /// Adding to a holding (增持).
    Increase => "increase",
    /// Buying outright (收购, 并购); a minority stake makes it an investment.
    Acquire => "acquire",
    /// Control (控股).
    Controls => "controls",
    /// Selling to a buyer (出售给, 卖给): X 将 Y 出售给 Z, Z bought Y.
    Sell => "sell",
    /// Disposing of shares (转让, 出售, 减持): X 转让 Y 30% 的股权, X held a stake in Y.
    Dispose => "dispose",
    /// A holding as a state (持有).
    Holds => "holds",
    /// A holding only when a stake follows (X 拥有 Y 40% 的股份).
    HoldsIfStake => "holds_if_stake",
    /// X 是 Y 的股东; Y 的大股东 X.
    Shareholder => "shareholder",
    /// Y 的控股股东 X: X controls Y.
    ControlledBy => "controlled_by",
    /// X <cue> Y: Y belongs to X (旗下, 全资子公司, 推出).
    Owns => "owns",
    /// Y 的 <cue> X: X invested in Y (投资方, 发起人).
    InvestedBy => "invested_by",
    /// Y <cue> X: Y belongs to X (运营方, 背后的).
    OwnedBy => "owned_by",
    /// X 的 <noun> Y: a product noun (服务, 产品, 平台).
    ProductNoun => "product_noun",
    /// Cooperation (合作, 联手, 整合).
    Partner => "partner",
    /// Rivalry (竞争对手, 对标, 宿敌).
    Compete => "compete",
    /// A funding round (融资): the company before it raised it.
    Financing => "financing",
    /// A reference to the round under discussion (这轮融资).
    RoundRef => "round_ref",
    /// Introduces the follow investors of the round under discussion (其他投资者包括).
    OtherInvestors => "other_investors",
    /// Introduces the investors, with no role, of a company or of the round under discussion
    /// (投资方包括, 背后有着).
    InvestorList => "investor_list",
    /// A plain 包括 (including): opens an investor list when the list ends with an
    /// [`CueClass::InvestorNoun`] (包括 A、B 等 50 家投资机构).
    Including => "including",
    /// Nouns that name investors (投资机构, 投资方), closing a list opened by 包括.
    InvestorNoun => "investor_noun",
    /// Existing shareholders named before a round's investors (老股东 A、B 继续加持): they hold a
    /// stake in the company.
    ExistingHolders => "existing_holders",
    /// X-backed Y (X 支持的 Y): X invested in Y.
    Backed => "backed",
    /// A verb of saying that ends a clause (传言称，…): the hedge of its clause carries into the
    /// clause it introduces.
    ReportedSpeech => "reported_speech",
    /// A round name (天使轮, 新一轮).
    Round => "round",
    /// Passive voice (获, 被): Y 获 X 投资.
    Passive => "passive",
    /// Agent marker (由): 由 X 领投.
    By => "by",
    /// Preposition of the target (对): X 对 Y 进行了投资.
    Toward => "toward",
    /// Topic frame (对于 X 而言).
    Topic => "topic",
    /// Comitative (与, 和): X 与 Y 合作.
    With => "with",
    /// Denial (辟谣, 否认, 并未).
    Denied => "denied",
    /// Hedging (传闻, 是否, 可能).
    Speculative => "speculative",
    /// Intention (拟, 计划, 将).
    Planned => "planned",
    /// Condition or imagination (若, 如果).
    Hypothetical => "hypothetical",
    /// A pronoun resolved to the salient entity (它, 其, 该公司).
    Coref => "coref",
    /// Words that contain a cue but are not one (其他, 对于); they only hide other cues.
    Block => "block",
    /// Endings of organisation names (资本, 基金, 公司) for open-class names; not cues.
    OrgSuffix => "org_suffix",
    /// Words that look like names but are not (TechCrunch, CEO, 私募股权); not cues.
    NotName => "not_name",
    /// Words right before a name that make it a news source, not a party (@, 据, 来源:); not cues.
    SourceBefore => "source_before",
    /// Words right after a name that make it a news source, not a party (获悉, 报道, 讯); not cues.
    SourceAfter => "source_after",
    /// Place names a registered full name starts with (北京, 上海市); not cues.
    Place => "place",
    /// Business words a registered full name ends with before its legal form (科技, 网络); not cues.
    LegalStem => "legal_stem",
    /// Legal forms that end a registered full name (有限公司, 股份有限公司); not cues.
    LegalForm => "legal_form",
    /// Words right after a "name + verb" alias that show the verb is a verb (腾讯投资了); not cues.
    VerbTail => "verb_tail",
    /// Words in a parenthesis after a full name that declare its short form (以下简称); not cues.
    AliasMarker => "alias_marker",
    /// Nouns right before a quoted name that make it a name (企业“X”, 品牌“X”); not cues.
    NameDescriptor => "name_descriptor",
    /// Words between an investor-list cue and its list (投资方包括 A、B); not cues.
    ListIntro => "list_intro",
    /// Trailing organisation words that `dealgraph discover` drops when it groups open names
    /// (X, X Ventures, X公司 are one group); not cues.
    OrgWord => "org_word",
    /// Predicates whose clause-initial subject is an organisation (X 成立于, X 是一家); not cues.
    SubjectOf => "subject_of",
    /// Verbs whose clause-initial subject raised money when a [`CueClass::RaiseObject`] word
    /// follows in the clause (X 完成 A 轮融资, X 获得投资); not cues.
    RaiseVerb => "raise_verb",
    /// What a company raises, after a [`CueClass::RaiseVerb`] (融资, 投资); not cues.
    RaiseObject => "raise_object",
    /// Adverbs and frames between a subject and its predicate (此前, 近日, 已); not cues.
    SubjectAdverb => "subject_adverb",
    /// Words a clause-initial subject holding one is no name (我们仍然, 用户那里); not cues.
    NotInName => "not_in_name",
    /// Words a description starts with, never a name (该团队, 各机构); not cues.
    Determiner => "determiner",
    /// "Is" between a holder and the company it holds (X 仍为 Y 控股股东); not cues.
    Copula => "copula",
    /// Verbs of founding after an investing verb (Y 由 X 出资设立); not cues.
    Founding => "founding",
}

impl CueClass {
    /// A verb of a deal between two parties (投资, 领投, 收购, 控股, 持有): the classes a
    /// construction takes as its verb, and a "name + verb" alias (腾讯投资) may end in.
    pub const fn is_deal_verb(self) -> bool {
        matches!(
            self,
            CueClass::Invest
                | CueClass::Lead
                | CueClass::Follow
                | CueClass::Increase
                | CueClass::Acquire
                | CueClass::Controls
                | CueClass::Holds
                | CueClass::HoldsIfStake
        )
    }

    /// A cue that makes a sentence state a deal, so that open-class names are looked for in
    /// it: a deal verb, or a sale, a shareholder, a round or an investor-list cue.
    pub const fn marks_deal(self) -> bool {
        self.is_deal_verb()
            || matches!(
                self,
                CueClass::Sell
                    | CueClass::Dispose
                    | CueClass::Shareholder
                    | CueClass::ControlledBy
                    | CueClass::Financing
                    | CueClass::OtherInvestors
                    | CueClass::InvestorList
                    | CueClass::ExistingHolders
                    | CueClass::Backed
                    | CueClass::InvestedBy
            )
    }
}

/// One cue occurrence in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// Byte range in the searched text.
    pub span: Range<usize>,
    /// Its class.
    pub class: CueClass,
}

/// Cue words by class, with one automaton over all of them.
#[derive(Clone)]
pub struct Lexicon {
    entries: BTreeSet<(String, CueClass)>,
    automaton: AhoCorasick,
    classes: Vec<CueClass>,
    /// [`CueClass::NotName`] words, lower-cased (computed once, not per sentence).
    not_name_lower: Vec<String>,
    /// [`CueClass::OrgSuffix`] words, longest first.
    org_suffixes: Vec<String>,
    /// The words of every name section, longest first: looked up per document and per
    /// sentence, so computed once here.
    name_words: std::collections::BTreeMap<CueClass, Vec<String>>,
    /// Every [`CueClass::LegalForm`] word, all occurrences (overlapping): the registered
    /// names of a document are found from one scan of it, not one per legal form.
    legal_forms: AhoCorasick,
    /// The [`CueClass::SubjectOf`] and [`CueClass::RaiseVerb`] words (patterns in that order):
    /// the subjects of a document are found from one scan of it.
    predicates: AhoCorasick,
    /// How many of `predicates`' patterns are [`CueClass::SubjectOf`] words.
    subject_of: usize,
}

impl CueClass {
    /// True for the sections that hold words about names, not cues: they are never matched as
    /// cues in a sentence.
    pub fn is_name_word(self) -> bool {
        matches!(
            self,
            CueClass::OrgSuffix
                | CueClass::NotName
                | CueClass::SourceBefore
                | CueClass::SourceAfter
                | CueClass::Place
                | CueClass::LegalStem
                | CueClass::LegalForm
                | CueClass::VerbTail
                | CueClass::AliasMarker
                | CueClass::NameDescriptor
                | CueClass::ListIntro
                | CueClass::OrgWord
                | CueClass::SubjectOf
                | CueClass::RaiseVerb
                | CueClass::RaiseObject
                | CueClass::SubjectAdverb
                | CueClass::Determiner
                | CueClass::NotInName
                | CueClass::Copula
                | CueClass::Founding
        )
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("cues", &self.entries.len())
            .finish()
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Self::build(BTreeSet::new())
    }
}

/// Parses lexicon `text`, naming `path` in errors, into (cue, class) pairs.
fn parse(path: &Path, text: &str) -> Result<Vec<(String, CueClass)>> {
    let mut out = Vec::new();
    let mut section: Option<CueClass> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |m: String| Error::dictionary(path, Some(i + 1), m);
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| err(format!("unclosed section header {line:?}")))?;
            section = Some(CueClass::from_section(name.trim()).ok_or_else(|| {
                let all: Vec<&str> = CueClass::ALL.iter().map(|c| c.section()).collect();
                err(format!(
                    "unknown section [{name}] (expected one of {})",
                    all.join(", ")
                ))
            })?);
            continue;
        }
        let class = section.ok_or_else(|| err(format!("cue {line:?} before any [section]")))?;
        if line.contains(['[', ']']) {
            return Err(err(format!("malformed line {line:?}")));
        }
        out.push((normalize(line), class));
    }
    Ok(out)
}

impl Lexicon {
    /// The bundled lexicon (`data/lexicon.txt`).
    pub fn bundled() -> Result<Self> {
        let mut set = BTreeSet::new();
        set.extend(parse(Path::new("<bundled>/lexicon.txt"), BUNDLED_LEXICON)?);
        Ok(Self::build(set))
    }

    /// The bundled lexicon extended with the cues of `files` (same format).
    pub fn with_files(files: &[std::path::PathBuf]) -> Result<Self> {
        let mut lex = Self::bundled()?;
        for f in files {
            lex.load_file(f)?;
        }
        Ok(lex)
    }

    /// Adds the cues of a lexicon file.
    pub fn load_file(&mut self, path: &Path) -> Result<&mut Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        self.extend_from_str(path, &text)
    }

    /// Adds the cues of a user lexicon file (`--lexicon FILE`).
    pub fn extend_from_file(&mut self, path: &Path) -> Result<()> {
        self.load_file(path).map(|_| ())
    }

    /// Adds the cues of lexicon `text` (`path` names it in errors).
    pub fn extend_from_str(&mut self, path: &Path, text: &str) -> Result<&mut Self> {
        let mut set = std::mem::take(&mut self.entries);
        set.extend(parse(path, text)?);
        *self = Self::build(set);
        Ok(self)
    }

    fn build(entries: BTreeSet<(String, CueClass)>) -> Self {
        // One class per word: the first section (in class order) that lists it wins.
        let mut words: Vec<&str> = Vec::new();
        let mut classes = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut sorted: Vec<&(String, CueClass)> = entries.iter().collect();
        sorted.sort_by_key(|(w, c)| (*c, w.clone()));
        for (w, c) in sorted {
            if c.is_name_word() {
                continue;
            }
            if !w.is_empty() && seen.insert(w.as_str()) {
                words.push(w);
                classes.push(*c);
            }
        }
        // Every sentence is scanned: a DFA (a few hundred cue words make a small one) scans
        // about twice as fast as the NFA aho-corasick picks by default for this many.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .expect("a lexicon automaton always builds");
        let not_name_lower = entries
            .iter()
            .filter(|(_, c)| *c == CueClass::NotName)
            .map(|(w, _)| w.to_lowercase())
            .collect();
        let mut org_suffixes: Vec<String> = entries
            .iter()
            .filter(|(_, c)| *c == CueClass::OrgSuffix)
            .map(|(w, _)| w.clone())
            .collect();
        org_suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let mut name_words: std::collections::BTreeMap<CueClass, Vec<String>> =
            std::collections::BTreeMap::new();
        for (w, c) in entries.iter().filter(|(_, c)| c.is_name_word()) {
            name_words.entry(*c).or_default().push(w.clone());
        }
        for words in name_words.values_mut() {
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        // Every document is scanned for overlapping legal forms: a DFA without a prefilter. The
        // default prefilter looks for the forms' rare bytes, which in UTF-8 Chinese text are the
        // lead bytes of half the characters: it stops at nearly every character and made the
        // scan 3.5 times slower than the bare DFA.
        let legal_forms = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .prefilter(false)
            .build(
                name_words
                    .get(&CueClass::LegalForm)
                    .map_or(&[][..], Vec::as_slice),
            )
            .expect("the legal forms make an automaton");
        let subject_of = name_words
            .get(&CueClass::SubjectOf)
            .map_or(&[][..], Vec::as_slice);
        let raise = name_words
            .get(&CueClass::RaiseVerb)
            .map_or(&[][..], Vec::as_slice);
        let predicates = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(subject_of.iter().chain(raise))
            .expect("the predicates make an automaton");
        let subject_of = subject_of.len();
        Lexicon {
            entries,
            automaton,
            classes,
            not_name_lower,
            org_suffixes,
            name_words,
            legal_forms,
            predicates,
            subject_of,
        }
    }

    /// The [`CueClass::SubjectOf`] and [`CueClass::RaiseVerb`] words of `text`,
    /// leftmost-longest: byte range and class.
    pub(crate) fn predicates(&self, text: &str) -> Vec<(Range<usize>, CueClass)> {
        self.predicates
            .find_iter(text)
            .map(|m| {
                let class = if m.pattern().as_usize() < self.subject_of {
                    CueClass::SubjectOf
                } else {
                    CueClass::RaiseVerb
                };
                (m.start()..m.end(), class)
            })
            .collect()
    }

    /// Where a [`CueClass::LegalForm`] word starts in `text`: every occurrence of every
    /// form, overlapping ones too, in increasing order without repeats.
    pub(crate) fn legal_form_starts(&self, text: &str) -> Vec<usize> {
        let mut starts: Vec<usize> = self
            .legal_forms
            .find_overlapping_iter(text)
            .map(|m| m.start())
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    /// The words of one name section (`source_before`, `place` …), longest first (stable for
    /// equal lengths).
    pub fn name_words(&self, class: CueClass) -> &[String] {
        self.name_words.get(&class).map_or(&[], Vec::as_slice)
    }

    /// The [`CueClass::NotName`] words, lower-cased.
    pub(crate) fn not_name_lower(&self) -> &[String] {
        &self.not_name_lower
    }

    /// The [`CueClass::OrgSuffix`] words, longest first (stable for equal lengths).
    pub(crate) fn org_suffixes(&self) -> &[String] {
        &self.org_suffixes
    }

    /// Number of cue words.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when the lexicon has no cues.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The words of one class.
    pub fn words(&self, class: CueClass) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(move |(_, c)| *c == class)
            .map(|(w, _)| w.as_str())
    }

    /// Every cue in `text`, left to right, non-overlapping, [`CueClass::Block`] words dropped.
    /// Investor lists introduced by a noun phrase (现有投资者，包括…; 此前的三轮投资包括…;
    /// 加入X的还有…) add an [`CueClass::OtherInvestors`] cue on their `包括`/`还有`.
    pub fn find(&self, text: &str) -> Vec<Cue> {
        let words = self
            .automaton
            .find_iter(text)
            .map(|m| (m.range(), m.pattern().as_usize()));
        self.cues_of(text, words)
    }

    /// [`Lexicon::find`] for each of `spans` (sentences of `text`, in order, not overlapping):
    /// the same cues, spans relative to their sentence, from one scan of the whole text instead
    /// of one per sentence (each scan has a start-up cost, and most sentences are short).
    ///
    /// The scans agree: a match of the whole text that lies inside a sentence is leftmost-
    /// longest among the matches inside it too, so a sentence gets the same words unless some
    /// word found in the whole text crosses one of its edges; such a sentence is scanned alone.
    pub fn find_in_spans(&self, text: &str, spans: &[Range<usize>]) -> Vec<Vec<Cue>> {
        let all: Vec<(Range<usize>, usize)> = self
            .automaton
            .find_iter(text)
            .map(|m| (m.range(), m.pattern().as_usize()))
            .collect();
        let mut next = 0;
        spans
            .iter()
            .map(|span| {
                let sentence = &text[span.clone()];
                while next < all.len() && all[next].0.end <= span.start {
                    next += 1;
                }
                let first = next;
                let mut end = first;
                while end < all.len() && all[end].0.start < span.end {
                    end += 1;
                }
                let inside = &all[first..end];
                if inside
                    .iter()
                    .any(|(r, _)| r.start < span.start || r.end > span.end)
                {
                    return self.find(sentence);
                }
                let words = inside
                    .iter()
                    .map(|(r, p)| (r.start - span.start..r.end - span.start, *p));
                self.cues_of(sentence, words)
            })
            .collect()
    }

    /// The cues of `text` from its cue words (byte range, pattern), left to right.
    fn cues_of(&self, text: &str, words: impl Iterator<Item = (Range<usize>, usize)>) -> Vec<Cue> {
        let mut out: Vec<Cue> = words
            .filter_map(|(span, pattern)| {
                let class = self.classes[pattern];
                (class != CueClass::Block).then_some(Cue { span, class })
            })
            .collect();
        let heads = investor_list_heads(text);
        // A 包括 after an investor noun is the head of that noun's list, not a plain 包括.
        out.retain(|c| {
            c.class != CueClass::Including
                || !heads
                    .iter()
                    .any(|r| r.start < c.span.end && c.span.start < r.end)
        });
        let extra: Vec<Cue> = heads
            .into_iter()
            .filter(|r| {
                !out.iter()
                    .any(|c| r.start < c.span.end && c.span.start < r.end)
            })
            .map(|span| Cue {
                span,
                class: CueClass::OtherInvestors,
            })
            .collect();
        if !extra.is_empty() {
            out.extend(extra);
            out.sort_by_key(|c| c.span.start);
        }
        out
    }
}

/// Nouns naming the investors of a company or a round.
const INVESTOR_NOUNS: &[&str] = &[
    "投资者",
    "投资方",
    "投资人",
    "支持者",
    "轮投资",
    "参投方",
    "出资方",
    "投资机构",
];

/// The `包括`/`还有` that open a list of investors: after an investor noun (skipping
/// spaces, commas and 还/也/则), or `的还有` in a clause with 加入/参与 (加入X的还有…).
fn investor_list_heads(text: &str) -> Vec<Range<usize>> {
    // Searchers built once: `str::match_indices` builds one per call, three per sentence.
    static FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| {
            ["包括", "还有", "投资者"].map(|w| memchr::memmem::Finder::new(w.as_bytes()))
        });
    let mut out = Vec::new();
    for (word, finder) in ["包括", "还有"].into_iter().zip(&FINDERS[..2]) {
        for i in finder.find_iter(text.as_bytes()) {
            let before = text[..i].trim_end_matches([' ', ',', '，', '还', '也', '则', '都']);
            let ok = if word == "包括" {
                INVESTOR_NOUNS.iter().any(|n| before.ends_with(n))
            } else {
                let clause_start = before
                    .char_indices()
                    .rfind(|(_, c)| matches!(c, '。' | ',' | '，' | ';' | '；' | ':' | '：'))
                    .map_or(0, |(k, c)| k + c.len_utf8());
                let clause = &before[clause_start..];
                before.ends_with('的') && (clause.contains("加入") || clause.contains("参与"))
            };
            if ok {
                out.push(i..i + word.len());
            }
        }
    }
    // 种子投资者 Pejman Nozad: a qualified investor noun in apposition to a name.
    for i in FINDERS[2].find_iter(text.as_bytes()) {
        let qualified = ["种子", "天使", "早期", "主要", "现有", "新"]
            .iter()
            .any(|q| text[..i].ends_with(q));
        let next = text[i + "投资者".len()..]
            .trim_start_matches([' ', '['])
            .chars()
            .next();
        let name_like = |c: char| {
            c.is_ascii_uppercase()
                || ('\u{4e00}'..='\u{9fff}').contains(&c)
                    && !"也都还则在的和与是已将会并又对从向".contains(c)
        };
        if qualified && next.is_some_and(name_like) {
            out.push(i..i + "投资者".len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_parses_and_blocks_win() {
        let lex = Lexicon::bundled().unwrap();
        assert!(lex.len() > 100);
        let text = "其他投资者包括老虎基金,其中它领投";
        let got: Vec<(&str, CueClass)> = lex
            .find(text)
            .iter()
            .map(|c| (&text[c.span.clone()], c.class))
            .collect();
        assert_eq!(
            got,
            [
                ("其他投资者包括", CueClass::OtherInvestors),
                ("它", CueClass::Coref),
                ("领投", CueClass::Lead)
            ]
        );
    }

    #[test]
    fn one_scan_for_all_sentences_finds_what_one_scan_each_finds() {
        // `投。跟` crosses the edge of two sentences: the whole-text scan takes it, so both
        // sentences are scanned alone; the third one keeps the whole-text scan's cues.
        let mut lex = Lexicon::bundled().unwrap();
        lex.extend_from_str(Path::new("t"), "[invest]\n投。跟\n")
            .unwrap();
        let text = "红杉投。跟投方是它。 其中它领投";
        let spans = [0..12, 12..30, 31..text.len()];
        let each: Vec<Vec<Cue>> = spans.iter().map(|s| lex.find(&text[s.clone()])).collect();
        let all = lex.find_in_spans(text, &spans);
        assert_eq!(all, each);
        let words: Vec<Vec<(&str, CueClass)>> = all
            .iter()
            .zip(&spans)
            .map(|(cues, s)| {
                cues.iter()
                    .map(|c| (&text[s.clone()][c.span.clone()], c.class))
                    .collect()
            })
            .collect();
        assert_eq!(
            words,
            [
                vec![],
                vec![
                    ("跟投方", CueClass::OtherInvestors),
                    ("它", CueClass::Coref)
                ],
                vec![("它", CueClass::Coref), ("领投", CueClass::Lead)],
            ]
        );
    }

    #[test]
    fn broken_lines_name_file_and_line() {
        let mut lex = Lexicon::bundled().unwrap();
        let e = lex
            .extend_from_str(Path::new("my.txt"), "# c\n\n[nope]\nx\n")
            .unwrap_err();
        assert_eq!(
            e.to_string().split(" (").next().unwrap(),
            "my.txt:3: unknown section [nope]"
        );
        let e = lex
            .extend_from_str(Path::new("my.txt"), "合作\n")
            .unwrap_err();
        assert!(e.to_string().starts_with("my.txt:1: cue"));
        lex.extend_from_str(Path::new("my.txt"), "[invest]\n砸钱\n")
            .unwrap();
        assert_eq!(lex.find("腾讯砸钱")[0].class, CueClass::Invest);
    }
}
