package io.nvrx.it.apps;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * An application that knows nothing of the agent: java.util.logging with its default console
 * handler, a FileHandler of its own, the nvrx logger, System.err lines, a printed stack trace,
 * and program output on stdout. The first argument picks an exit code.
 */
public final class JulApp {
    private static final Logger LOG = Logger.getLogger("app.jul");

    public static void main(String[] args) throws Exception {
        int exitCode = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String appLog = args.length > 1 ? args[1] : null;
        if (appLog != null) {
            FileHandler file = new FileHandler(appLog);
            file.setFormatter(new SimpleFormatter());
            LOG.addHandler(file);
        }
        System.out.println("program output 1");
        Expect.at("Training started"); LOG.info("Training started");
        Expect.at("GPU memory usage high"); LOG.warning("GPU memory usage high");
        LOG.fine("fine is below the console's INFO level");
        LOG.config("config is below the root logger's INFO level");
        Expect.at("Rank 0 failed"); LOG.log(Level.SEVERE, "Rank 0 failed", new IllegalStateException("boom"));
        Expect.at("parameter 42 formatted"); LOG.log(Level.INFO, "parameter {0} formatted", 42);

        Logger nvrx = Logger.getLogger("nvrx");
        Expect.at("nvrx info"); nvrx.info("nvrx info");
        Expect.at("nvrx debug"); nvrx.fine("nvrx debug");

        Expect.at("plain stderr line"); System.err.println("plain stderr line");
        Expect.at("java.lang.RuntimeException: printed"); new RuntimeException("printed").printStackTrace();
        System.out.println("program output 2");
        if (appLog != null) {
            for (var handler : LOG.getHandlers()) {
                handler.close();
            }
            System.out.println("app log lines: " + Files.readAllLines(Paths.get(appLog)).size());
        }
        System.exit(exitCode);
    }

}
