package io.nvrx.agent.instrument;

/**
 * One instrumentation: the exact class it rewrites and how. Matching by exact name keeps a
 * framework that is absent free of cost, and keeps Byte Buddy itself unloaded until a hooked
 * class actually loads.
 */
public interface Hook {
    /** Binary name with slashes, as the JVM hands it to a transformer: {@code java/util/logging/ConsoleHandler}. */
    String targetClass();

    /** Returns the rewritten class file, or null to leave the class as it is. */
    byte[] apply(byte[] classFile, ClassLoader loader);
}
