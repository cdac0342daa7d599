package io.nvrx.it.apps.frameworks;

import io.nvrx.it.apps.Expect;
import org.apache.log4j.Logger;
import org.apache.log4j.PropertyConfigurator;

/**
 * An application logging through the Log4j 1.2 API (log4j 1.2.17 or reload4j). The first event
 * is logged before the framework is configured (Log4j 1 then prints a warning and drops it);
 * the configuration file (system property {@code appConfig}) is read after it. See
 * {@link Slf4jApp} for the arguments.
 */
public final class Log4j1App {
    public static void main(String[] args) throws Exception {
        Logger log = Logger.getLogger("app.train");
        Logger noisy = Logger.getLogger("app.noisy");
        log.info("before configuration");
        PropertyConfigurator.configure(System.getProperty("appConfig"));
        System.out.println("program output 1");
        Expect.at("Training started"); log.info("Training started");
        Expect.at("GPU memory usage high"); log.warn("GPU memory usage high");
        log.debug("debug below the console threshold");
        Expect.at("Rank 0 failed"); log.error("Rank 0 failed", Failures.withCauseAndSuppressed());
        Expect.at("parameter 42 formatted"); log.info("parameter " + 42 + " formatted");
        Expect.at("noisy logger with its own console"); noisy.info("noisy logger with its own console");
        Expect.at("fatal is critical"); log.fatal("fatal is critical");
        Thread worker = new Thread(() -> {
            Expect.at("from another thread"); log.info("from another thread");
        }, "worker-1");
        worker.start();
        worker.join();
        if (args.length > 1 && args[1].equals("bad")) {
            Expect.at("huge"); log.info(Failures.huge());
            Expect.at("controls"); log.warn(Failures.controls());
            Expect.at("null"); log.info(null);
            Expect.at("evil"); log.error("evil throwable", Failures.evil());
            Expect.at("cyclic"); log.error("cyclic cause", Failures.cyclic());
        }
        System.out.println("program output 2");
        org.apache.log4j.LogManager.shutdown(); // flushes an AsyncAppender
        System.exit(Integer.parseInt(args[0]));
    }
}
