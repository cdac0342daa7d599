package io.nvrx.agent.instrument.jul;

import io.nvrx.agent.instrument.AdviceHook;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/** {@code java.util.logging.ConsoleHandler.publish(LogRecord)}: see {@link ConsoleHandlerAdvice}. */
final class ConsoleHandlerInstrumentation extends AdviceHook {
    ConsoleHandlerInstrumentation() {
        super(JulHooks.CONSOLE_HANDLER, ConsoleHandlerAdvice.class);
    }

    @Override
    protected ElementMatcher<? super MethodDescription> methods() {
        return named("publish").and(takesArguments(1)).and(takesArgument(0, named("java.util.logging.LogRecord")));
    }
}
