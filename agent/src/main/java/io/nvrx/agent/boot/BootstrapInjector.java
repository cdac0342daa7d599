package io.nvrx.agent.boot;

import io.nvrx.agent.config.FaultSetting;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
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
        Class<?> definer = isolated("io.nvrx.agent.boot.UnsafeClassDefiner"); // by name: not loaded here too
        inst.redefineModule(Object.class.getModule(), Collections.emptySet(),
                Collections.singletonMap("jdk.internal.misc", Collections.singleton(definer.getModule())),
                Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
        try {
            definer.getMethod("defineAll", Map.class).invoke(null, classes);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /** The named class of this jar, defined by a class loader of its own (its own unnamed module). */
    private static Class<?> isolated(String name) throws java.io.IOException {
        String resource = name.replace('.', '/') + ".class";
        byte[] bytes;
        try (java.io.InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new java.io.FileNotFoundException(resource);
            }
            bytes = in.readAllBytes();
        }
        return new OneClassLoader().define(name, bytes);
    }

    private static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super(null); // JDK classes only: the boot loader's
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
