package io.nvrx.it.apps.frameworks;

/** Throwables the framework test applications log: ordinary, and hostile ones for the bad-input runs. */
public final class Failures {
    private Failures() {}

    /** A failure with a cause and a suppressed exception: all three must appear in the record. */
    public static Throwable withCauseAndSuppressed() {
        IllegalStateException failure = new IllegalStateException("boom", new RuntimeException("root cause"));
        failure.addSuppressed(new IllegalArgumentException("cleanup failed"));
        return failure;
    }

    /** One MiB of text after a short prefix. */
    public static String huge() {
        return "huge:" + "x".repeat(1 << 20);
    }

    /** A carriage return, a NUL and a lone surrogate inside one message. */
    public static String controls() {
        return "cr\rnul\0lone\uD800surrogate";
    }

    /** A throwable whose toString() throws. */
    public static Throwable evil() {
        return new EvilException();
    }

    /** a -> b -> a. */
    public static Throwable cyclic() {
        RuntimeException a = new RuntimeException("cycle a");
        RuntimeException b = new RuntimeException("cycle b", a);
        a.initCause(b);
        return a;
    }

    static final class EvilException extends RuntimeException {
        EvilException() {
            super("evil message");
        }

        @Override
        public String toString() {
            throw new UnsupportedOperationException("toString refuses");
        }
    }
}
