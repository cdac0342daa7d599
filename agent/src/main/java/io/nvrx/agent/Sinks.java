package io.nvrx.agent;

import io.nvrx.agent.config.AgentConfig;
import io.nvrx.agent.format.JsonFormatter;
import io.nvrx.agent.format.LineFormatter;
import io.nvrx.agent.format.RecordFormatter;
import io.nvrx.agent.rank.RankInfo;
import io.nvrx.agent.sink.ConsoleSink;
import io.nvrx.agent.spool.NodeLocalMode;
import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.jul.NvrxLoggerSetup;

import java.io.PrintStream;

/**
 * Chooses and installs the sink for a configuration: the console in regular mode, this
 * process's spool in node-local mode. Called at start-up and again by the API's forceReset.
 */
final class Sinks {
    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final RankInfo rank;
    private final String agentJar;
    private RecordSink current;
    private final NodeLocalMode nodeLocal = new NodeLocalMode();

    Sinks(PrintStream originalOut, PrintStream originalErr, RankInfo rank, String agentJar) {
        this.originalOut = originalOut;
        this.originalErr = originalErr;
        this.rank = rank;
        this.agentJar = agentJar;
    }

    synchronized void apply(AgentConfig config) {
        NvrxLoggerSetup.setDebug(config.logDebug);
        RecordFormatter formatter = config.jsonFormat
                ? new JsonFormatter(rank, config.utc) : new LineFormatter(rank, config.utc);
        RecordSink sink = new ConsoleSink(formatter, originalOut, originalErr, config.logToStdout);
        if (config.nodeLocal()) {
            sink = nodeLocal.apply(config, rank, formatter, sink, agentJar);
        } else {
            nodeLocal.stop();
        }
        current = sink;
        ConsoleRouting.routeAllAtOrAbove(config.routeAllLevel);
        Router.install(sink);
    }

    synchronized void close() {
        // The console sink holds nothing; the spool waits (bounded) for delivery to the node log.
        nodeLocal.closeAtExit();
    }
}
