package io.nvrx.it.apps;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.MemoryHandler;

/**
 * java.util.logging set-ups found in review (2026-11-30): {@code sampling}, a filter that keeps
 * every second record on the root's ConsoleHandler; {@code memory}, a MemoryHandler in front of
 * a ConsoleHandler pushing records with one message when a SEVERE one comes.
 */
public final class JulEdgeApp {
    public static void main(String[] args) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Logger log = Logger.getLogger("app.edge");
        if (args[0].equals("sampling")) {
            ConsoleHandler console = new ConsoleHandler();
            AtomicInteger calls = new AtomicInteger();
            console.setFilter(r -> calls.incrementAndGet() % 2 == 0);
            root.addHandler(console);
            for (int i = 1; i <= 4; i++) {
                log.info("record " + i);
            }
            System.out.println("FILTER CALLS " + calls.get());
        } else {
            root.addHandler(new MemoryHandler(new ConsoleHandler(), 100, Level.SEVERE));
            log.info("tick");
            log.info("tick");
            log.info("tick");
            log.severe("tick");
        }
    }
}
