package io.nvrx.agent.stdio;

import io.nvrx.agent.sink.CallerLocator;

/**
 * Who printed a line on a standard stream, from one stack walk: the caller's file:line and
 * whether the line is being printed by {@code Throwable.printStackTrace}.
 */
final class StreamCaller {
    private static final StackWalker WALKER = StackWalker.getInstance();

    final String callSite;
    final boolean insideStackTrace;

    private StreamCaller(String callSite, boolean insideStackTrace) {
        this.callSite = callSite;
        this.insideStackTrace = insideStackTrace;
    }

    static StreamCaller find(String streamCallSite) {
        return WALKER.walk(frames -> {
            boolean inTrace = false;
            java.util.Iterator<StackWalker.StackFrame> it = frames.iterator();
            while (it.hasNext()) {
                StackWalker.StackFrame frame = it.next();
                String cls = frame.getClassName();
                if (cls.equals("java.lang.Throwable") && frame.getMethodName().startsWith("printStackTrace")) {
                    inTrace = true;
                }
                if (!CallerLocator.isInfrastructure(cls)) {
                    return new StreamCaller(CallerLocator.fileAndLine(frame), inTrace);
                }
            }
            return new StreamCaller(streamCallSite, inTrace);
        });
    }
}
