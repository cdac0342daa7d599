package io.nvrx.it.apps.frameworks;

import io.nvrx.it.apps.Expect;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An application on JBoss LogManager as the JUL manager, logging through JUL and through
 * JBoss Logging. See {@link Slf4jApp} for the arguments.
 */
public final class JbossApp {
    public static void main(String[] args) throws Exception {
        Logger log = Logger.getLogger("app.train");
        Logger noisy = Logger.getLogger("app.noisy");
        org.jboss.logging.Logger jboss = org.jboss.logging.Logger.getLogger("app.jboss");
        System.out.println("program output 1");
        Expect.at("Training started"); log.info("Training started");
        Expect.at("GPU memory usage high"); log.warning("GPU memory usage high");
        log.fine("debug below the console threshold");
        Expect.at("Rank 0 failed"); log.log(Level.SEVERE, "Rank 0 failed", Failures.withCauseAndSuppressed());
        Expect.at("parameter 42 formatted"); log.log(Level.INFO, "parameter {0} formatted", 42);
        Expect.at("noisy logger with its own console"); noisy.info("noisy logger with its own console");
        Expect.at("fatal is critical"); jboss.fatal("fatal is critical");
        Expect.at("jboss logging 7 formatted"); jboss.infof("jboss logging %d formatted", 7);
        Thread worker = new Thread(() -> {
            Expect.at("from another thread"); log.info("from another thread");
        }, "worker-1");
        worker.start();
        worker.join();
        if (args.length > 1 && args[1].equals("bad")) {
            Expect.at("huge"); log.info(Failures.huge());
            Expect.at("controls"); log.warning(Failures.controls());
            Expect.at("null"); log.info((String) null);
            Expect.at("evil"); log.log(Level.SEVERE, "evil throwable", Failures.evil());
            Expect.at("cyclic"); log.log(Level.SEVERE, "cyclic cause", Failures.cyclic());
        }
        System.out.println("program output 2");
        System.exit(Integer.parseInt(args[0]));
    }
}
