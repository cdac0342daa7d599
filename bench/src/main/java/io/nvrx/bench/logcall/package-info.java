/**
 * JMH: the app thread's cost of one log call, one class per contender, each with its own
 * configuration (class path resource under {@code bench/}, chosen by a system property in the
 * class's {@code @Fork}). Run by bench/run.sh, one contender per JMH invocation so that an
 * aggregator or async writer still draining one contender's output never runs during the next.
 * The agent's benchmarks need {@code agent/target/nvrx-agent.jar} relative to the working
 * directory (run from the repository root) and node-local mode's environment (set by run.sh).
 */
package io.nvrx.bench.logcall;
