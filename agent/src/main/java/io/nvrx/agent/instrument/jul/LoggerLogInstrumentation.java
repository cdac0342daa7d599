package io.nvrx.agent.instrument.jul;

import io.nvrx.agent.instrument.AdviceHook;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** {@code java.util.logging.Logger.log(LogRecord)}: see {@link LoggerLogAdvice}. */
final class LoggerLogInstrumentation extends AdviceHook {
    LoggerLogInstrumentation() {
        super(JulHooks.LOGGER, LoggerLogAdvice.class);
    }

    @Override
    protected ElementMatcher<? super MethodDescription> methods() {
        return named("log").and(takesArguments(1)).and(takesArgument(0, named("java.util.logging.LogRecord")));
    }
}
