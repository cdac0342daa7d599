package io.nvrx.agent.threaddump;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Every thread's stack, state and locks, in jstack's shape. ThreadInfo.toString() stops after
 * eight frames, so the text is built here, with every frame.
 */
final class ThreadDump {
    private ThreadDump() {}

    static String text() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = threads.dumpAllThreads(threads.isObjectMonitorUsageSupported(),
                threads.isSynchronizerUsageSupported());
        StringBuilder s = new StringBuilder(infos.length * 1024);
        for (ThreadInfo info : infos) {
            append(s, info);
        }
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            s.append("Deadlock among thread ids ").append(java.util.Arrays.toString(deadlocked)).append('\n');
        }
        return s.toString();
    }

    static int count(String dump) {
        int n = 0;
        for (int i = dump.indexOf("\n\""); i >= 0; i = dump.indexOf("\n\"", i + 1)) {
            n++;
        }
        return dump.startsWith("\"") ? n + 1 : n;
    }

    private static void append(StringBuilder s, ThreadInfo info) {
        s.append('"').append(info.getThreadName()).append("\" #").append(info.getThreadId());
        if (info.isDaemon()) {
            s.append(" daemon");
        }
        s.append(" prio=").append(info.getPriority()).append(' ').append(info.getThreadState());
        if (info.getLockName() != null) {
            s.append(" on ").append(info.getLockName());
            if (info.getLockOwnerName() != null) {
                s.append(" owned by \"").append(info.getLockOwnerName()).append("\" #").append(info.getLockOwnerId());
            }
        }
        s.append('\n');
        StackTraceElement[] frames = info.getStackTrace();
        MonitorInfo[] monitors = info.getLockedMonitors();
        for (int depth = 0; depth < frames.length; depth++) {
            appendFrame(s.append("\tat "), frames[depth]).append('\n');
            if (depth == 0 && info.getLockInfo() != null) {
                s.append("\t- ").append(waitVerb(info)).append(' ').append(info.getLockInfo()).append('\n');
            }
            for (MonitorInfo monitor : monitors) {
                if (monitor.getLockedStackDepth() == depth) {
                    s.append("\t- locked ").append(monitor).append('\n');
                }
            }
        }
        LockInfo[] synchronizers = info.getLockedSynchronizers();
        if (synchronizers.length > 0) {
            s.append("\tLocked synchronizers:\n");
            for (LockInfo lock : synchronizers) {
                s.append("\t- ").append(lock).append('\n');
            }
        }
        s.append('\n');
    }

    /** class.method(File.java:line), without the module and loader prefixes StackTraceElement adds. */
    private static StringBuilder appendFrame(StringBuilder s, StackTraceElement frame) {
        s.append(frame.getClassName()).append('.').append(frame.getMethodName()).append('(');
        if (frame.isNativeMethod()) {
            s.append("Native Method");
        } else if (frame.getFileName() == null) {
            s.append("Unknown Source");
        } else {
            s.append(frame.getFileName());
            if (frame.getLineNumber() >= 0) {
                s.append(':').append(frame.getLineNumber());
            }
        }
        return s.append(')');
    }

    private static String waitVerb(ThreadInfo info) {
        switch (info.getThreadState()) {
            case BLOCKED: return "blocked on";
            case WAITING: case TIMED_WAITING: return "waiting on";
            default: return "on";
        }
    }
}
