package io.nvrx.it.apps;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * java.util.logging set-ups where "once per record" and "the stream it was going to" matter:
 * two console handlers on one record's path, one LogRecord object logged twice, and a console
 * handler created while System.err was the app's own capture stream (its file: args[0]).
 */
public final class JulStreamsApp {
    public static void main(String[] args) throws Exception {
        Logger siblings = Logger.getLogger("app.siblings");
        siblings.addHandler(new ConsoleHandler()); // plus the root logger's ConsoleHandler
        siblings.info("one record, two console handlers");

        Logger plain = Logger.getLogger("app.plain");
        LogRecord record = new LogRecord(Level.INFO, "one LogRecord object logged twice");
        plain.log(record);
        plain.log(record);

        PrintStream capture = new PrintStream(new FileOutputStream(args[0]), true, "UTF-8");
        PrintStream stderr = System.err;
        System.setErr(capture);
        ConsoleHandler captured = new ConsoleHandler();
        System.setErr(stderr);
        Logger mine = Logger.getLogger("app.captured");
        mine.setUseParentHandlers(false);
        mine.addHandler(captured);
        mine.info("into the app's own capture stream");
        captured.close();
        System.out.println("done");
    }
}
