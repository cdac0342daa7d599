package io.nvrx.agent.instrument.fork;

import io.nvrx.agent.instrument.Hook;
import io.nvrx.agent.instrument.HookSet;

import java.util.Collections;
import java.util.List;

/** Child processes: {@code ProcessBuilder.start} arms a child JVM ({@link ProcessBuilderInstrumentation}). */
public final class ForkHooks implements HookSet {
    static final String PROCESS_BUILDER = "java.lang.ProcessBuilder";

    @Override
    public String[] targetClasses() {
        return new String[] {PROCESS_BUILDER};
    }

    @Override
    public List<Hook> hooks() {
        return Collections.singletonList(new ProcessBuilderInstrumentation());
    }
}
