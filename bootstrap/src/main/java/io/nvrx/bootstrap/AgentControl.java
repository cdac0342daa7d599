package io.nvrx.bootstrap;

/**
 * How the public API reaches the agent, if one is loaded: the agent registers itself here at
 * start-up. Without an agent the API still works, as a plain java.util.logging setup.
 */
public final class AgentControl {
    /** What the agent does when an application calls the setup API. */
    public interface Setup {
        /**
         * Applies the API's arguments. Without {@code forceReset} only the first call counts;
         * with it, configuration is rebuilt from system properties and the arguments.
         */
        void setup(String nodeLocalTmpDir, String nodeLocalTmpPrefix, boolean forceReset);
    }

    private static volatile Setup setup;

    private AgentControl() {}

    public static void register(Setup agentSetup) {
        setup = agentSetup;
    }

    /** Returns false when no agent is loaded. */
    public static boolean setup(String nodeLocalTmpDir, String nodeLocalTmpPrefix, boolean forceReset) {
        Setup target = setup;
        if (target == null) {
            return false;
        }
        try {
            target.setup(nodeLocalTmpDir, nodeLocalTmpPrefix, forceReset);
        } catch (Throwable failure) {
            Diagnostics.warnOnce("setup", "nvrx-agent: setup failed (" + failure + "); logging goes on as before");
        }
        return true;
    }

    public static boolean agentLoaded() {
        return setup != null;
    }
}
