package io.nvrx.bootstrap;

/**
 * Test-only fault injection (NVRX_FAULT / nvrx.fault, parsed in the agent's config package):
 * the it-tests switch on one failure inside the agent and check that the application does not
 * notice. Off in every real run: the checks cost one read of a plain static field, placed only
 * where the agent already catches every failure.
 */
public final class Faults {
    /** An exception in every sink write (caught by {@link Router#route}). */
    public static final int SINK = 1;
    /** An exception in every hook, thrown to the inlined advice before the record is taken. */
    public static final int HOOK = 2;
    /** The agent's start-up fails after hooks and stream routing are in place. */
    public static final int START = 4;
    /** The agent's work at exit never ends (a writer stuck on a dead device, say). */
    public static final int STUCK_WRITER = 8;
    /** The spool's preparer thread makes no new spare while this is on (a disk under write-back throttling, say). */
    public static final int SLOW_SPARE = 16;

    private static int active;

    private Faults() {}

    /** Set once at start-up, before any hook can run. */
    public static void inject(int faults) {
        active = faults;
    }

    public static boolean on(int fault) {
        return (active & fault) != 0;
    }

    /** Throws the injected failure if {@code fault} is on. */
    public static void fail(int fault, String where) {
        if ((active & fault) != 0) {
            throw new IllegalStateException("injected fault in " + where + " (NVRX_FAULT)");
        }
    }
}
