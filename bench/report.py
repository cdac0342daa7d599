#!/usr/bin/env python3
"""Turns one bench/run.sh raw directory into the markdown of bench/results/latest.md."""
import json
import os
import sys

raw = sys.argv[1]


def read(name, default=""):
    path = os.path.join(raw, name)
    return open(path).read() if os.path.exists(path) else default


machine = dict(line.split("=", 1) for line in read("machine.txt").splitlines() if "=" in line)

NAMES = {
    "AgentNodeLocalJulBench": "nvrx agent, node-local: JUL ConsoleHandler routed",
    "AgentNodeLocalLog4j2ConsoleBench": "nvrx agent, node-local: Log4j 2 Console appender routed",
    "AgentNodeLocalLogbackConsoleBench": "nvrx agent, node-local: Logback ConsoleAppender routed",
    "AgentRegularJulBench": "nvrx agent, regular mode: JUL ConsoleHandler routed, stderr to a file",
    "AgentDisabledLevelBench": "nvrx agent loaded: JUL call at a disabled level",
    "Log4j2AllAsyncBench": "Log4j 2 all-async + RandomAccessFile",
    "Log4j2FileBench": "Log4j 2 sync File appender",
    "LogbackAsyncBench": "Logback AsyncAppender + FileAppender",
    "LogbackFileBench": "Logback FileAppender",
    "JulFileBench": "JUL FileHandler",
    "JulNoOpHandlerBench": "JUL call to a handler that does nothing (the floor of a JUL route)",
}

rows = {}
for cls in NAMES:
    for t in (1, 2):
        path = os.path.join(raw, "jmh-%s-t%d.json" % (cls, t))
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            continue
        r = {}
        for result in json.load(open(path)):
            pm = result["primaryMetric"]
            gc = result.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            if result["mode"] == "avgt":
                r["avg"] = pm["score"]
                r["avg_err"] = pm["scoreError"]
                r["bytes"] = gc
            elif result["mode"] == "sample":
                p = pm["scorePercentiles"]
                r["p50"], r["p99"], r["p999"] = p["50.0"], p["99.0"], p["99.9"]
                r["samples"] = sum(sum(c for _, c in hist) for hist in [x for it in pm["rawDataHistogram"] for x in it]) if pm.get("rawDataHistogram") else None
                r.setdefault("bytes", gc)
        rows[(cls, t)] = r


def ns(v):
    if v is None:
        return "–"
    if v >= 10000:
        return "{:,.1f} us".format(v / 1000)
    return "{:,.0f} ns".format(v)


out = []
out.append("# nvrx-agent benchmark results\n")
out.append("- date: %s" % machine.get("date", "?"))
out.append("- machine: %s cores (`nproc`), %s, %s" % (machine.get("nproc", "?"), machine.get("cpu", "?"), machine.get("jdk", "?")))
out.append("- load average (1/5/15 min) at start: %s, at end: %s" % (machine.get("load_start", "?"), machine.get("load_end", "?")))
out.append("- command: `%s` at commit %s" % (machine.get("command", "bench/run.sh"), machine.get("commit", "?")))
out.append("")
out.append("## 1. App-thread cost of one log call (JMH, saturating: calls back to back)\n")
out.append("JMH 1.37, 1 fork, 2 warm-up + 3 measurement iterations of 1 s per mode; SampleTime for the percentiles, "
           "AverageTime for the average; bytes/op from `-prof gc` (AverageTime run). Same ~60-byte constant message, all to a file "
           "(the agent's node log via its spool, or the framework's file).\n")
out.append("| contender | threads | average | p50 | p99 | p99.9 | bytes/op |")
out.append("|---|---|---|---|---|---|---|")
for t in (1, 2):
    for cls, name in NAMES.items():
        r = rows.get((cls, t))
        if not r:
            continue
        out.append("| %s | %d | %s | %s | %s | %s | %s |" % (
            name, t, ns(r.get("avg")), ns(r.get("p50")), ns(r.get("p99")), ns(r.get("p999")),
            "–" if r.get("bytes") is None else "%.0f" % r["bytes"]))
lines = read("jmh-nodelog-lines.txt").strip()
if lines:
    out.append("\nNode-log lines written by the agent's JMH forks (all iterations, warm-up included) and drop notices:\n")
    out.append("| benchmark | lines in node log | dropped-notice lines |")
    out.append("|---|---|---|")
    for line in lines.splitlines():
        parts = line.split()
        out.append("| %s %s | %s | %s |" % (parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else "0"))

# Targets for the log call.
verdicts = []
for t in (1, 2):
    ours = rows.get(("AgentNodeLocalJulBench", t), {})
    ours_l4j = rows.get(("AgentNodeLocalLog4j2ConsoleBench", t), {})
    ours_logback = rows.get(("AgentNodeLocalLogbackConsoleBench", t), {})
    fast = [rows.get((c, t), {}).get("p50") for c in ("Log4j2AllAsyncBench", "LogbackAsyncBench")]
    fast = [f for f in fast if f is not None]
    for label, r in (("JUL routed", ours), ("Log4j 2 console routed", ours_l4j), ("Logback console routed", ours_logback)):
        if r.get("p50") is not None and fast:
            verdicts.append("- %s, %d thread(s): p50 %s vs the faster async framework %s: **%s**; p99.9 %s (target < 20 us): **%s**" % (
                label, t, ns(r["p50"]), ns(min(fast)), "met" if r["p50"] <= min(fast) else "not met",
                ns(r.get("p999")), "met" if (r.get("p999") or 1e18) < 20000 else "not met"))
if verdicts:
    out.append("\nTargets (node-local routed call: p50 no worse than the faster of Log4j 2 all-async and Logback async, p99.9 under 20 us):\n")
    out.extend(verdicts)

paced = read("paced.md").strip()
if paced:
    out.append("\n## 2. App-thread cost at a paced load (queues not full)\n")
    out.append("Each thread calls at 10,000 calls/s; every call timed with System.nanoTime (includes ~25 ns of timer); 2 s warm-up, 3 s measured; own harness (`io.nvrx.bench.paced.PacedLoad`).\n")
    out.append("| contender | threads | calls/s per thread | calls timed | mean ns | p50 ns | p99 ns | p99.9 ns | max ns |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    out.append(paced)

node = read("node-throughput.md").strip()
if node:
    out.append("\n## 3. Whole-process runs: N rank JVMs on one node, node-local mode\n")
    out.append("Each rank first logs 100,000 warm-up records (the JIT compiles the path, as in a job that has run for a while), "
               "waits for a start instant common to all ranks (2.5 s + 2.5 s per rank after launch: on 2 cores, N JVMs need that long to start, warm up "
               "and be drained), then logs its share of the timed records through java.util.logging "
               "(ConsoleHandler routed by the agent) as fast as it can; spool 64 MB x unlimited files. Throughput: timed records over "
               "the time from the earliest timed call (System.nanoTime in the message) to the last record seen in the node log. "
               "On 2 cores, N ranks logging flat out and the aggregator share the CPU: the larger N measure the scheduler too. "
               "Aggregator CPU: utime+stime of the aggregator process, over its wall time until the last record. "
               "Slowest log call: the longest single timed call of any rank (System.nanoTime before and after it).\n")
    out.append(node)
baseline = read("node-baseline.md").strip()
if baseline:
    out.append("\nThe same throughput run without the agent (`io.nvrx.bench.node.AsyncBaseline`): the same loop, warm-up and "
               "common start, each rank logging through Log4j 2 all-async into its own RandomAccessFile (no node log, no merge); "
               "timed records over the earliest timed call to the moment the last rank's Log4j 2 had shut down (queue drained, "
               "file flushed). What this machine gives the fastest async logger at the same load:\n")
    out.append(baseline)
drain = read("node-drain.md").strip()
if drain:
    out.append("\nThe aggregator's capacity alone: the ranks spool their records with no aggregator running (`NVRX_AGGREGATOR=off`) "
               "and exit; then the aggregator is started over the directory, with the JVM flags a rank gives it, and timed from its "
               "first line to its last (its JVM start excluded), the rank JVMs gone:\n")
    out.append(drain)
delay = read("node-delay.md").strip()
if delay:
    out.append("\nEnd-to-end delay at a moderate paced load, in steady state (each rank first logs 50,000 warm-up records, then all "
               "start the paced records at one instant (2.5 s + 2.5 s per rank after launch), once every JVM has warmed up and the "
               "aggregator has drained the warm-up; each message carries "
               "System.nanoTime at the call, the harness tails the node log every ~0.1 ms and subtracts):\n")
    out.append(delay)

startup = read("startup.md").strip()
if startup:
    out.append("\n## 4. Start-up\n")
    out.append(startup)
print("\n".join(out))
