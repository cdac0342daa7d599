package io.nvrx.agent.spool;

/**
 * Who wrote a spool file: the process id plus the process's start time. Containers and long
 * jobs reuse process ids; the pair does not repeat.
 */
public final class ProcessIdentity {
    public final long pid;
    /** The process's start, epoch milliseconds (from /proc on Linux; the JVM's own clock elsewhere). */
    public final long startMillis;
    /** {@code <pid>-<start>}, as in file names. */
    public final String id;

    public ProcessIdentity(long pid, long startMillis, String id) {
        this.pid = pid;
        this.startMillis = startMillis;
        this.id = id;
    }

    public static ProcessIdentity current() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis());
        return new ProcessIdentity(self.pid(), start, self.pid() + "-" + start);
    }

    /** The same process with a suffix, for the rare clash of two live files with one name. */
    ProcessIdentity withSuffix(int k) {
        return new ProcessIdentity(pid, startMillis, pid + "-" + startMillis + "-" + k);
    }

    @Override
    public String toString() {
        return id;
    }
}
