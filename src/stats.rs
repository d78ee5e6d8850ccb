//! Where a run's time goes: wall time, CPU time and bytes of each pipeline stage, summed
//! over documents and threads, for `build --stats` and `build --stats-json`; plus the
//! process's CPU time and peak resident memory.
//!
//! Recording is off unless [`enable`] was called (then it is on for the whole process): a
//! [`start`] that is off costs one atomic load. A [`Timer`] measures one stage of one piece
//! of work (a document, a JSONL line, a jieba window) on the current thread, in wall time
//! ([`Instant`]) and in the thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`). Timers nest: the
//! time of a timer started inside another is taken off the outer one, so each piece of time
//! is counted in exactly one stage and the stages add up (the jieba boundary checks made
//! while matching count as [`Stage::Boundary`], not [`Stage::Match`]).
//!
//! The totals are process-wide atomics: the rayon threads add to them directly, with no
//! per-thread state to gather at the end.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

/// A stage of a run, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Loading the dictionaries and the lexicon and building the matcher (before the first
    /// document).
    Load,
    /// Reading input: JSONL lines split off the stream and checked as UTF-8, files read.
    Read,
    /// JSON decoding and markup (Markdown, HTML, front matter) to text, date lines.
    Parse,
    /// NFKC and the line clean-up of every document's text.
    Normalise,
    /// Dictionary matching: case folding, the automaton scan, word edges, name tidying.
    Match,
    /// jieba's segmentation of the window around a candidate name (is it a whole word?).
    Boundary,
    /// Sentences, cue words and relation extraction.
    Extract,
    /// Co-mention facts of a document and merging its facts into the graph.
    Graph,
    /// Writing the output files.
    Export,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 9] = [
        Stage::Load,
        Stage::Read,
        Stage::Parse,
        Stage::Normalise,
        Stage::Match,
        Stage::Boundary,
        Stage::Extract,
        Stage::Graph,
        Stage::Export,
    ];

    /// The stage's name in `--stats` and `--stats-json`.
    pub const fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Read => "read",
            Stage::Parse => "parse",
            Stage::Normalise => "normalise",
            Stage::Match => "match",
            Stage::Boundary => "boundary",
            Stage::Extract => "extract",
            Stage::Graph => "graph",
            Stage::Export => "export",
        }
    }
}

/// The running totals of one stage.
struct Totals {
    wall_ns: AtomicU64,
    cpu_ns: AtomicU64,
    bytes: AtomicU64,
    calls: AtomicU64,
}

#[allow(clippy::declare_interior_mutable_const)] // only used to initialise the array below
const ZERO: Totals = Totals {
    wall_ns: AtomicU64::new(0),
    cpu_ns: AtomicU64::new(0),
    bytes: AtomicU64::new(0),
    calls: AtomicU64::new(0),
};

static TOTALS: [Totals; Stage::ALL.len()] = [ZERO; Stage::ALL.len()];
static ENABLED: AtomicBool = AtomicBool::new(false);

/// What the timers that ran (and ended) inside the timer now running on this thread took:
/// taken off that timer when it ends.
#[derive(Debug, Clone, Copy, Default)]
struct Nested {
    wall: u64,
    cpu: u64,
    /// Wall time of fine timers, per stage: their CPU time is set when the enclosing timer
    /// ends (see [`start_fine`]).
    fine: [u64; Stage::ALL.len()],
}

thread_local! {
    static NESTED: Cell<Nested> = const {
        Cell::new(Nested { wall: 0, cpu: 0, fine: [0; Stage::ALL.len()] })
    };
}

/// Switches recording on for the rest of the process.
pub fn enable() {
    ENABLED.store(true, Relaxed);
}

/// True once [`enable`] was called.
pub fn enabled() -> bool {
    ENABLED.load(Relaxed)
}

/// One stage of one piece of work being timed; recorded when dropped (or [`Timer::stop`]).
#[derive(Debug)]
#[must_use = "a timer records when it is dropped: bind it to a variable"]
pub struct Timer {
    stage: Stage,
    bytes: u64,
    wall: Instant,
    /// The thread's CPU clock at the start, or `None` for a fine timer (see [`start_fine`]).
    cpu: Option<u64>,
    /// The enclosing timer's nested time, put back (plus ours) when this one ends.
    outer: Nested,
}

/// Starts timing `stage` for work over `bytes` bytes; `None` (nothing recorded) unless
/// recording is [`enable`]d.
pub fn start(stage: Stage, bytes: usize) -> Option<Timer> {
    start_with(stage, bytes, || Some(thread_cpu_ns()))
}

/// [`start`] for work of a few microseconds done hundreds of thousands of times (a jieba
/// window): reading the thread's CPU clock is a system call of about a microsecond, so a
/// fine timer reads only the wall clock. Its CPU time is its wall time scaled by the share
/// of the enclosing timer's wall time that the thread was running (its CPU / its wall),
/// which takes out the time the thread waited for a core on a busy machine. A fine timer
/// runs inside a [`start`] timer: alone, its CPU time is not counted.
pub fn start_fine(stage: Stage, bytes: usize) -> Option<Timer> {
    start_with(stage, bytes, || None)
}

/// A timer of `stage` whose CPU clock reading (if any) `cpu` takes, when recording is on.
fn start_with(stage: Stage, bytes: usize, cpu: impl FnOnce() -> Option<u64>) -> Option<Timer> {
    if !enabled() {
        return None;
    }
    let outer = NESTED.with(|n| n.replace(Nested::default()));
    Some(Timer {
        stage,
        bytes: bytes as u64,
        cpu: cpu(),
        wall: Instant::now(),
        outer,
    })
}

/// Runs `work` as `stage` over `bytes` bytes.
pub fn time<T>(stage: Stage, bytes: usize, work: impl FnOnce() -> T) -> T {
    let timer = start(stage, bytes);
    let out = work();
    drop(timer);
    out
}

/// Runs `work` as `stage` over `bytes` bytes with a [`start_fine`] timer.
pub fn time_fine<T>(stage: Stage, bytes: usize, work: impl FnOnce() -> T) -> T {
    let timer = start_fine(stage, bytes);
    let out = work();
    drop(timer);
    out
}

/// Adds `bytes` to a stage without timing anything (bytes known only after the work).
pub fn add_bytes(stage: Stage, bytes: u64) {
    if enabled() {
        TOTALS[stage as usize].bytes.fetch_add(bytes, Relaxed);
    }
}

impl Timer {
    /// Ends the timer now (the same as dropping it).
    pub fn stop(self) {}
}

impl Drop for Timer {
    fn drop(&mut self) {
        let wall = self.wall.elapsed().as_nanos() as u64;
        let t = &TOTALS[self.stage as usize];
        let inner = NESTED.with(|n| n.get());
        let mut outer = self.outer;
        let Some(start) = self.cpu else {
            // A fine timer: wall time now, CPU time when the enclosing timer ends.
            t.wall_ns
                .fetch_add(wall.saturating_sub(inner.wall), Relaxed);
            t.bytes.fetch_add(self.bytes, Relaxed);
            t.calls.fetch_add(1, Relaxed);
            outer.wall = outer.wall.saturating_add(wall);
            outer.fine[self.stage as usize] += wall.saturating_sub(inner.wall);
            NESTED.with(|n| n.set(outer));
            return;
        };
        let cpu = thread_cpu_ns().saturating_sub(start);
        let running = if wall == 0 {
            1.0
        } else {
            (cpu as f64 / wall as f64).min(1.0)
        };
        let mut nested_cpu = inner.cpu;
        for (stage, &fine_wall) in inner.fine.iter().enumerate() {
            if fine_wall > 0 {
                let fine_cpu = (fine_wall as f64 * running) as u64;
                TOTALS[stage].cpu_ns.fetch_add(fine_cpu, Relaxed);
                nested_cpu += fine_cpu;
            }
        }
        t.wall_ns
            .fetch_add(wall.saturating_sub(inner.wall), Relaxed);
        t.cpu_ns.fetch_add(cpu.saturating_sub(nested_cpu), Relaxed);
        t.bytes.fetch_add(self.bytes, Relaxed);
        t.calls.fetch_add(1, Relaxed);
        outer.wall = outer.wall.saturating_add(wall);
        outer.cpu = outer.cpu.saturating_add(cpu);
        NESTED.with(|n| n.set(outer));
    }
}

/// The totals of one stage so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageFigures {
    /// The stage.
    pub stage: Stage,
    /// Sum of the wall time of every timed piece of work (over all threads: with several
    /// threads it can exceed the run's wall time).
    pub wall: Duration,
    /// Sum of the CPU time of the threads while they did this stage's work.
    pub cpu: Duration,
    /// Bytes of input to this stage (see the stage).
    pub bytes: u64,
    /// Pieces of work timed.
    pub calls: u64,
}

/// The totals of every stage so far, in pipeline order.
pub fn snapshot() -> Vec<StageFigures> {
    Stage::ALL
        .iter()
        .map(|&stage| {
            let t = &TOTALS[stage as usize];
            StageFigures {
                stage,
                wall: Duration::from_nanos(t.wall_ns.load(Relaxed)),
                cpu: Duration::from_nanos(t.cpu_ns.load(Relaxed)),
                bytes: t.bytes.load(Relaxed),
                calls: t.calls.load(Relaxed),
            }
        })
        .collect()
}

/// The process's resources so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Process {
    /// User CPU time of all threads (`None` where the platform does not say).
    pub user: Option<Duration>,
    /// System CPU time of all threads.
    pub system: Option<Duration>,
    /// Peak resident memory in bytes (Linux `VmHWM`, else `getrusage`'s `ru_maxrss`).
    pub peak_rss: Option<u64>,
    /// Resident memory now, in bytes (Linux `VmRSS`).
    pub rss: Option<u64>,
}

/// The process's CPU time and memory so far.
pub fn process() -> Process {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|k| k * 1024)
    };
    let (user, system, maxrss) = rusage();
    Process {
        user,
        system,
        peak_rss: kib("VmHWM:").or(maxrss),
        rss: kib("VmRSS:"),
    }
}

#[cfg(unix)]
fn rusage() -> (Option<Duration>, Option<Duration>, Option<u64>) {
    // SAFETY: getrusage only writes the zeroed struct it is given.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) } != 0 {
        return (None, None, None);
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    // ru_maxrss is in KiB on Linux, in bytes on macOS.
    let scale = if cfg!(target_os = "macos") { 1 } else { 1024 };
    (
        Some(tv(ru.ru_utime)),
        Some(tv(ru.ru_stime)),
        Some(ru.ru_maxrss as u64 * scale),
    )
}

#[cfg(not(unix))]
fn rusage() -> (Option<Duration>, Option<Duration>, Option<u64>) {
    (None, None, None)
}

/// CPU nanoseconds of the current thread (0 where the platform has no thread clock, so
/// that CPU columns read 0 rather than a wrong figure).
#[cfg(unix)]
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[cfg(not(unix))]
fn thread_cpu_ns() -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_are_the_documented_ones_in_pipeline_order() {
        let names: Vec<&str> = Stage::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(
            names,
            [
                "load",
                "read",
                "parse",
                "normalise",
                "match",
                "boundary",
                "extract",
                "graph",
                "export"
            ]
        );
        for (i, s) in Stage::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i);
        }
    }

    #[test]
    fn a_nested_timer_is_taken_off_the_outer_one() {
        // Only this test times Load and Export in the library's tests, so the deltas are
        // this test's own.
        enable();
        let before = snapshot();
        let spin = |d: Duration| {
            let t = Instant::now();
            while t.elapsed() < d {
                std::hint::black_box(0);
            }
        };
        let outer = start(Stage::Load, 10);
        let inner = start(Stage::Export, 7);
        spin(Duration::from_millis(30));
        drop(inner);
        drop(outer);
        let after = snapshot();
        let delta = |s: Stage| {
            let (b, a) = (before[s as usize], after[s as usize]);
            (
                a.wall - b.wall,
                a.cpu - b.cpu,
                a.bytes - b.bytes,
                a.calls - b.calls,
            )
        };
        let (outer_wall, _, outer_bytes, outer_calls) = delta(Stage::Load);
        let (inner_wall, _, inner_bytes, inner_calls) = delta(Stage::Export);
        assert_eq!((outer_bytes, outer_calls), (10, 1));
        assert_eq!((inner_bytes, inner_calls), (7, 1));
        // The 30 ms belong to the inner timer; the outer one keeps only what ran between
        // the two starts and the two ends, which is less than the spin.
        assert!(inner_wall >= Duration::from_millis(30), "{inner_wall:?}");
        assert!(outer_wall < inner_wall, "{outer_wall:?} vs {inner_wall:?}");
    }
}
