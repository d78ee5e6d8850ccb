//! The command line: clap argument types (their `///` docs are the help text), validated into
//! library calls. The only home of `anyhow`.

use crate::dictionary::Dictionary;
use crate::document::Inputs;
use crate::export::{self, ExportOptions, Format};
use crate::extract::Lexicon;
use crate::graph::GraphBuilder;
use crate::matcher::Engine;
use crate::pipeline::{Pipeline, RunOptions};
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;

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
    /// Print the normalised text of a document (what spans in the outputs point into).
    Text(TextArgs),
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
        default_value = "json,dot,relations"
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
    /// Stop at the first unreadable input instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print timings of each stage, throughput and peak memory on stderr (even with --quiet).
    #[arg(long)]
    pub stats: bool,
    /// The matcher's automaton (for benchmarks; `auto` picks by dictionary size).
    #[arg(long, value_enum, default_value_t = EngineArg::Auto, hide = true)]
    pub engine: EngineArg,
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

/// Image formats Graphviz renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// graph.svg
    Svg,
    /// graph.png
    Png,
}

/// Arguments of `text`.
#[derive(Debug, Clone, Args)]
pub struct TextArgs {
    /// The document (any supported format; for JSONL, the first document).
    pub file: PathBuf,
}

/// Exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read.
    Ok,
    /// Some inputs were skipped with a warning; outputs were written.
    Skipped,
}

/// Builds the pipeline from the bundled data plus user files.
pub fn pipeline(args: &DictArgs, quiet: bool) -> anyhow::Result<Pipeline> {
    pipeline_with_stats(args, quiet, Engine::Auto, &mut Stats::new(false))
}

fn pipeline_with_stats(
    args: &DictArgs,
    quiet: bool,
    engine: Engine,
    stats: &mut Stats,
) -> anyhow::Result<Pipeline> {
    let dict = Dictionary::with_files(&args.dicts)?;
    if !quiet {
        report_warnings("dictionary", dict.warnings().iter().map(|w| w.to_string()));
    }
    stats.stage(&format!(
        "dictionary ({} entities, {} warnings)",
        dict.len(),
        dict.warnings().len()
    ));
    let mut lexicon = Lexicon::bundled()?;
    for f in &args.lexicons {
        lexicon.extend_from_file(f)?;
    }
    let pipeline = Pipeline::with_engine(dict, lexicon, engine)?;
    stats.stage(&format!(
        "lexicon and matcher ({} patterns, {} of {:.1} MB)",
        pipeline.matcher().pattern_count(),
        pipeline.matcher().kind_name(),
        pipeline.matcher().automaton_bytes() as f64 / 1e6
    ));
    Ok(pipeline)
}

fn report_warnings(what: &str, warnings: impl ExactSizeIterator<Item = String>) {
    let n = warnings.len();
    for w in warnings.take(10) {
        eprintln!("warning: {w}");
    }
    if n > 10 {
        eprintln!("warning: … and {} more {what} warnings", n - 10);
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build(args) => build(&args),
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
    }
}

fn build(args: &BuildArgs) -> anyhow::Result<Outcome> {
    if let Some(n) = args.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    let mut formats = args.format.clone();
    match args.render {
        Some(RenderFormat::Svg) => formats.push(Format::Svg),
        Some(RenderFormat::Png) => formats.push(Format::Png),
        None => {}
    }
    formats.sort();
    formats.dedup();
    for input in &args.inputs {
        if input.as_os_str() != "-"
            && input.exists()
            && same_file_as_output(input, &args.out, &formats)
        {
            bail!(
                "{}: refusing to overwrite an input with an output",
                input.display()
            );
        }
    }
    let mut stats = Stats::new(args.stats);
    let pipeline = pipeline_with_stats(&args.dict, args.quiet, args.engine.into(), &mut stats)?;
    let bar = progress_bar(args.quiet, &args.inputs);
    let started = std::time::Instant::now();
    let output = pipeline.run(
        Inputs::new(args.inputs.clone()).raw(),
        &RunOptions {
            strict: args.strict,
            graph: GraphBuilder::default(),
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
    let output = output?;
    stats.stage(&format!(
        "analysis ({} documents, {:.1} MB read, {:.1} MB/s)",
        output.documents,
        output.input_bytes as f64 / 1e6,
        output.input_bytes as f64 / 1e6 / started.elapsed().as_secs_f64().max(1e-9)
    ));
    if !args.quiet {
        for s in output.skipped.iter().take(20) {
            eprintln!("warning: skipped {}", s.error);
        }
        if output.skipped.len() > 20 {
            eprintln!(
                "warning: … and {} more skipped inputs",
                output.skipped.len() - 20
            );
        }
    }
    if output.documents == 0 {
        bail!(
            "no document could be read from {}; nothing was written",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let options = ExportOptions {
        min_weight: args.min_weight,
        all_statuses: args.all_statuses,
    };
    let written = export::write(
        &output.graph,
        Some(&output.relations),
        &formats,
        &options,
        &args.out,
    )
    .with_context(|| format!("writing outputs into {}", args.out.display()))?;
    stats.stage("export");
    stats.finish();
    if !args.quiet {
        let g = output.graph.petgraph();
        eprintln!(
            "{} documents ({:.1} MB) in {:.2}s: {} entities, {} edges, {} relations; {} inputs skipped",
            output.documents,
            output.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            g.node_count(),
            g.edge_count(),
            output.relations.len(),
            output.skipped.len()
        );
        for p in written {
            eprintln!("wrote {}", p.display());
        }
    }
    let outcome = if output.skipped.is_empty() {
        Outcome::Ok
    } else {
        Outcome::Skipped
    };
    // The process ends next: freeing a large graph and dictionary piece by piece would only
    // cost time (seconds with hundreds of thousands of names), so they are left to the OS.
    std::mem::forget(output);
    std::mem::forget(pipeline);
    Ok(outcome)
}

fn same_file_as_output(input: &std::path::Path, out: &std::path::Path, formats: &[Format]) -> bool {
    let Ok(input) = input.canonicalize() else {
        return false;
    };
    formats
        .iter()
        .filter_map(|f| out.join(f.file_name()).canonicalize().ok())
        .any(|o| o == input)
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

/// `--stats`: wall time of each stage, CPU time and peak memory, on stderr.
struct Stats {
    on: bool,
    start: std::time::Instant,
    last: std::time::Instant,
}

impl Stats {
    fn new(on: bool) -> Self {
        let now = std::time::Instant::now();
        Stats {
            on,
            start: now,
            last: now,
        }
    }

    /// Reports the stage that just ended.
    fn stage(&mut self, what: &str) {
        let now = std::time::Instant::now();
        if self.on {
            eprintln!(
                "stats: {:>8.3}s  {what}; RSS {}",
                (now - self.last).as_secs_f64(),
                proc_status("VmRSS:")
            );
        }
        self.last = now;
    }

    /// Reports the total, CPU time and peak resident memory.
    fn finish(&self) {
        if !self.on {
            return;
        }
        eprintln!(
            "stats: {:>8.3}s  total; peak RSS {} (VmHWM)",
            self.start.elapsed().as_secs_f64(),
            proc_status("VmHWM:")
        );
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
