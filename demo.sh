#!/usr/bin/env bash
# Builds the agent, then runs 4 ranks of an unmodified sample training job on this node.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q package -DskipTests
JAR="$PWD/agent/target/nvrx-agent.jar"
echo "== 4 ranks of io.nvrx.samples.TrainingJob with -javaagent:$JAR"
pids=()
for rank in 0 1 2 3; do
  RANK=$rank LOCAL_RANK=$rank java -javaagent:"$JAR" -cp samples/target/nvrx-samples.jar \
    io.nvrx.samples.TrainingJob 3 &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
exit $status
