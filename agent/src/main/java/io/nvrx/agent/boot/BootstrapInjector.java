package io.nvrx.agent.boot;

import io.nvrx.agent.config.FaultSetting;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Defines the bootstrap classes ({@code io.nvrx.bootstrap}, {@code io.nvrx.api}) in the boot
 * class loader, so that hooks inlined into JDK code and into every application class loader
 * can call them. They travel in the agent jar as one nested jar ({@link NestedBootstrapJar}).
 *
 * <p>Why not {@code Instrumentation.appendToBootstrapClassLoaderSearch}: on JDK 11 to 25 that
 * call makes the JVM print "Sharing is only supported for boot loader classes because bootstrap
 * classpath has been appended" on standard error and turns off class data sharing for the
 * application's classes, slowing its start-up. Defining the few classes directly changes
 * neither.
 */
public final class BootstrapInjector {
    private BootstrapInjector() {}

    public static void inject(Instrumentation inst, String agentJar) throws Exception {
        if (FaultSetting.requested(FaultSetting.rawFromJvm(), FaultSetting.BOOTSTRAP)) {
            throw new ClassNotFoundException("io.nvrx.bootstrap.Router (injected fault, NVRX_FAULT=bootstrap)");
        }
        Map<String, byte[]> classes = NestedBootstrapJar.classes(new java.io.File(agentJar));
        Module javaBase = Object.class.getModule();
        inst.redefineModule(javaBase, Collections.emptySet(),
                Collections.singletonMap("jdk.internal.misc", Collections.singleton(BootstrapInjector.class.getModule())),
                Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
        Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
        Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        defineAll(classes, unsafe, define);
    }

    /** Defines every class; one whose supertype is not yet defined is retried after the others. */
    private static void defineAll(Map<String, byte[]> classes, Object unsafe, Method define) throws Exception {
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
