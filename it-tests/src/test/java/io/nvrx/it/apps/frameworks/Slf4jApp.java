package io.nvrx.it.apps.frameworks;

import io.nvrx.it.apps.Expect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application logging through the SLF4J API, for whichever binding its class path holds
 * (Logback 1.2/1.5, slf4j-simple, log4j-slf4j2-impl). Arguments: exit code, then "bad" for the
 * bad-input script. Uses only API methods SLF4J 1.7 has.
 */
public final class Slf4jApp {
    /** Stops the binding's logger context if it has one (Logback's LoggerContext.stop). */
    static void stopBinding() {
        Object factory = LoggerFactory.getILoggerFactory();
        try {
            factory.getClass().getMethod("stop").invoke(factory);
        } catch (NoSuchMethodException none) {
            // slf4j-simple and others: nothing to stop
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Logger log = LoggerFactory.getLogger("app.train");
        Logger noisy = LoggerFactory.getLogger("app.noisy");
        System.out.println("program output 1");
        Expect.at("Training started"); log.info("Training started");
        Expect.at("GPU memory usage high"); log.warn("GPU memory usage high");
        log.debug("debug below the console threshold");
        Expect.at("Rank 0 failed"); log.error("Rank 0 failed", Failures.withCauseAndSuppressed());
        Expect.at("parameter 42 formatted"); log.info("parameter {} formatted", 42);
        Expect.at("noisy logger with its own console"); noisy.info("noisy logger with its own console");
        Thread worker = new Thread(() -> {
            Expect.at("from another thread"); log.info("from another thread");
        }, "worker-1");
        worker.start();
        worker.join();
        if (args.length > 1 && args[1].equals("bad")) {
            Expect.at("huge"); log.info(Failures.huge());
            Expect.at("controls"); log.warn(Failures.controls());
            Expect.at("null"); log.info((String) null);
            Expect.at("evil"); log.error("evil throwable", Failures.evil());
            Expect.at("cyclic"); log.error("cyclic cause", Failures.cyclic());
        }
        System.out.println("program output 2");
        stopBinding(); // Logback: drains an AsyncAppender's queue
        System.exit(Integer.parseInt(args[0]));
    }
}
