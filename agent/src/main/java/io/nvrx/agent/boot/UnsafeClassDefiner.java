package io.nvrx.agent.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Defines classes in the boot class loader through {@code jdk.internal.misc.Unsafe}. Loaded by
 * {@link BootstrapInjector} into a class loader of its own, so that the export of
 * {@code jdk.internal.misc} this needs goes to that loader's unnamed module only: exported to
 * the system class loader's unnamed module it would reach every class of the application (as
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} does), and libraries that probe
 * for it would behave differently. JDK types only.
 */
public final class UnsafeClassDefiner {
    private UnsafeClassDefiner() {}

    /** Defines every class; one whose supertype is not yet defined is retried after the others. */
    public static void defineAll(Map<String, byte[]> classes) throws Exception {
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        List<String> left = new ArrayList<>(classes.keySet());
        while (!left.isEmpty()) {
            List<String> failed = new ArrayList<>();
            Throwable lastFailure = null;
            for (String name : left) {
                byte[] bytes = classes.get(name);
                try {
                    define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                } catch (InvocationTargetException e) {
                    failed.add(name);
                    lastFailure = e.getCause();
                }
            }
            if (failed.size() == left.size()) {
                throw new IllegalStateException("cannot define bootstrap classes " + failed, lastFailure);
            }
            left = failed;
        }
    }
}
