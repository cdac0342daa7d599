package io.nvrx.agent.instrument.fork;

import io.nvrx.agent.instrument.AdviceHook;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** {@code java.lang.ProcessBuilder.start(Redirect[])}: see {@link ProcessBuilderAdvice}. */
public final class ProcessBuilderInstrumentation extends AdviceHook {
    public ProcessBuilderInstrumentation() {
        super(ForkHooks.PROCESS_BUILDER, ProcessBuilderAdvice.class);
    }

    @Override
    protected ElementMatcher<? super MethodDescription> methods() {
        return named("start").and(isPrivate()).and(takesArguments(1));
    }
}
