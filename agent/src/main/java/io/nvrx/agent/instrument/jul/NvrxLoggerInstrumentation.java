package io.nvrx.agent.instrument.jul;

import io.nvrx.agent.instrument.AdviceHook;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;

/** {@code java.util.logging.Logger.getLogger(...)}: see {@link NvrxLoggerAdvice}. */
final class NvrxLoggerInstrumentation extends AdviceHook {
    NvrxLoggerInstrumentation() {
        super(JulHooks.LOGGER, NvrxLoggerAdvice.class);
    }

    @Override
    protected ElementMatcher<? super MethodDescription> methods() {
        return named("getLogger").and(isStatic());
    }
}
