package io.nvrx.agent.instrument;

import io.nvrx.bootstrap.Diagnostics;
import io.nvrx.bootstrap.Router;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/** Byte Buddy's part of an {@link AdviceHook}: rewrites one class file as it loads. */
final class AdviceInliner {
    /**
     * What an advice that throws does (its {@code suppress = Throwable}): hands the throwable to
     * {@link Router#hookFailed}, which switches the agent off with one warning, instead of
     * dropping it silently at every call.
     */
    private static final StackManipulation REPORT_FAILURE = reportFailure();

    private AdviceInliner() {}

    static byte[] inline(AdviceHook hook, String name, Class<?> advice, byte[] classFile, ClassLoader loader) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(name, classFile),
                loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
        TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
        ElementMatcher<? super MethodDescription> methods = hook.methods();
        if (type.getDeclaredMethods().filter(methods).isEmpty()) {
            // A version of the framework whose methods this hook does not know: left alone.
            Diagnostics.debug("no method of " + name + " matches " + hook + "; left as it is");
            return null;
        }
        ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(advice.getClassLoader());
        // The advice is described from its class file, never linked: its body names framework
        // types that the agent's own class loader may not see.
        TypeDescription adviceType = TypePool.Default.of(adviceLocator).describe(advice.getName()).resolve();
        return new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .redefine(type, locator)
                .visit(Advice.to(adviceType, adviceLocator).withExceptionHandler(REPORT_FAILURE).on(methods))
                .make()
                .getBytes();
    }

    private static StackManipulation reportFailure() {
        try {
            return MethodInvocation.invoke(new MethodDescription.ForLoadedMethod(
                    Router.class.getMethod("hookFailed", Throwable.class)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("the bootstrap Router has no hookFailed", e);
        }
    }
}
