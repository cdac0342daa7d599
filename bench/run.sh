#!/usr/bin/env bash
# The whole benchmark suite, one command (about 13-14 minutes on a 2-core machine):
#
#   bench/run.sh
#
# Builds the agent and bench/target/benchmarks.jar (mvn package, never install), then runs:
#   1. JMH, app-thread cost of one log call (SampleTime p50/p99/p99.9 + AverageTime, -prof gc),
#      1 and 2 threads, one JMH invocation per contender (io.nvrx.bench.logcall.*);
#   2. paced load, 10,000 calls/s per thread, 1 and 2 threads (io.nvrx.bench.paced.PacedLoad);
#   3. whole-process runs, N = 1, 2, 4, 8 rank JVMs into one node log
#      (io.nvrx.bench.node.NodeThroughput): steady-state throughput after a warm-up, loss,
#      aggregator CPU, the aggregator's capacity alone (drain), end-to-end delay;
#   4. start-up, with and without the agent (io.nvrx.bench.startup.StartupBench).
# Writes bench/results/latest.md (committed) and raw data under bench/results/raw/<stamp>/
# (JMH JSON, per-part tables, JMH console logs; gitignored).
#
# Environment knobs (defaults in brackets): BENCH_JMH_ITER [3] measurement iterations of 1 s,
# BENCH_NODE_TOTAL [8000000] records per throughput run, BENCH_DRAIN_TOTAL [2000000] records
# per drain run, BENCH_STARTUP_RUNS [10],
# BENCH_SKIP [""] parts to skip, e.g. "jmh paced" (parts: jmh paced node startup).
# Needs: JDK 17+, Maven, python3 (for the report). Run it on an otherwise idle machine: the
# load average at start and end is written into the results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw="$root/bench/results/raw/$stamp"
mkdir -p "$raw"
iter=${BENCH_JMH_ITER:-3}
# 8 million: at 2 million, N = 8 gives each rank 250,000 records, under half a second of
# logging, and JIT compilation of the timed loop and of the aggregator falls inside the window.
node_total=${BENCH_NODE_TOTAL:-8000000}
drain_total=${BENCH_DRAIN_TOTAL:-2000000}
startup_runs=${BENCH_STARTUP_RUNS:-10}
skip=" ${BENCH_SKIP:-} "
agent_jar="$root/agent/target/nvrx-agent.jar"
bench_jar="$root/bench/target/benchmarks.jar"

echo "== build" >&2
mvn -B -q package -DskipTests -pl bench -am >&2

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "jdk=$(java -version 2>&1 | head -2 | tail -1)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$raw/machine.txt"

# Node-local mode for the agent's JMH forks (JMH forks inherit this environment; the
# contenders without -javaagent ignore it). A large spool: nothing is dropped.
export NVRX_LOG_MAX_FILE_SIZE_KB=65536 NVRX_LOG_MAX_LOG_FILES=0 LOCAL_RANK=0 NVRX_NODE_ID=bench \
       NVRX_AGGREGATOR_GRACE_MS=300 NVRX_EXIT_WAIT_MS=0
unset JAVA_TOOL_OPTIONS RANK SLURM_JOB_ID SLURM_PROCID SLURM_LOCALID || true

# Waits until the aggregator of a spool dir has delivered everything and exited, so that it
# never runs during the next contender's measurement.
wait_aggregator() {
  local dir=$1 i
  for i in $(seq 1 600); do
    pgrep -f "AggregatorMain $dir" > /dev/null || return 0
    sleep 0.2
  done
  echo "aggregator of $dir still running after 120 s" >&2
}

contenders="AgentNodeLocalJulBench AgentNodeLocalLog4j2ConsoleBench AgentNodeLocalLogbackConsoleBench AgentRegularJulBench AgentDisabledLevelBench
  Log4j2AllAsyncBench Log4j2FileBench LogbackAsyncBench LogbackFileBench JulFileBench JulNoOpHandlerBench"

if [[ $skip != *" jmh "* ]]; then
  for threads in 1 2; do
    for c in $contenders; do
      echo "== jmh $c, $threads thread(s)" >&2
      work=$(mktemp -d /tmp/nvrx-bench.XXXXXX)
      BENCH_OUT_DIR="$work/out" NVRX_NODE_LOCAL_TMPDIR="$work/spool" \
        java -jar "$bench_jar" "io.nvrx.bench.logcall.$c.logCall" -t "$threads" -i "$iter" \
          -prof gc -rf json -rff "$raw/jmh-$c-t$threads.json" > "$raw/jmh-$c-t$threads.log" 2>&1 \
        || echo "jmh $c failed: see $raw/jmh-$c-t$threads.log" >&2
      wait_aggregator "$work/spool"
      if [ -f "$work/spool/nvrx_log_bench.log" ]; then
        echo "$c t$threads $(wc -l < "$work/spool/nvrx_log_bench.log") $(grep -c 'dropped' "$work/spool/nvrx_log_bench.log" || true)" >> "$raw/jmh-nodelog-lines.txt"
      fi
      rm -rf "$work"
    done
  done
fi

if [[ $skip != *" paced "* ]]; then
  : > "$raw/paced.md"
  declare -A paced_flags=(
    [agent-jul]="-javaagent:$agent_jar"
    [agent-log4j2-console]="-javaagent:$agent_jar -Dlog4j2.configurationFile=bench/log4j2-console.xml"
    [agent-logback-console]="-javaagent:$agent_jar -Dlogback.configurationFile=bench/logback-console.xml"
    [log4j2-async]="-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector -Dlog4j2.configurationFile=bench/log4j2-async-raf.xml"
    [log4j2-file]="-Dlog4j2.configurationFile=bench/log4j2-file.xml"
    [logback-async]="-Dlogback.configurationFile=bench/logback-async.xml"
    [logback-file]="-Dlogback.configurationFile=bench/logback-file.xml"
    [jul-file]=""
  )
  for threads in 1 2; do
    for c in agent-jul agent-log4j2-console agent-logback-console log4j2-async log4j2-file logback-async logback-file jul-file; do
      echo "== paced $c, $threads thread(s)" >&2
      work=$(mktemp -d /tmp/nvrx-bench.XXXXXX)
      # shellcheck disable=SC2086
      BENCH_OUT_DIR="$work/out" NVRX_NODE_LOCAL_TMPDIR="$work/spool" \
        java -Xmx1g ${paced_flags[$c]} -cp "$bench_jar" io.nvrx.bench.paced.PacedLoad "$c" "$threads" 10000 2 3 "$raw/paced.md" \
        > /dev/null 2>> "$raw/paced.log" || echo "paced $c failed: see $raw/paced.log" >&2
      wait_aggregator "$work/spool"
      rm -rf "$work"
    done
  done
fi

if [[ $skip != *" node "* ]]; then
  # The harness tails the node log and times each line: a small heap and the serial collector
  # keep its own pauses (a G1 pause on 2 busy cores reached 100-150 ms) out of the delays.
  harness_flags="-XX:+UseSerialGC -Xmx256m"
  echo "== whole-process throughput" >&2
  java $harness_flags -cp "$bench_jar" io.nvrx.bench.node.NodeThroughput "$agent_jar" "$raw/node-throughput.md" throughput "$node_total" 1 2 4 8 2>> "$raw/node.log"
  echo "== the same throughput run without the agent (Log4j 2 all-async, a file per rank)" >&2
  java -cp "$bench_jar" io.nvrx.bench.node.AsyncBaseline "$raw/node-baseline.md" "$node_total" 1 2 4 8 2>> "$raw/node.log"
  echo "== aggregator capacity (drain)" >&2
  java $harness_flags -cp "$bench_jar" io.nvrx.bench.node.NodeThroughput "$agent_jar" "$raw/node-drain.md" drain "$drain_total" 1 8 2>> "$raw/node.log"
  echo "== whole-process end-to-end delay" >&2
  java $harness_flags -cp "$bench_jar" io.nvrx.bench.node.NodeThroughput "$agent_jar" "$raw/node-delay.md" delay 2500 3 1 2 4 8 2>> "$raw/node.log"
fi

if [[ $skip != *" startup "* ]]; then
  echo "== start-up" >&2
  java -cp "$bench_jar" io.nvrx.bench.startup.StartupBench "$agent_jar" "$startup_runs" "$raw/startup.md" > /dev/null
fi

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$raw/machine.txt"
echo "command=bench/run.sh${BENCH_SKIP:+ (BENCH_SKIP=$BENCH_SKIP)}" >> "$raw/machine.txt"
python3 bench/report.py "$raw" > bench/results/latest.md
echo "wrote bench/results/latest.md (raw data in $raw)" >&2
