#!/usr/bin/env bash
# merge throughput: 8 generated node logs totalling 1 GB, merged with a 256 MB heap.
# Usage: bench/cli/merge-bench.sh [TOTAL_MB] [NODES]   (needs agent/target/nvrx-agent.jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
total_mb=${1:-1024}
nodes=${2:-8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java bench/cli/GenerateNodeLogs.java "$work/logs" "$nodes" "$total_mb"
bytes=$(cat "$work"/logs/* | wc -c)
cat "$work"/logs/* > /dev/null   # warm the page cache: measure the tool, not the disk
for run in 1 2 3; do
  start=$(date +%s.%N)
  java -Xmx256m -jar agent/target/nvrx-agent.jar merge --zone UTC "$work/logs" > "$work/merged.log"
  end=$(date +%s.%N)
  awk -v b="$bytes" -v s="$start" -v e="$end" -v r="$run" \
    'BEGIN { printf "run %d: %.0f MB in %.2f s = %.0f MB/s\n", r, b/1048576, e-s, b/1048576/(e-s) }'
done
out=$(wc -c < "$work/merged.log")
[ "$out" = "$bytes" ] && echo "output: $out bytes, same size as the input" || { echo "output size $out != input $bytes"; exit 1; }
