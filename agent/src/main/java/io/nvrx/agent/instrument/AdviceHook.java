package io.nvrx.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * A hook that inlines one Byte Buddy advice class into the matching methods of one class.
 * Each framework's instrumentation package has one small subclass (or {@link MethodHook} line)
 * per hooked class. Nothing of Byte Buddy is touched until {@link #apply} runs, that is, until
 * the hooked class loads: the work itself is in {@link AdviceInliner}, so that verifying this
 * class at start-up loads no Byte Buddy class.
 */
public abstract class AdviceHook implements Hook {
    private final String targetClass;
    private final Class<?> advice;

    protected AdviceHook(String targetClassName, Class<?> advice) {
        this.targetClass = targetClassName.replace('.', '/');
        this.advice = advice;
    }

    /** The methods the advice goes into; matchers by name only, so no framework class is loaded. */
    protected abstract ElementMatcher<? super MethodDescription> methods();

    @Override
    public final String targetClass() {
        return targetClass;
    }

    @Override
    public final byte[] apply(byte[] classFile, ClassLoader loader) {
        return AdviceInliner.inline(this, targetClass.replace('/', '.'), advice, classFile, loader);
    }

    @Override
    public String toString() {
        return advice.getSimpleName() + " on " + targetClass.replace('/', '.');
    }
}
