#!/usr/bin/env python3
"""Build a dealgraph graph on Apache Spark: one shard per partition, then `dealgraph merge`.

The articles (JSONL, one document per line, each with an "id") are read as a Spark text file.
Each partition is piped into `dealgraph build -` on its executor, which writes the shard's
graph and ledger (documents.jsonl) into a folder of its own under --shards; the driver then
merges the shard folders with `dealgraph merge`. The graph is a function of the set of
documents, so the result is byte-identical to one `dealgraph build` over the whole file,
whatever the partitioning (docs/shards.md).

Locally (PySpark local mode):
    python dealgraph_spark.py --dealgraph target/release/dealgraph \
        --input articles.jsonl --out out --partitions 4

On a cluster, ship the binary with `spark-submit --files target/release/dealgraph` and pass
`--dealgraph dealgraph` (a bare name is looked up in SparkFiles on each executor); --shards
and --out must be folders the executors and the driver share (NFS, a mounted object store).
"""

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dealgraph", required=True,
                   help="the dealgraph binary: a path, or a bare name shipped with --files")
    p.add_argument("--input", required=True, help="articles, JSONL (any Hadoop path)")
    p.add_argument("--out", required=True, help="the output folder of the merged graph")
    p.add_argument("--shards", help="folder for the shard builds (default: OUT.shards, "
                                    "removed after the merge)")
    p.add_argument("--partitions", type=int, default=4, help="minimum number of partitions")
    p.add_argument("--master", help="Spark master (default: spark-submit's, or local[*])")
    p.add_argument("--format", default="json,dot,relations", help="dealgraph --format")
    p.add_argument("--dict", action="append", default=[], help="dealgraph --dict (repeatable)")
    p.add_argument("--lexicon", action="append", default=[],
                   help="dealgraph --lexicon (repeatable)")
    return p.parse_args(argv)


def resolve(binary):
    """The binary's path: as given, or (a bare name) the copy Spark shipped with --files."""
    if os.sep in binary:
        return os.path.abspath(binary)
    from pyspark import SparkFiles
    path = SparkFiles.get(binary)
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def dict_args(args):
    out = []
    for d in args.dict:
        out += ["--dict", os.path.abspath(d)]
    for lx in args.lexicon:
        out += ["--lexicon", os.path.abspath(lx)]
    return out


def build_shards(args, shards):
    """The function run on every partition: pipes its lines into `dealgraph build -`."""
    binary, extra, formats = args.dealgraph, dict_args(args), args.format

    def build(index, lines):
        out = os.path.join(shards, "shard-%05d" % index)
        with tempfile.TemporaryFile() as err:
            proc = None
            count = 0
            for line in lines:
                if proc is None:
                    proc = subprocess.Popen(
                        [resolve(binary), "build", "-", "-o", out, "-q", "-j", "1",
                         "-f", formats] + extra,
                        stdin=subprocess.PIPE, stderr=err)
                proc.stdin.write(line.encode("utf-8") + b"\n")
                count += 1
            if proc is None:
                return  # an empty partition builds nothing
            proc.stdin.close()
            code = proc.wait()
            err.seek(0)
            message = err.read().decode("utf-8", "replace")
        # 1: some documents were skipped (named on stderr); the shard is written without them.
        if code not in (0, 1):
            raise RuntimeError("dealgraph build of partition %d failed (exit %d): %s"
                               % (index, code, message))
        yield (index, out, count, code, message)

    return build


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import SparkSession
    builder = (SparkSession.builder.appName("dealgraph")
               .config("spark.ui.showConsoleProgress", "false"))
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    out = os.path.abspath(args.out)
    shards = os.path.abspath(args.shards or out.rstrip(os.sep) + ".shards")
    keep_shards = args.shards is not None
    if os.path.exists(shards) and os.listdir(shards):
        sys.exit("error: %s is not empty: give --shards an empty or new folder" % shards)
    os.makedirs(shards, exist_ok=True)
    try:
        built = (sc.textFile(args.input, args.partitions)
                 .mapPartitionsWithIndex(build_shards(args, shards))
                 .collect())
        built.sort()
        for index, _, count, code, message in built:
            if code != 0:
                sys.stderr.write("partition %d: some documents skipped:\n%s" % (index, message))
        if not built:
            sys.exit("error: no document in %s" % args.input)
        merge = [resolve(args.dealgraph), "merge", "-q", "-f", args.format] + dict_args(args)
        merge += [out] + [folder for _, folder, _, _, _ in built]
        subprocess.run(merge, check=True)
        sys.stderr.write("%d documents in %d shards merged into %s\n"
                         % (sum(c for _, _, c, _, _ in built), len(built), out))
    finally:
        spark.stop()
        if not keep_shards:
            shutil.rmtree(shards, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
