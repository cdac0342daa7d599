package io.nvrx.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * An {@link AdviceHook} declared in one line: the class, the methods (matched by name and
 * argument type names only) and the advice. Each framework's hook list is a table of these, so
 * where a framework is hooked reads in one place.
 */
public final class MethodHook extends AdviceHook {
    private final ElementMatcher<? super MethodDescription> methods;

    public MethodHook(String targetClassName, ElementMatcher<? super MethodDescription> methods, Class<?> advice) {
        super(targetClassName, advice);
        this.methods = methods;
    }

    @Override
    protected ElementMatcher<? super MethodDescription> methods() {
        return methods;
    }
}
