package io.nvrx.agent;

import io.nvrx.agent.config.AgentConfig;
import io.nvrx.agent.config.ConfigSource;
import io.nvrx.agent.instrument.HookSets;
import io.nvrx.agent.instrument.HookTransformer;
import io.nvrx.agent.instrument.callsite.CallSiteRewriter;
import io.nvrx.agent.rank.ParentProcess;
import io.nvrx.agent.rank.RankDetector;
import io.nvrx.agent.rank.RankInfo;
import io.nvrx.agent.stdio.LineRoutingStream;
import io.nvrx.agent.stdio.StandardStreams;
import io.nvrx.bootstrap.AgentControl;
import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.Faults;
import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.fork.ChildArming;

import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent proper, started by {@link io.nvrx.agent.launch.NvrxPremain} once it has decided to
 * run: read the configuration once, detect ranks, choose the sink, install the hooks, replace
 * System.err. It never initialises java.util.logging's LogManager and never loads a logging
 * framework. Any failure switches the agent off and restores the standard streams.
 */
public final class NvrxAgent {
    /** How much longer than NVRX_EXIT_WAIT_MS the exit work may take before the JVM goes on without it. */
    private static final long EXIT_MARGIN_MS = 3000;

    private NvrxAgent() {}

    public static void start(String agentArgs, Instrumentation inst, String agentJar) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        Diagnostics.useStream(originalErr, false);
        try {
            ConfigSource source = ConfigSource.ofJvm(agentArgs);
            AgentConfig config = new AgentConfig(source);
            Diagnostics.useStream(originalErr, config.agentDebug);
            Faults.inject(config.faults);
            RankInfo rank = new RankDetector(source).detect();
            Sinks sinks = new Sinks(originalOut, originalErr, rank, agentJar);
            sinks.apply(config);
            AgentControl.register(new ApiSetup(sinks, agentArgs));

            Router.leaveAlone((config.parentReadsStdout ? RecordSink.STDOUT : 0)
                    | (config.parentReadsStderr ? RecordSink.STDERR : 0));
            if (config.armChildren) {
                ChildArming.enable(agentJar, ParentProcess.describe(rank, config.job), System.getenv());
            }
            installHooks(inst);
            List<LineRoutingStream> routed = new ArrayList<>();
            if (config.routeStderr && !config.parentReadsStderr) {
                routed.add(StandardStreams.routeStderr(originalErr));
            }
            if (config.routeStdout && !config.parentReadsStdout) {
                routed.add(StandardStreams.routeStdout(originalOut));
            }
            if (config.threadDumpOnTerm) {
                io.nvrx.agent.threaddump.ThreadDumpOnTerm.install();
            }
            long exitBoundMs = config.exitWaitMs + EXIT_MARGIN_MS;
            Runtime.getRuntime().addShutdownHook(new Thread("nvrx-agent-exit") {
                @Override
                public void run() {
                    atExitBounded(routed, sinks, exitBoundMs);
                }
            });
            Faults.fail(Faults.START, "start-up");
            Diagnostics.debug("started: " + rank.headerFields() + " " + config);
        } catch (Throwable failure) {
            Router.install(null);
            ChildArming.disable();
            System.setOut(originalOut);
            System.setErr(originalErr);
            Diagnostics.warn("nvrx-agent: could not start (" + failure + "); the JVM runs without it");
        }
    }

    private static void installHooks(Instrumentation inst) throws Exception {
        // Names only: no advice class, matcher or Byte Buddy type loads until a hooked class does.
        HookTransformer transformer = new HookTransformer(HookSets.all(), inst, new CallSiteRewriter());
        inst.addTransformer(transformer, true);
        List<Class<?>> alreadyLoaded = new ArrayList<>();
        for (Class<?> loaded : inst.getAllLoadedClasses()) {
            if (transformer.rewrites(loaded.getName()) && inst.isModifiableClass(loaded)) {
                alreadyLoaded.add(loaded);
            }
        }
        if (!alreadyLoaded.isEmpty()) {
            inst.retransformClasses(alreadyLoaded.toArray(new Class<?>[0]));
        }
    }

    /**
     * The exit work runs on a daemon thread that the shutdown hook waits for at most
     * {@code boundMs}: a JVM waits for every shutdown hook, so exit work stuck on a dead
     * device must never keep the application from exiting.
     */
    private static void atExitBounded(List<LineRoutingStream> routed, Sinks sinks, long boundMs) {
        // A named class, not a lambda: the JVM would spin the lambda's class at every exit.
        boolean finished = BoundedWork.run("nvrx-agent-exit-work", new Runnable() {
            @Override
            public void run() {
                atExit(routed, sinks);
            }
        }, boundMs);
        if (!finished) {
            // Not waited for: what kept the exit work from finishing may block this too.
            Diagnostics.warnWithoutWaiting("nvrx-agent: the agent's exit work did not finish in " + boundMs
                    + " ms; the JVM exits without it (records not yet written are lost)");
        }
    }

    private static void atExit(List<LineRoutingStream> routed, Sinks sinks) {
        try {
            if (Faults.on(Faults.STUCK_WRITER)) {
                stuckForever();
            }
            for (LineRoutingStream stream : routed) {
                stream.flushAtExit();
            }
            sinks.close();
        } catch (Throwable failure) {
            Diagnostics.warn("nvrx-agent: at exit: " + failure);
        }
    }

    /** The injected stuck-writer fault: blocks like a write to a hung device (test only). */
    private static void stuckForever() {
        while (true) {
            java.util.concurrent.locks.LockSupport.park();
        }
    }

    /** The public API's setup: the first call, or any with forceReset, applies its arguments. */
    private static final class ApiSetup implements AgentControl.Setup {
        private final Sinks sinks;
        private final String agentArgs;
        private boolean applied;

        ApiSetup(Sinks sinks, String agentArgs) {
            this.sinks = sinks;
            this.agentArgs = agentArgs;
        }

        @Override
        public synchronized void setup(String tmpDir, String prefix, boolean forceReset) {
            if (applied && !forceReset) {
                return;
            }
            applied = true;
            if (!forceReset && tmpDir == null && prefix == null) {
                return; // the configuration read at start-up stands
            }
            java.util.Properties properties = new java.util.Properties();
            properties.putAll(System.getProperties());
            if (tmpDir != null) {
                properties.setProperty("nvrx.node_local_tmpdir", tmpDir);
            }
            if (prefix != null) {
                properties.setProperty("nvrx.node_local_tmp_prefix", prefix);
            }
            ConfigSource source = new ConfigSource(agentArgs, properties, System.getenv(),
                    io.nvrx.agent.config.Setting.keys());
            sinks.apply(new AgentConfig(source));
        }
    }
}
