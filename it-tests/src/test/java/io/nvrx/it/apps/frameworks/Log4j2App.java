package io.nvrx.it.apps.frameworks;

import io.nvrx.it.apps.Expect;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** An application logging through the Log4j 2 API; see {@link Slf4jApp} for the arguments. */
public final class Log4j2App {
    public static void main(String[] args) throws Exception {
        Logger log = LogManager.getLogger("app.train");
        Logger noisy = LogManager.getLogger("app.noisy");
        System.out.println("program output 1");
        Expect.at("Training started"); log.info("Training started");
        Expect.at("GPU memory usage high"); log.warn("GPU memory usage high");
        log.debug("debug below the console threshold");
        Expect.at("Rank 0 failed"); log.error("Rank 0 failed", Failures.withCauseAndSuppressed());
        Expect.at("parameter 42 formatted"); log.info("parameter {} formatted", 42);
        Expect.at("noisy logger with its own console"); noisy.info("noisy logger with its own console");
        noisy.debug("noisy debug below its appender-ref level");
        Expect.at("fatal is critical"); log.fatal("fatal is critical");
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
        System.exit(Integer.parseInt(args[0]));
    }
}
