package io.nvrx.bootstrap;

/**
 * Called by application code whose logger calls were rewritten at class load: the source
 * file and line of the call are constants in the rewritten code, so the hook never has to walk
 * the stack to find them. {@code mark} runs just before the logger call, {@code clear} just
 * after it.
 */
public final class CallSites {
    private CallSites() {}

    public static void mark(String fileAndLine) {
        ThreadState.get().callSite = fileAndLine;
    }

    public static void clear() {
        ThreadState.get().callSite = null;
    }
}
