package io.nvrx.agent.instrument;

import java.util.List;

/**
 * One framework's hooks. The classes it rewrites are known by name at start-up; the hooks
 * themselves are built only when the first of those classes loads. Building them loads the
 * advice classes and spins the matchers' lambdas, which a hello world that uses no logging
 * framework must not pay for at start-up (see README "Benchmarks", start-up).
 */
public interface HookSet {
    /** Binary names with dots of every class {@link #hooks()} rewrites. */
    String[] targetClasses();

    /** The hooks; each {@link Hook#targetClass()} is one of {@link #targetClasses()}. */
    List<Hook> hooks();
}
