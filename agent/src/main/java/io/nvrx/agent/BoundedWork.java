package io.nvrx.agent;

/**
 * Runs work on a daemon thread of its own and waits for it at most a bound: for what the agent
 * does while the JVM exits or handles a signal, where a blocked device (a full pipe, a stuck
 * writer holding a stream's lock) must never keep the application from going on.
 */
public final class BoundedWork {
    private BoundedWork() {}

    /** @return true if the work finished within {@code boundMillis} */
    public static boolean run(String threadName, Runnable work, long boundMillis) {
        Thread thread = new Thread(work, threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(boundMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }
}
