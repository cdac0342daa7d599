package io.nvrx.samples;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stand-in for a JVM training job: it knows nothing of the agent. It logs through
 * java.util.logging, prints progress on System.err, prints its result on System.out, and
 * reports one recoverable error with a stack trace.
 */
public final class TrainingJob {
    private static final Logger LOG = Logger.getLogger(TrainingJob.class.getName());

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        String rank = System.getenv().getOrDefault("RANK", "0");
        LOG.info("Training started");
        for (int step = 1; step <= steps; step++) {
            LOG.info("step " + step + "/" + steps + " loss=" + String.format("%.3f", 1.0 / step));
            Thread.sleep(20);
        }
        if ("1".equals(rank)) {
            LOG.log(Level.WARNING, "GPU memory usage high");
            try {
                throw new IllegalStateException("checkpoint shard missing");
            } catch (IllegalStateException e) {
                LOG.log(Level.SEVERE, "Rank " + rank + " could not load its checkpoint", e);
            }
        }
        System.err.println("progress: done on rank " + rank);
        System.out.println("result rank=" + rank + " accuracy=0.97");
    }
}
