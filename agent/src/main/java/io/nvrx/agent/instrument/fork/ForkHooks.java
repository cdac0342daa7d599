package io.nvrx.agent.instrument.fork;

import io.nvrx.agent.instrument.Hook;

import java.util.Collections;
import java.util.List;

/** Child processes: {@code ProcessBuilder.start} arms a child JVM ({@link ProcessBuilderInstrumentation}). */
public final class ForkHooks {
    static final String PROCESS_BUILDER = "java.lang.ProcessBuilder";

    /**
     * The classes hooked, comma-separated: a compile-time constant, which
     * {@link io.nvrx.agent.instrument.HookSets} reads without loading this class. The hooks must
     * rewrite exactly these (HookSetsTest).
     */
    public static final String CLASSES = PROCESS_BUILDER;

    public List<Hook> hooks() {
        return Collections.singletonList(new ProcessBuilderInstrumentation());
    }
}
