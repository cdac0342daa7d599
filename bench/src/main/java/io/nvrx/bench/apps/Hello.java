package io.nvrx.bench.apps;

/** The start-up benchmark's program: as little as a JVM can do. */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
