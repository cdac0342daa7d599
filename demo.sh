#!/usr/bin/env bash
# The README's demo: four ranks of the sample training job (io.nvrx.samples.TrainingJob) on this
# machine, in node-local mode, as a launcher would start them on one node (RANK and LOCAL_RANK
# set per process). Their records go to one time-ordered node log; this prints where it is and
# its head. Builds the jars first if they are missing.
#
#   ./demo.sh [steps]        (NVRX_NODE_LOCAL_TMPDIR picks the tmp dir; default: a new one)
set -euo pipefail
cd "$(dirname "$0")"

AGENT=agent/target/nvrx-agent.jar
SAMPLES=samples/target/nvrx-samples.jar
if [[ ! -f $AGENT || ! -f $SAMPLES ]]; then
  echo "building the agent and the samples (mvn -B -q package -DskipTests) ..."
  mvn -B -q package -DskipTests
fi

STEPS=${1:-5}
TMP=${NVRX_NODE_LOCAL_TMPDIR:-$(mktemp -d "${TMPDIR:-/tmp}/nvrx-demo.XXXXXX")}
export NVRX_NODE_LOCAL_TMPDIR=$TMP

echo "starting 4 ranks with NVRX_NODE_LOCAL_TMPDIR=$TMP"
pids=()
for rank in 0 1 2 3; do
  RANK=$rank LOCAL_RANK=$rank java -javaagent:"$AGENT" -cp "$SAMPLES" io.nvrx.samples.TrainingJob "$STEPS" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=$?
done

# Each rank waited at exit until its records were in the node log (NVRX_EXIT_WAIT_MS).
LOG=$(ls "$TMP"/nvrx_log_*.log)
echo
echo "node log: $LOG ($(wc -l < "$LOG") lines)"
head -n 40 "$LOG"
exit $status
