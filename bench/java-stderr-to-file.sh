#!/bin/sh
# JMH fork launcher for console contenders (@Fork(jvm = "bench/java-stderr-to-file.sh")):
# the forked JVM's stderr, where the agent's regular mode writes its lines, goes to a file, as
# a batch job's console usually does, instead of through a pipe that JMH would have to drain.
# JMH talks to its fork over a socket, never over stdio. Regular mode: no spool directory.
unset NVRX_NODE_LOCAL_TMPDIR
out=${BENCH_OUT_DIR:-${TMPDIR:-/tmp}}
mkdir -p "$out"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
exec "$java" "$@" 2>> "$out/console-stderr.log"
