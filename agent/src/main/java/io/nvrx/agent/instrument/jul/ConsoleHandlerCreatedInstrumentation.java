package io.nvrx.agent.instrument.jul;

import io.nvrx.agent.instrument.AdviceHook;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;

/** {@code java.util.logging.ConsoleHandler}'s constructors: see {@link ConsoleHandlerCreatedAdvice}. */
final class ConsoleHandlerCreatedInstrumentation extends AdviceHook {
    ConsoleHandlerCreatedInstrumentation() {
        super("java.util.logging.ConsoleHandler", ConsoleHandlerCreatedAdvice.class);
    }

    @Override
    protected ElementMatcher<? super MethodDescription> methods() {
        return isConstructor();
    }
}
