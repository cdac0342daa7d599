package io.nvrx.bench.node;

import java.util.logging.Logger;

/**
 * One rank of a whole-process run with the agent: logs through java.util.logging (its default
 * ConsoleHandler, routed by the agent); the loop and its arguments are {@link RankLoop}'s.
 * The node log names this file as the call site of every record.
 */
public final class RankApp {
    private RankApp() {}

    public static void main(String[] args) throws Exception {
        Logger logger = Logger.getLogger("bench.rank");
        long slowest = RankLoop.run(args, new RankLoop.Log() {
            @Override
            public void info(String message) {
                logger.info(message);
            }
        });
        System.out.println("SLOWEST " + slowest); // stdout is not routed (NVRX_ROUTE_STDOUT unset)
    }
}
