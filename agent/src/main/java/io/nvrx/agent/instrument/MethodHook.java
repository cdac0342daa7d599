package io.nvrx.agent.instrument;

import java.util.function.Supplier;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * An {@link AdviceHook} declared in one line: the class, the methods (matched by name and
 * argument type names only) and the advice. Each framework's hook list is a table of these, so
 * where a framework is hooked reads in one place.
 */
public final class MethodHook extends AdviceHook {
    private final Supplier<ElementMatcher<? super MethodDescription>> methods;

    /**
     * @param methods builds the matcher when the target class loads: Byte Buddy's matchers are
     *                not built (nor Byte Buddy loaded) at the JVM's start-up
     */
    public MethodHook(String targetClassName, Supplier<ElementMatcher<? super MethodDescription>> methods,
                      Class<?> advice) {
        super(targetClassName, advice);
        this.methods = methods;
    }

    @Override
    protected ElementMatcher<? super MethodDescription> methods() {
        return methods.get();
    }
}
