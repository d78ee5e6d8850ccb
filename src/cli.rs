//! The command line: clap argument types (their `///` docs are the help text), validated into
//! library calls. The only home of `anyhow`.

use crate::date::PartialDate;
use crate::dictionary::Dictionary;
use crate::dictionary::EntityKind;
use crate::document::Inputs;
use crate::export::{self, Drawing, ExportOptions, Format, RankBy};
use crate::extract::Lexicon;
use crate::graph::{GraphBuilder, KnowledgeGraph};
use crate::ledger::{config_of_files, LedgerHeader, LEDGER_FILE};
use crate::matcher::Engine;
use crate::pipeline::{Pipeline, RunOptions};
use crate::query::{Answer, Filter, Question, Side, TopBy};
use crate::relation::{RelationKind, Status};
use crate::skip::SkipReason;
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

/// `eprintln!` that ignores a write error: a closed or broken stderr (`2>&-`, a reader that
/// went away) loses the messages, never the run.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Turn Chinese business news into an investment knowledge graph.
#[derive(Debug, Parser)]
#[command(name = "dealgraph", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the graph of articles and write it (graph.json, graph.dot, relations.jsonl).
    Build(BuildArgs),
    /// Add articles to a build (its documents.jsonl): new documents are added, a document
    /// with the id of one already there replaces it; the outputs are those a build of all
    /// the documents writes.
    Update(UpdateArgs),
    /// Merge builds of disjoint shards into one (the outputs a build of all their documents
    /// writes).
    Merge(MergeArgs),
    /// Print the normalised text of a document (what spans in the outputs point into).
    Text(TextArgs),
    /// Ask the graph: investors, portfolio, path, neighbors, co-investors, top.
    Query(QueryArgs),
    /// Score relations against gold: per relation, DEALS and ALL (P, R, F1), status errors,
    /// invest attribute accuracy.
    Eval(EvalArgs),
    /// Convert a graph.json written by `build` into other formats (GraphML, Neo4j, Cypher, Kùzu…).
    Export(ExportArgs),
    /// List the names outside the dictionary that are parties of deals, ranked, grouped into
    /// suggested entities and aliases, as an entities JSONL to edit and load with --dict.
    Discover(DiscoverArgs),
}

/// Arguments of `discover`.
#[derive(Debug, Clone, Args)]
pub struct DiscoverArgs {
    /// Articles: files (.txt .md .markdown .html .jsonl), folders (recursive), or - for JSONL on stdin.
    #[arg(value_name = "PATH", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Dictionary and lexicon files.
    #[command(flatten)]
    pub dict: DictArgs,
    /// The entities JSONL to write (- for standard output).
    #[arg(long, short, value_name = "FILE", default_value = "discovered.jsonl")]
    pub out: PathBuf,
    /// Leave out names supported by fewer deal relations than this.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_deals: u64,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_parser = parse_threads)]
    pub threads: Option<usize>,
}

/// Arguments of `eval`.
#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// Gold relations (JSONL, guidelines format).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Gold entities (JSONL): names on both sides are mapped to their canonical names.
    #[arg(long, value_name = "FILE")]
    pub entities: PathBuf,
    /// Predicted relations (a relations.jsonl); without it, INPUTS are run through the pipeline.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    pub pred: Option<PathBuf>,
    /// Articles to extract from (files, folders, or - for JSONL on stdin).
    #[arg(value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Dictionary and lexicon files (with INPUTS).
    #[command(flatten)]
    pub dict: DictArgs,
    /// Also list every false positive and negative with its sentence.
    #[arg(long)]
    pub show: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Dictionary and lexicon options shared by every command that reads articles.
#[derive(Debug, Clone, Args)]
pub struct DictArgs {
    /// Add a user dictionary: entities JSONL (name, type, aliases, parent) or one name per line.
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Add cue words to the extraction lexicon (format in data/README.md).
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
}

/// Arguments of `build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// Articles: files (.txt .md .markdown .html .jsonl), folders (recursive), or - for JSONL on stdin.
    #[arg(value_name = "PATH", default_value = "seeds")]
    pub inputs: Vec<PathBuf>,
    /// Dictionary and lexicon files.
    #[command(flatten)]
    pub dict: DictArgs,
    /// Output folder.
    #[arg(long, short, default_value = "out")]
    pub out: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(
        long,
        short,
        value_delimiter = ',',
        default_value = DEFAULT_FORMATS
    )]
    pub format: Vec<Format>,
    /// Also render the DOT with Graphviz (needs `dot` installed).
    #[arg(long, value_enum)]
    pub render: Option<RenderFormat>,
    /// Leave out co-mention edges seen in fewer sentences than this.
    #[arg(long, default_value_t = 1)]
    pub min_weight: u64,
    /// Draw denied, speculative, planned and hypothetical edges in the DOT too.
    #[arg(long)]
    pub all_statuses: bool,
    /// What the picture shows.
    #[command(flatten)]
    pub draw: DrawArgs,
    /// Stop at the first unreadable, empty or failed input instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_parser = parse_threads)]
    pub threads: Option<usize>,
    /// Print the run's counts as one JSON object on stdout, for scripts (documents, empty
    /// and skipped inputs by reason, failed documents, relations, entities, edges, files
    /// written, exit code).
    #[arg(long)]
    pub json_summary: bool,
    /// For tests of the per-document isolation: panic while analysing the document with
    /// this id.
    #[arg(long, value_name = "ID", hide = true)]
    pub inject_panic: Option<String>,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the wall and CPU time and bytes of each stage (load, read, parse, normalise,
    /// match, boundary, extract, graph, export), the run's CPU time and peak memory on stderr
    /// (even with --quiet); see docs/performance.md for what each figure means.
    #[arg(long)]
    pub stats: bool,
    /// Write the same figures as --stats to FILE as one JSON object, for scripts (written
    /// when the run ends, whole or not at all).
    #[arg(long, value_name = "FILE")]
    pub stats_json: Option<PathBuf>,
    /// Do not write the ledger (documents.jsonl: each document's facts, which `update` and
    /// `merge` need).
    #[arg(long)]
    pub no_ledger: bool,
    /// The matcher's automaton (for benchmarks; `auto` picks by dictionary size).
    #[arg(long, value_enum, default_value_t = EngineArg::Auto, hide = true)]
    pub engine: EngineArg,
}

/// The formats `build`, `update` and `merge` write unless `--format` says otherwise.
const DEFAULT_FORMATS: &str = "json,dot,relations,html,deals";

/// The outputs of `update` and `merge` (as `build` writes them).
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Formats to write, comma-separated.
    #[arg(
        long,
        short,
        value_delimiter = ',',
        default_value = DEFAULT_FORMATS
    )]
    pub format: Vec<Format>,
    /// Leave out co-mention edges seen in fewer sentences than this (DOT drawing only).
    #[arg(long, default_value_t = 1)]
    pub min_weight: u64,
    /// Draw denied, speculative, planned and hypothetical edges in the DOT too.
    #[arg(long)]
    pub all_statuses: bool,
    /// What the picture shows.
    #[command(flatten)]
    pub draw: DrawArgs,
    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl WriteArgs {
    /// The formats, sorted and without repeats.
    fn formats(&self) -> Vec<Format> {
        let mut formats = self.format.clone();
        formats.sort();
        formats.dedup();
        formats
    }

    /// The export options.
    fn options(&self) -> ExportOptions {
        ExportOptions {
            min_weight: self.min_weight,
            all_statuses: self.all_statuses,
            drawing: self.draw.to_drawing(),
        }
    }
}

/// Arguments of `update`.
#[derive(Debug, Clone, Args)]
pub struct UpdateArgs {
    /// The output folder of a build (it holds documents.jsonl); updated in place.
    #[arg(value_name = "GRAPHDIR")]
    pub graph: PathBuf,
    /// The articles to add: files, folders (recursive), or - for JSONL on stdin.
    #[arg(value_name = "PATH", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Dictionary and lexicon files: those the build was made with.
    #[command(flatten)]
    pub dict: DictArgs,
    /// The outputs.
    #[command(flatten)]
    pub write: WriteArgs,
    /// Stop at the first unreadable, empty or failed input instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_parser = parse_threads)]
    pub threads: Option<usize>,
}

/// Arguments of `merge`.
#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// The output folder.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Output folders of builds of disjoint shards (each holds documents.jsonl).
    #[arg(value_name = "GRAPHDIR", required = true)]
    pub graphs: Vec<PathBuf>,
    /// Dictionary and lexicon files: those the builds were made with.
    #[command(flatten)]
    pub dict: DictArgs,
    /// The outputs.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `--engine` values: the automaton kinds of [`crate::matcher::Engine`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    /// By dictionary size.
    Auto,
    /// aho-corasick DFA.
    AhoDfa,
    /// aho-corasick contiguous NFA.
    AhoNfa,
    /// daachorse charwise double array.
    Daachorse,
    /// daachorse bytewise double array.
    DaachorseBytes,
}

impl From<EngineArg> for Engine {
    fn from(e: EngineArg) -> Engine {
        match e {
            EngineArg::Auto => Engine::Auto,
            EngineArg::AhoDfa => Engine::AhoDfa,
            EngineArg::AhoNfa => Engine::AhoContiguousNfa,
            EngineArg::Daachorse => Engine::Daachorse,
            EngineArg::DaachorseBytes => Engine::DaachorseBytewise,
        }
    }
}

/// Arguments of `export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The graph.json to convert.
    #[arg(long, short, value_name = "FILE", default_value = "out/graph.json")]
    pub graph: PathBuf,
    /// Formats to write, comma-separated.
    #[arg(long, short, value_delimiter = ',', required = true)]
    pub format: Vec<Format>,
    /// Output folder.
    #[arg(long, short, default_value = "out")]
    pub out: PathBuf,
    /// Leave out co-mention edges seen in fewer sentences than this (DOT drawing only).
    #[arg(long, default_value_t = 1)]
    pub min_weight: u64,
    /// Draw denied, speculative, planned and hypothetical edges in the DOT too.
    #[arg(long)]
    pub all_statuses: bool,
    /// What the picture shows.
    #[command(flatten)]
    pub draw: DrawArgs,
    /// No summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Image formats Graphviz renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// graph.svg
    Svg,
    /// graph.png
    Png,
}

/// The drawing filters of the pictures (DOT, SVG, PNG): they leave graph.json,
/// relations.jsonl and the database formats whole.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Picture (DOT, SVG, PNG)")]
pub struct DrawArgs {
    /// Also draw co-mention edges (entities named in the same sentence; off by default).
    #[arg(long)]
    pub comentions: bool,
    /// Draw only these relations, comma-separated.
    #[arg(long = "relation", value_name = "RELATION", value_delimiter = ',')]
    pub relations: Vec<RelationKind>,
    /// Draw only entities of these kinds, comma-separated (company, fund, person, product).
    #[arg(long = "kind", value_name = "KIND", value_delimiter = ',', value_parser = parse_kind)]
    pub kinds: Vec<EntityKind>,
    /// Draw only edges with a statement dated on or after this date (YYYY, YYYY-MM, YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<PartialDate>,
    /// Draw only edges with a statement dated on or before this date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<PartialDate>,
    /// Leave out entities with fewer distinct counterparts than this in the drawing.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_degree: usize,
    /// Leave out connected groups of fewer entities than this.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_component: usize,
    /// Draw the N highest-ranked entities (default: all, or the top 150 when there are
    /// more than 300; 0: all, however many).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// How --top ranks entities.
    #[arg(long, value_enum, default_value_t = RankBy::Deals)]
    pub top_by: RankBy,
    /// Draw only the ego network of this entity (name or alias).
    #[arg(long, value_name = "NAME")]
    pub around: Option<String>,
    /// Hops from --around.
    #[arg(long, value_name = "K", default_value_t = 1, requires = "around")]
    pub depth: usize,
}

impl DrawArgs {
    /// The library's drawing filters.
    pub fn to_drawing(&self) -> Drawing {
        Drawing {
            comentions: self.comentions,
            relations: (!self.relations.is_empty()).then(|| self.relations.clone()),
            kinds: self.kinds.clone(),
            since: self.since,
            until: self.until,
            min_degree: self.min_degree,
            min_component: self.min_component,
            top: self.top,
            top_by: self.top_by,
            around: self.around.clone(),
            depth: self.depth,
        }
    }
}

/// Warns on stderr, before Graphviz runs, when it has no font with Chinese glyphs.
fn warn_fonts(formats: &[Format], quiet: bool) {
    if !quiet
        && formats
            .iter()
            .any(|f| matches!(f, Format::Svg | Format::Png))
    {
        if let Some(w) = export::cjk_font_warning() {
            say!("warning: {w}");
        }
    }
}

/// Says on stderr what a picture left out, when it left anything out.
fn report_drawing(graph: &KnowledgeGraph, options: &ExportOptions, formats: &[Format]) {
    if !formats
        .iter()
        .any(|f| matches!(f, Format::Dot | Format::Svg | Format::Png))
    {
        return;
    }
    if let Ok(sel) = export::select(graph, options) {
        if sel.is_partial() {
            say!("picture: {}", sel.caption());
        }
    }
}

/// Arguments of `text`.
#[derive(Debug, Clone, Args)]
pub struct TextArgs {
    /// The document (any supported format; for JSONL, the first document).
    pub file: PathBuf,
}

/// Arguments of `query`: where the graph comes from, the filters, the output form, and the
/// question.
#[derive(Debug, Clone, Args)]
#[command(
    subcommand_value_name = "QUESTION",
    subcommand_precedence_over_arg = true,
    after_help = "Examples:\n  dealgraph query --graph out/graph.json investors 小红书\n  \
                  dealgraph query seeds portfolio 腾讯 --since 2018\n  \
                  dealgraph query seeds path 腾讯 饿了么 --json\n  \
                  dealgraph query seeds neighbors 阿里 --depth 2 --export ali.dot"
)]
pub struct QueryArgs {
    /// Articles to build the graph from (as for `build`), when there is no --graph.
    #[arg(value_name = "INPUTS")]
    pub inputs: Vec<PathBuf>,
    /// Read the graph from a graph.json written by `build`.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    pub graph: Option<PathBuf>,
    /// Dictionary and lexicon files (when building from INPUTS).
    #[command(flatten)]
    pub dict: DictArgs,
    /// Which edges and statements to look at.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Print the answer as JSON.
    #[arg(long, global = true, conflicts_with = "csv")]
    pub json: bool,
    /// Print the answer's table as CSV (cells whole).
    #[arg(long, global = true)]
    pub csv: bool,
    /// The question.
    #[command(subcommand)]
    pub question: QuestionArgs,
}

/// Filters every question accepts.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Follow only these relations, comma-separated, or `all` (default: the question's own:
    /// deal relations; for neighbors every relation but co_mention).
    #[arg(
        long = "relation",
        value_name = "RELATION",
        value_delimiter = ',',
        global = true
    )]
    pub relations: Vec<RelationArg>,
    /// Keep these statuses, comma-separated, or `all`.
    #[arg(
        long = "status",
        value_name = "STATUS",
        value_delimiter = ',',
        default_value = "asserted",
        global = true
    )]
    pub statuses: Vec<StatusArg>,
    /// Keep statements dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date, global = true)]
    pub since: Option<PartialDate>,
    /// Keep statements dated on or before this date (`--until 2018` includes 2018-12-31).
    #[arg(long, value_name = "DATE", value_parser = parse_date, global = true)]
    pub until: Option<PartialDate>,
    /// Leave out edges stated in fewer sentences than this.
    #[arg(long, value_name = "N", default_value_t = 1, global = true)]
    pub min_weight: u64,
}

/// A `--status` or `--relation` value: one value or `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneOrAll<T> {
    /// Every value.
    All,
    /// One value.
    Only(T),
}

impl<T: std::str::FromStr> std::str::FromStr for OneOrAll<T>
where
    T::Err: std::fmt::Display,
{
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "all" {
            return Ok(OneOrAll::All);
        }
        s.parse()
            .map(OneOrAll::Only)
            .map_err(|e| format!("{e}, or all"))
    }
}

/// A `--status` value: one status or `all`.
pub type StatusArg = OneOrAll<Status>;

/// A `--relation` value: one relation or `all`.
pub type RelationArg = OneOrAll<RelationKind>;

fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s)
        .ok_or_else(|| format!("not a date: {s:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)"))
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

fn parse_graph_file(s: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(s);
    match path.extension().and_then(|e| e.to_str()) {
        Some("dot" | "gv" | "json" | "html" | "htm") => Ok(path),
        _ => Err("the file name must end in .dot, .gv, .json or .html".to_string()),
    }
}

fn parse_kind(s: &str) -> Result<EntityKind, String> {
    EntityKind::parse(s)
        .ok_or_else(|| format!("unknown kind {s:?} (expected company, fund, person or product)"))
}

impl FilterArgs {
    /// The library filter.
    pub fn to_filter(&self) -> Filter {
        let mut statuses: Vec<Status> = Vec::new();
        for s in &self.statuses {
            match s {
                StatusArg::All => statuses = Status::ALL.to_vec(),
                StatusArg::Only(s) if !statuses.contains(s) => statuses.push(*s),
                StatusArg::Only(_) => {}
            }
        }
        let mut relations: Vec<RelationKind> = Vec::new();
        for r in &self.relations {
            match r {
                RelationArg::All => relations = RelationKind::ALL.to_vec(),
                RelationArg::Only(r) if !relations.contains(r) => relations.push(*r),
                RelationArg::Only(_) => {}
            }
        }
        Filter {
            relations: (!relations.is_empty()).then_some(relations),
            statuses,
            since: self.since,
            until: self.until,
            min_weight: self.min_weight,
        }
    }
}

/// The questions of `query`.
#[derive(Debug, Clone, Subcommand)]
pub enum QuestionArgs {
    /// Every investor of ENTITY with role, amount, round, date, status and evidence, newest first.
    Investors {
        /// Name or alias.
        entity: String,
        /// Instead: who held ENTITY as of DATE, statements applied in date order (see holdings).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<PartialDate>,
    },
    /// What ENTITY holds (invested in, acquired, controls, holds a stake in) as of --as-of
    /// (default: every dated statement), later stake changes and denials applied in date order.
    Holdings {
        /// Name or alias.
        entity: String,
        /// The date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<PartialDate>,
    },
    /// Everything ENTITY invested in, acquired, controls or holds a stake in, newest first.
    Portfolio {
        /// Name or alias.
        entity: String,
    },
    /// The shortest chains of deal edges linking FROM and TO, each hop with its evidence.
    Path {
        /// Name or alias.
        from: String,
        /// Name or alias.
        to: String,
        /// Also walk co-mention edges (named in the same sentence).
        #[arg(long)]
        via_comention: bool,
        /// List at most this many chains.
        #[arg(long, value_name = "N", default_value_t = 10)]
        max_paths: usize,
    },
    /// The ego network of ENTITY: entities within --depth hops and the edges among them.
    Neighbors {
        /// Name or alias.
        entity: String,
        /// Hops from ENTITY.
        #[arg(long, value_name = "N", default_value_t = 1)]
        depth: usize,
        /// Also write the ego network as a graph: FILE.dot (Graphviz), FILE.json (graph.json
        /// form) or FILE.html (interactive view).
        #[arg(long, value_name = "FILE", value_parser = parse_graph_file)]
        export: Option<PathBuf>,
    },
    /// Who invested in the same companies as ENTITY, and in which.
    CoInvestors {
        /// Name or alias.
        entity: String,
    },
    /// Rank entities by investments made, investors had, degree or PageRank.
    Top {
        /// The measure.
        #[arg(long, value_enum, default_value_t = TopBy::Investments)]
        by: TopBy,
        /// Only entities of this kind (company, fund, person, product).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<EntityKind>,
        /// How many.
        #[arg(short = 'n', value_name = "N", default_value_t = 20)]
        n: usize,
    },
}

impl QuestionArgs {
    /// The library question.
    pub fn to_question(&self) -> Question {
        match self {
            QuestionArgs::Investors {
                entity,
                as_of: None,
            } => Question::Investors(entity.clone()),
            QuestionArgs::Investors {
                entity,
                as_of: Some(d),
            } => Question::Holdings {
                entity: entity.clone(),
                side: Side::Investee,
                as_of: Some(*d),
            },
            QuestionArgs::Holdings { entity, as_of } => Question::Holdings {
                entity: entity.clone(),
                side: Side::Investor,
                as_of: *as_of,
            },
            QuestionArgs::Portfolio { entity } => Question::Portfolio(entity.clone()),
            QuestionArgs::Path {
                from,
                to,
                via_comention,
                max_paths,
            } => Question::Path {
                from: from.clone(),
                to: to.clone(),
                via_comention: *via_comention,
                max_paths: *max_paths,
            },
            QuestionArgs::Neighbors { entity, depth, .. } => Question::Neighbors {
                entity: entity.clone(),
                depth: *depth,
            },
            QuestionArgs::CoInvestors { entity } => Question::CoInvestors(entity.clone()),
            QuestionArgs::Top { by, kind, n } => Question::Top {
                by: *by,
                kind: *kind,
                n: *n,
            },
        }
    }
}

/// Exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every readable input was processed (empty documents are counted, not errors): exit 0.
    Ok,
    /// Some inputs could not be read or failed; outputs were written without them: exit 1.
    Skipped,
}

impl Outcome {
    /// The process exit code: 0 or 1.
    pub const fn code(self) -> i32 {
        match self {
            Outcome::Ok => 0,
            Outcome::Skipped => 1,
        }
    }

    /// [`Outcome::Skipped`] when any skipped input is an error rather than an empty document.
    pub fn of(skipped: &[crate::pipeline::Skipped]) -> Outcome {
        if skipped.iter().any(|s| s.reason().is_error()) {
            Outcome::Skipped
        } else {
            Outcome::Ok
        }
    }
}

/// A usage error found after argument parsing (a missing input, a bad combination): exit 2,
/// like the argument parser's own.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The message of an error returned by [`run`]: its context chain joined by `: `, leaving out
/// a cause that the message before it already ends with (a library error names its I/O
/// cause in its own text, so `{:#}` would print `No such file or directory` twice).
pub fn error_message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// The exit code of an error returned by [`run`]: 0 for a closed standard output (the reader
/// has what it wanted), 2 for a [`UsageError`], else 3 (fatal).
pub fn error_code(e: &anyhow::Error) -> i32 {
    if e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        0
    } else if e.chain().any(|c| c.is::<UsageError>()) {
        2
    } else {
        3
    }
}

/// The question names of `query`, as typed.
const QUESTIONS: [&str; 6] = [
    "investors",
    "portfolio",
    "path",
    "neighbors",
    "co-investors",
    "top",
];

/// For a `query` command line without a question: the word after `query` that is a typo of a
/// question name (not an existing path), as a message with the suggestion.
pub fn question_typo(args: &[String]) -> Option<String> {
    let at = args.iter().position(|a| a == "query")?;
    args[at + 1..]
        .iter()
        .filter(|a| !a.starts_with('-') && !std::path::Path::new(a).exists())
        .find_map(|word| {
            let lower = word.to_lowercase();
            QUESTIONS
                .iter()
                .map(|q| (strsim::levenshtein(&lower, q), q))
                .filter(|&(d, _)| d <= 2)
                .min()
                .map(|(_, q)| {
                    format!(
                        "unknown question {word:?}: did you mean {q:?}? (questions: {})",
                        QUESTIONS.join(", ")
                    )
                })
        })
}

/// Parses the process's arguments. A usage error exits with code 2 (clap's message, or for a
/// mistyped `query` question, a suggestion of the right one).
pub fn parse_args() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            if e.kind() == clap::error::ErrorKind::MissingSubcommand {
                let words: Vec<String> = args
                    .iter()
                    .map(|a| a.to_string_lossy().into_owned())
                    .collect();
                if let Some(hint) = question_typo(&words) {
                    say!("error: {hint}");
                    std::process::exit(2);
                }
            }
            e.exit()
        }
    }
}

/// Builds the pipeline from the bundled data plus user files.
pub fn pipeline(args: &DictArgs, quiet: bool) -> anyhow::Result<Pipeline> {
    pipeline_with_stats(args, quiet, Engine::Auto, &mut Stats::new(false, false))
}

fn pipeline_with_stats(
    args: &DictArgs,
    quiet: bool,
    engine: Engine,
    stats: &mut Stats,
) -> anyhow::Result<Pipeline> {
    let prebuilt = crate::dict_cache::load(
        &args.dicts,
        engine,
        &crate::dict_cache::CacheOptions::default(),
    )?;
    let dict = prebuilt.dictionary;
    if !quiet {
        report_warnings("dictionary", dict.warnings().iter().map(|w| w.to_string()));
    }
    let m = &prebuilt.matcher;
    stats.stage(&format!(
        "dictionary and matcher ({} entities, {} warnings, {} patterns, {} of {:.1} MB; {})",
        dict.len(),
        dict.warnings().len(),
        m.pattern_count(),
        m.kind_name(),
        m.automaton_bytes() as f64 / 1e6,
        prebuilt.cache
    ));
    let mut lexicon = Lexicon::bundled()?;
    for f in &args.lexicons {
        lexicon.extend_from_file(f)?;
    }
    let pipeline = Pipeline::from_parts(dict, prebuilt.matcher, lexicon);
    stats.stage("lexicon");
    // The load stage ends with the matcher (jieba may still be loading in the background).
    stats.load = None;
    Ok(pipeline)
}

fn report_warnings(what: &str, warnings: impl ExactSizeIterator<Item = String>) {
    let n = warnings.len();
    for w in warnings.take(10) {
        say!("warning: {w}");
    }
    if n > 10 {
        say!("warning: … and {} more {what} warnings", n - 10);
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    crate::pipeline::quiet_caught_panics();
    match cli.command {
        Command::Build(args) => build(&args),
        Command::Update(args) => update(&args),
        Command::Merge(args) => merge(&args),
        Command::Query(args) => query(&args),
        Command::Eval(args) => eval(&args),
        Command::Text(args) => {
            let doc = crate::document::load_text(&args.file)?;
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(doc.text.as_bytes())?;
            if !doc.text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
            Ok(Outcome::Ok)
        }
        Command::Export(args) => export(&args),
        Command::Discover(args) => discover(&args),
    }
}

fn discover(args: &DiscoverArgs) -> anyhow::Result<Outcome> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    let to_stdout = args.out.as_os_str() == "-";
    if !to_stdout {
        let dir = match args.out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let out = dir
            .canonicalize()
            .ok()
            .zip(args.out.file_name())
            .map(|(d, f)| d.join(f));
        let inputs = args
            .inputs
            .iter()
            .chain(&args.dict.dicts)
            .chain(&args.dict.lexicons);
        for input in inputs.filter(|p| p.as_os_str() != "-") {
            let Some(input) = input.canonicalize().ok() else {
                continue;
            };
            if let Some(out) = &out {
                let read_by_walk = input.is_dir()
                    && out.starts_with(&input)
                    && crate::input::InputFormat::from_path(out).is_some();
                if *out == input || read_by_walk {
                    bail!(
                        "{}: refusing to overwrite an input with an output",
                        args.out.display()
                    );
                }
            }
        }
    }
    let pipeline = pipeline(&args.dict, false)?;
    let output = pipeline.run(
        Inputs::new(args.inputs.clone()).raw(),
        &RunOptions::default(),
        |_, _| {},
    )?;
    for s in &output.skipped {
        say!("warning: skipped {}", s.error);
    }
    let found = crate::discover::discover(
        pipeline.dictionary(),
        pipeline.lexicon(),
        &output,
        &crate::discover::DiscoverOptions {
            min_deals: args.min_deals,
        },
    );
    let bytes = crate::discover::to_jsonl(&found);
    if to_stdout {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)?;
        out.flush()?;
    } else {
        export::write_atomic(&args.out, &bytes)?;
        say!(
            "{} names ({} documents) written to {}",
            found.len(),
            output.documents,
            args.out.display()
        );
    }
    Ok(Outcome::of(&output.skipped))
}

fn export(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    if let Some(path) =
        export::output_overwriting_input(std::slice::from_ref(&args.graph), &args.out, &formats)
    {
        bail!(
            "{}: refusing to overwrite the input graph {} with an output",
            path.display(),
            args.graph.display()
        );
    }
    let graph = crate::graph::KnowledgeGraph::read_json(&args.graph)?;
    let options = ExportOptions {
        min_weight: args.min_weight,
        all_statuses: args.all_statuses,
        drawing: args.draw.to_drawing(),
    };
    warn_fonts(&formats, args.quiet);
    let written = export::write(&graph, &formats, &options, &args.out)
        .with_context(|| format!("writing outputs into {}", args.out.display()))?;
    if !args.quiet {
        let g = graph.petgraph();
        say!(
            "{}: {} entities, {} edges",
            args.graph.display(),
            g.node_count(),
            g.edge_count()
        );
        report_drawing(&graph, &options, &formats);
        for p in written {
            say!("wrote {}", p.display());
        }
    }
    Ok(Outcome::Ok)
}

fn eval(args: &EvalArgs) -> anyhow::Result<Outcome> {
    let gold = crate::eval::read_relations(&args.gold)?;
    let mut names = Dictionary::builder();
    names.add_file(&args.entities)?;
    let names = names.build();
    let pred = match &args.pred {
        Some(p) => crate::eval::read_relations(p)?,
        None => {
            if args.inputs.is_empty() {
                return Err(UsageError("eval needs --pred FILE or input articles".into()).into());
            }
            let pipeline = pipeline(&args.dict, true)?;
            let output = pipeline.run(
                Inputs::new(args.inputs.clone()).raw(),
                &RunOptions::default(),
                |_, _| {},
            )?;
            for s in &output.skipped {
                say!("warning: skipped {}", s.error);
            }
            output.relations()
        }
    };
    let report = crate::eval::evaluate(&gold, &pred, &names);
    // Written with `?` rather than `print!`, so that a closed pipe is a quiet exit.
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        write!(out, "{report}")?;
        if args.show {
            write!(out, "{}", report.errors())?;
        }
    }
    out.flush()?;
    Ok(Outcome::Ok)
}

fn build(args: &BuildArgs) -> anyhow::Result<Outcome> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    if args.inputs == [PathBuf::from("seeds")] && !std::path::Path::new("seeds").exists() {
        return Err(UsageError(
            "no articles given, and there is no seeds folder here to read by default: \
             name the files or folders to read (dealgraph build news/ or \
             dealgraph build news.jsonl), or - for JSONL on standard input"
                .to_string(),
        )
        .into());
    }
    let mut formats = args.format.clone();
    match args.render {
        Some(RenderFormat::Svg) => formats.push(Format::Svg),
        Some(RenderFormat::Png) => formats.push(Format::Png),
        None => {}
    }
    formats.sort();
    formats.dedup();
    let every_input: Vec<PathBuf> = args
        .inputs
        .iter()
        .chain(&args.dict.dicts)
        .chain(&args.dict.lexicons)
        .cloned()
        .collect();
    if let Some(path) =
        export::output_overwriting_input(&every_input, &args.out, &formats).or_else(|| {
            let ledger: &[&str] = if args.no_ledger { &[] } else { &[LEDGER_FILE] };
            export::file_overwriting_input(&every_input, &args.out, ledger)
        })
    {
        bail!(
            "{}: refusing to overwrite an input with an output",
            path.display()
        );
    }
    if let Some(path) = &args.stats_json {
        if every_input.iter().any(|i| same_file(i, path)) {
            bail!(
                "{}: refusing to overwrite an input with the --stats-json output",
                path.display()
            );
        }
    }
    let config = config_of_files(&args.dict.dicts, &args.dict.lexicons)?;
    let mut stats = Stats::new(args.stats || args.stats_json.is_some(), args.stats);
    let pipeline = pipeline_with_stats(&args.dict, args.quiet, args.engine.into(), &mut stats)?;
    let bar = progress_bar(args.quiet, &args.inputs);
    let started = std::time::Instant::now();
    let output = pipeline.run(
        Inputs::new(args.inputs.clone()).raw(),
        &RunOptions {
            strict: args.strict,
            graph: GraphBuilder::default(),
            inject_panic: args.inject_panic.clone(),
            ledger: !args.no_ledger,
        },
        |docs, bytes| {
            if let Some(bar) = &bar {
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                bar.set_position(bytes);
                bar.set_message(format!(
                    "{docs} documents, {:.1} MB, {:.1} MB/s",
                    bytes as f64 / 1e6,
                    bytes as f64 / 1e6 / secs
                ));
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let output = output.map_err(|e| {
        let e = anyhow::Error::from(e);
        if args.strict {
            e.context("--strict: stopped at the first bad input; nothing was written")
        } else {
            e
        }
    })?;
    stats.stage(&format!(
        "analysis ({} documents, {:.1} MB read, {:.1} MB/s)",
        output.documents,
        output.input_bytes as f64 / 1e6,
        output.input_bytes as f64 / 1e6 / started.elapsed().as_secs_f64().max(1e-9)
    ));
    stats.documents = output.documents;
    stats.input_bytes = output.input_bytes;
    if !args.quiet {
        for s in output.skipped.iter().take(20) {
            say!("warning: skipped {}", s.error);
        }
        if output.skipped.len() > 20 {
            say!(
                "warning: … and {} more skipped inputs",
                output.skipped.len() - 20
            );
        }
    }
    let skipped = crate::skip::summary(&output.skipped);
    if output.documents == 0 {
        bail!(
            "no document could be read from {}{}; nothing was written",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            skipped.map_or(String::new(), |s| format!(" ({s})"))
        );
    }
    let options = ExportOptions {
        min_weight: args.min_weight,
        all_statuses: args.all_statuses,
        drawing: args.draw.to_drawing(),
    };
    warn_fonts(&formats, args.quiet);
    let mut output = output;
    let export_timer = crate::stats::start(crate::stats::Stage::Export, 0);
    let mut staging = export::Staging::new(&args.out);
    let staged = (|| -> crate::Result<Vec<PathBuf>> {
        for &f in &formats {
            staging.format(&output.graph, f, &options)?;
        }
        if let Some(ledger) = &mut output.ledger {
            let header = LedgerHeader::new(config, &GraphBuilder::default());
            staging.file(LEDGER_FILE, |w| ledger.write_to(&header, w))?;
        }
        staging.commit()
    })();
    let written_paths =
        staged.with_context(|| format!("writing outputs into {}", args.out.display()))?;
    drop(export_timer);
    crate::stats::add_bytes(
        crate::stats::Stage::Export,
        written_paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum(),
    );
    let stale = args.out.join(LEDGER_FILE);
    if args.no_ledger && stale.is_file() {
        // A ledger of an earlier build would update or merge into another graph than this one.
        std::fs::remove_file(&stale)
            .with_context(|| format!("removing {} (an earlier build's ledger)", stale.display()))?;
        if !args.quiet {
            say!(
                "removed {} (an earlier build's ledger; --no-ledger)",
                stale.display()
            );
        }
    }
    let relations = output.graph.statements().len();
    stats.stage("export");
    stats.finish(args.stats_json.as_deref())?;
    if !args.quiet {
        let g = output.graph.petgraph();
        say!(
            "{} documents ({:.1} MB) in {:.2}s: {} entities, {} edges, {} relations",
            output.documents,
            output.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            g.node_count(),
            g.edge_count(),
            relations,
        );
        report_drawing(&output.graph, &options, &formats);
        for p in &written_paths {
            say!("wrote {}", p.display());
        }
        match pipeline.dictionary().warnings().len() {
            0 => {}
            1 => say!("warning: 1 dictionary warning (see above)"),
            n => say!("warning: {n} dictionary warnings (see above)"),
        }
        if let Some(s) = skipped {
            say!("warning: {s}");
        }
        if output.duplicates > 0 {
            say!(
                "{} documents read again (same id and content) were counted once",
                output.duplicates
            );
        }
    }
    let outcome = Outcome::of(&output.skipped);
    if args.json_summary {
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &output.skipped {
            *reasons.entry(s.reason().as_str()).or_default() += 1;
        }
        let g = output.graph.petgraph();
        let summary = serde_json::json!({
            "documents": output.documents,
            "duplicates": output.duplicates,
            "skipped": output.skipped.len(),
            "skipped_by_reason": reasons,
            "empty": output.skipped.iter().filter(|s| s.reason() == SkipReason::Empty).count(),
            "failed": output.skipped.iter().filter(|s| s.reason() == SkipReason::Failed).count(),
            "relations": relations,
            "entities": g.node_count(),
            "edges": g.edge_count(),
            "dictionary_warnings": pipeline.dictionary().warnings().len(),
            "written": written_paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "exit_code": outcome.code(),
        });
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        writeln!(out, "{summary}")?;
        out.flush()?;
    }
    // The process ends next: freeing a large graph and dictionary piece by piece would only
    // cost time (seconds with hundreds of thousands of names), so they are left to the OS.
    std::mem::forget(output);
    std::mem::forget(pipeline);
    Ok(outcome)
}

/// Writes the outputs of a merged ledger into `dir`: the ledger streamed by `fold` (which
/// returns the graph of its documents), then `formats` of that graph; all or nothing.
fn write_folded(
    dir: &std::path::Path,
    write: &WriteArgs,
    fold: impl FnOnce(&mut dyn std::io::Write) -> crate::Result<KnowledgeGraph>,
) -> anyhow::Result<(KnowledgeGraph, Vec<PathBuf>)> {
    let formats = write.formats();
    let options = write.options();
    warn_fonts(&formats, write.quiet);
    let mut staging = export::Staging::new(dir);
    let mut folded: Option<crate::Result<KnowledgeGraph>> = None;
    let staged = staging.file(LEDGER_FILE, |w| match fold(w) {
        Ok(g) => {
            folded = Some(Ok(g));
            Ok(())
        }
        Err(e) => {
            folded = Some(Err(e));
            Err(std::io::Error::other("the ledger could not be merged"))
        }
    });
    let graph = match (folded, staged) {
        (Some(Err(e)), _) => return Err(e.into()),
        (_, Err(e)) => return Err(e.into()),
        (Some(Ok(g)), Ok(())) => g,
        (None, Ok(())) => unreachable!("the ledger is written by fold"),
    };
    for &f in &formats {
        staging.format(&graph, f, &options)?;
    }
    let written = staging
        .commit()
        .with_context(|| format!("writing outputs into {}", dir.display()))?;
    if !write.quiet {
        report_drawing(&graph, &options, &formats);
    }
    Ok((graph, written))
}

/// Says on stderr what a merged graph holds and which files were written.
fn report_folded(graph: &KnowledgeGraph, written: &[PathBuf]) {
    let g = graph.petgraph();
    say!(
        "{} documents: {} entities, {} edges, {} relations",
        graph.document_count(),
        g.node_count(),
        g.edge_count(),
        graph.statements().len()
    );
    for p in written {
        say!("wrote {}", p.display());
    }
}

fn update(args: &UpdateArgs) -> anyhow::Result<Outcome> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    let old = args.graph.join(LEDGER_FILE);
    if !old.is_file() {
        bail!(
            "{}: no ledger here: update needs the output folder of a build written with its \
             ledger (dealgraph build without --no-ledger)",
            old.display()
        );
    }
    let every_input: Vec<PathBuf> = args
        .inputs
        .iter()
        .chain(&args.dict.dicts)
        .chain(&args.dict.lexicons)
        .cloned()
        .collect();
    let formats = args.write.formats();
    if let Some(path) = export::output_overwriting_input(&every_input, &args.graph, &formats)
        .or_else(|| export::file_overwriting_input(&every_input, &args.graph, &[LEDGER_FILE]))
    {
        bail!(
            "{}: refusing to overwrite an input with an output",
            path.display()
        );
    }
    let header = LedgerHeader::new(
        config_of_files(&args.dict.dicts, &args.dict.lexicons)?,
        &GraphBuilder::default(),
    );
    let pipeline = pipeline(&args.dict, args.write.quiet)?;
    let output = pipeline
        .run(
            Inputs::new(args.inputs.clone()).raw(),
            &RunOptions {
                strict: args.strict,
                graph: header.graph_options(),
                ledger: true,
                ..RunOptions::default()
            },
            |_, _| {},
        )
        .map_err(|e| {
            let e = anyhow::Error::from(e);
            if args.strict {
                e.context("--strict: stopped at the first bad input; nothing was written")
            } else {
                e
            }
        })?;
    if !args.write.quiet {
        for s in &output.skipped {
            say!("warning: skipped {}", s.error);
        }
    }
    if output.documents == 0 {
        bail!("no document could be read from the inputs; nothing was written");
    }
    if !args.write.quiet {
        for f in Format::ALL.iter().filter(|f| !formats.contains(f)) {
            let path = args.graph.join(f.file_name());
            if path.exists() {
                say!(
                    "warning: {} is left as it was (not in --format): it no longer matches \
                     the graph",
                    path.display()
                );
            }
        }
    }
    let mut new = output.ledger.expect("the run keeps a ledger");
    let counts = crate::ledger::compare(&old, &new)?;
    let (graph, written) = write_folded(&args.graph, &args.write, |w| {
        crate::ledger::update(&old, &mut new, &header, pipeline.dictionary(), w).map(|(_, g)| g)
    })?;
    if !args.write.quiet {
        say!(
            "{} documents read ({} repeated in the inputs): {} new, {} already in the graph \
             (counted once), {} replaced (same id, new content)",
            output.documents + output.duplicates,
            output.duplicates,
            counts.added,
            counts.unchanged,
            counts.replaced
        );
        report_folded(&graph, &written);
    }
    Ok(Outcome::of(&output.skipped))
}

fn merge(args: &MergeArgs) -> anyhow::Result<Outcome> {
    let out = args.out.canonicalize().ok();
    for g in &args.graphs {
        if out.is_some() && g.canonicalize().ok() == out {
            bail!(
                "{}: the output folder is one of the graphs to merge; merge into a new folder",
                args.out.display()
            );
        }
    }
    let header = LedgerHeader::new(
        config_of_files(&args.dict.dicts, &args.dict.lexicons)?,
        &GraphBuilder::default(),
    );
    let inputs: Vec<crate::ledger::MergeInput> = args
        .graphs
        .iter()
        .map(|g| crate::ledger::MergeInput {
            path: g.join(LEDGER_FILE),
            skip: None,
        })
        .collect();
    for i in &inputs {
        let h = crate::ledger::read_header(&i.path)?;
        if h.config != header.config {
            bail!(
                "{}: built with other dictionary or lexicon files (or another dealgraph \
                 version) than the --dict and --lexicon given: merge with those of the builds",
                i.path.display()
            );
        }
    }
    let dict = Dictionary::with_files(&args.dict.dicts)?;
    let (graph, written) = write_folded(&args.out, &args.write, |w| {
        crate::ledger::merge(&inputs, &dict, w).map(|(_, g)| g)
    })?;
    if !args.write.quiet {
        report_folded(&graph, &written);
    }
    Ok(Outcome::Ok)
}

fn query(args: &QueryArgs) -> anyhow::Result<Outcome> {
    let mut outcome = Outcome::Ok;
    let graph =
        match &args.graph {
            Some(path) => KnowledgeGraph::read_json(path)?,
            None if args.inputs.is_empty() => return Err(UsageError(
                "query needs a graph: --graph out/graph.json, or the articles to build it from \
                 (dealgraph query seeds investors 小红书)"
                    .to_string(),
            )
            .into()),
            None => {
                let output = pipeline(&args.dict, true)?.run(
                    Inputs::new(args.inputs.clone()).raw(),
                    &RunOptions::default(),
                    |_, _| {},
                )?;
                for s in &output.skipped {
                    say!("warning: skipped {}", s.error);
                }
                outcome = Outcome::of(&output.skipped);
                if output.documents == 0 {
                    bail!("no document could be read from the inputs");
                }
                output.graph
            }
        };
    if let QuestionArgs::Neighbors {
        export: Some(path), ..
    } = &args.question
    {
        let read: Vec<PathBuf> = args
            .graph
            .iter()
            .chain(&args.inputs)
            .chain(&args.dict.dicts)
            .chain(&args.dict.lexicons)
            .cloned()
            .collect();
        if is_an_input(path, &read) {
            bail!(
                "--export {}: refusing to overwrite an input with an output",
                path.display()
            );
        }
    }
    let question = args.question.to_question();
    for name in question.names() {
        if graph.resolve(name).is_err() {
            // Say so when the name is known, just not to this graph.
            let dict = Dictionary::with_files(&args.dict.dicts)?;
            if let Some(entity) = dict.resolve(name).map(|id| dict.entity(id)) {
                if graph.node(entity.name).is_none() {
                    let known = if entity.name == name {
                        "is in the dictionary".to_string()
                    } else {
                        format!("is {} in the dictionary", entity.name)
                    };
                    bail!("{name:?} {known}, but the graph does not mention it");
                }
            }
        }
    }
    let answer = graph.ask(&question, &args.filter.to_filter())?;
    let mut written = None;
    if let (
        QuestionArgs::Neighbors {
            export: Some(path), ..
        },
        Answer::Neighbors(n),
    ) = (&args.question, &answer)
    {
        let sub = n.subgraph(&graph);
        let bytes = match path.extension().and_then(|e| e.to_str()) {
            Some("dot" | "gv") => export::to_dot(
                &sub,
                &ExportOptions {
                    min_weight: 1,
                    all_statuses: true,
                    drawing: Drawing {
                        comentions: true,
                        ..Drawing::default()
                    },
                },
            )?
            .into_bytes(),
            Some("json") => sub.to_json(),
            Some("html" | "htm") => export::to_html(
                &sub,
                &ExportOptions {
                    min_weight: 1,
                    all_statuses: true,
                    drawing: Drawing {
                        comentions: true,
                        ..Drawing::default()
                    },
                },
            )?
            .into_bytes(),
            _ => unreachable!("--export is checked by its value parser"),
        };
        export::write_atomic(path, &bytes)?;
        written = Some(path);
    }
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if args.json {
        // As an io::Error, so that a closed pipe (`| head`) is a quiet exit.
        serde_json::to_writer_pretty(&mut out, &answer).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    } else if args.csv {
        out.write_all(&answer.table().to_csv())?;
    } else {
        for line in answer.summary() {
            writeln!(out, "{line}")?;
        }
        if !answer.is_empty() {
            writeln!(out)?;
            out.write_all(answer.table().render().as_bytes())?;
        }
    }
    out.flush()?;
    if let Some(path) = written {
        say!("wrote {}", path.display());
    }
    Ok(outcome)
}

/// Is `output` (an existing file) one of `inputs`? (A `.dot` or `.json` file inside an input
/// folder is not read from it.)
fn is_an_input(output: &std::path::Path, inputs: &[PathBuf]) -> bool {
    let Ok(output) = output.canonicalize() else {
        return false;
    };
    inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .filter_map(|p| p.canonicalize().ok())
        .any(|i| i == output)
}

/// A progress bar on stderr, only on a terminal and without `--quiet`: bytes read out of
/// the total when every input is a plain file, else a spinner; documents and MB/s either way.
fn progress_bar(quiet: bool, inputs: &[PathBuf]) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let total: Option<u64> = inputs
        .iter()
        .map(|p| match std::fs::metadata(p) {
            Ok(m) if m.is_file() && p.as_os_str() != "-" => Some(m.len()),
            _ => None,
        })
        .sum();
    let bar = match total {
        Some(total) => {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {elapsed} [{bar:30}] {percent:>3}% eta {eta} {msg}",
                )
                .ok()?
                .progress_chars("=> "),
            );
            bar
        }
        None => {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}").ok()?,
            );
            bar
        }
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

/// `--stats` and `--stats-json`: the setup steps as they end (wall time, resident memory),
/// then the per-stage totals of [`crate::stats`], the run's CPU time and peak memory.
struct Stats {
    /// Recording (`--stats` or `--stats-json`).
    on: bool,
    /// Printing on stderr (`--stats`).
    print: bool,
    start: std::time::Instant,
    last: std::time::Instant,
    load: Option<crate::stats::Timer>,
    /// Documents read (set after the run).
    documents: u64,
    /// Input bytes read (set after the run).
    input_bytes: u64,
}

impl Stats {
    fn new(on: bool, print: bool) -> Self {
        let now = std::time::Instant::now();
        if on {
            crate::stats::enable();
        }
        Stats {
            on,
            print,
            start: now,
            last: now,
            load: crate::stats::start(crate::stats::Stage::Load, 0),
            documents: 0,
            input_bytes: 0,
        }
    }

    /// Reports the setup step that just ended (on stderr with `--stats`).
    fn stage(&mut self, what: &str) {
        let now = std::time::Instant::now();
        if self.print {
            say!(
                "stats: {:>8.3}s  {what}; RSS {}",
                (now - self.last).as_secs_f64(),
                proc_status("VmRSS:")
            );
        }
        self.last = now;
    }

    /// Prints the per-stage table (`--stats`) and writes the JSON object to `json`.
    fn finish(&mut self, json: Option<&std::path::Path>) -> anyhow::Result<()> {
        if !self.on {
            return Ok(());
        }
        self.load = None;
        let wall = self.start.elapsed();
        let stages = crate::stats::snapshot();
        let process = crate::stats::process();
        let threads = rayon::current_num_threads();
        let secs = |d: Option<std::time::Duration>| d.map(|d| d.as_secs_f64());
        let cpu = process.user.zip(process.system).map(|(u, s)| u + s);
        if self.print {
            say!("stats: stage      wall s    CPU s         MB  MB per CPU s  calls");
            for f in &stages {
                let mb = f.bytes as f64 / 1e6;
                let rate = if f.cpu.is_zero() {
                    "-".to_string()
                } else {
                    format!("{:.1}", mb / f.cpu.as_secs_f64())
                };
                say!(
                    "stats: {:<9} {:>7.3}  {:>7.3}  {:>9.1}  {:>12}  {:>5}",
                    f.stage.name(),
                    f.wall.as_secs_f64(),
                    f.cpu.as_secs_f64(),
                    mb,
                    rate,
                    f.calls
                );
            }
            let summed: std::time::Duration = stages.iter().map(|f| f.cpu).sum();
            say!(
                "stats: stages sum to {:.3} CPU s; the process used {} ({} thread{}), \
                 wall {:.3} s; {} documents, {:.1} MB read; peak RSS {}",
                summed.as_secs_f64(),
                match (process.user, process.system) {
                    (Some(u), Some(s)) => format!(
                        "{:.3} CPU s (user {:.3}, system {:.3})",
                        (u + s).as_secs_f64(),
                        u.as_secs_f64(),
                        s.as_secs_f64()
                    ),
                    _ => "? CPU s".to_string(),
                },
                threads,
                if threads == 1 { "" } else { "s" },
                wall.as_secs_f64(),
                self.documents,
                self.input_bytes as f64 / 1e6,
                process.peak_rss.map_or("?".to_string(), |b| format!(
                    "{:.1} MiB",
                    b as f64 / 1048576.0
                ))
            );
        }
        if let Some(path) = json {
            let object = serde_json::json!({
                "wall_s": wall.as_secs_f64(),
                "cpu_s": secs(cpu),
                "user_s": secs(process.user),
                "system_s": secs(process.system),
                "peak_rss_bytes": process.peak_rss,
                "threads": threads,
                "documents": self.documents,
                "input_bytes": self.input_bytes,
                "stages": stages.iter().map(|f| serde_json::json!({
                    "stage": f.stage.name(),
                    "wall_s": f.wall.as_secs_f64(),
                    "cpu_s": f.cpu.as_secs_f64(),
                    "bytes": f.bytes,
                    "calls": f.calls,
                })).collect::<Vec<_>>(),
            });
            let mut bytes = serde_json::to_vec_pretty(&object)?;
            bytes.push(b'\n');
            export::write_atomic(path, &bytes)
                .with_context(|| format!("writing --stats-json {}", path.display()))?;
        }
        Ok(())
    }
}

/// True when `a` and `b` name the same existing file.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// A field of `/proc/self/status` (`VmRSS:`, `VmHWM:`), or `?` where there is none.
fn proc_status(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .map_or("?".to_string(), |v| v.trim().to_string())
}
