#!/usr/bin/env bash
# The README's demo: builds the agent, then launches four ranks of the sample training job
# (io.nvrx.samples.TrainingJob, which knows nothing of the agent) on this machine as a launcher
# would on one node, in node-local mode. Their records go to one time-ordered node log; this
# prints where it is and its head.
#
#   ./demo.sh [steps]        (NVRX_NODE_LOCAL_TMPDIR picks the tmp dir; default: a new one)
set -euo pipefail
cd "$(dirname "$0")"

echo "building the agent and the samples (mvn -B -q package -DskipTests) ..."
mvn -B -q package -DskipTests

AGENT=agent/target/nvrx-agent.jar
SAMPLES=samples/target/nvrx-samples.jar
STEPS=${1:-5}
TMP=${NVRX_NODE_LOCAL_TMPDIR:-$(mktemp -d "${TMPDIR:-/tmp}/nvrx-demo.XXXXXX")}

echo "java -jar $AGENT launch --nproc 4 --tmpdir $TMP -- java -cp $SAMPLES io.nvrx.samples.TrainingJob $STEPS"
status=0
java -jar "$AGENT" launch --nproc 4 --tmpdir "$TMP" -- \
  java -cp "$SAMPLES" io.nvrx.samples.TrainingJob "$STEPS" || status=$?

# Each rank waited at exit until its records were in the node log (NVRX_EXIT_WAIT_MS).
LOG=$(find "$TMP" -name 'nvrx_log_*.log' | head -n 1)
echo
echo "node log: $LOG ($(wc -l < "$LOG") lines)"
head -n 40 "$LOG"
exit $status
