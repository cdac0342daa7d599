package io.nvrx.agent.cli;

import io.nvrx.agent.boot.NestedBootstrapJar;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;

/**
 * Runs the tools with the bootstrap classes visible. In the agent jar those travel as a nested
 * jar (so that an application's class path never holds a second copy); the agent defines them
 * in the boot loader at start-up, but {@code java -jar nvrx-agent.jar doctor} starts no agent.
 * Tools that reuse agent classes (configuration, rank detection) need them, so the tools run
 * in a class loader of their own that defines them from the nested jar.
 */
final class CliRuntime {
    private static final String PROBE = "io.nvrx.bootstrap.Diagnostics";

    private CliRuntime() {}

    /** True if the bootstrap classes can be loaded from where NvrxMain was loaded. */
    static boolean bootstrapVisible() {
        try {
            Class.forName(PROBE, false, NvrxMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The agent jar this class was loaded from, or null (a classes directory in a build). */
    static File agentJar() {
        try {
            java.security.CodeSource source = NvrxMain.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            File file = new File(source.getLocation().toURI());
            return file.isFile() ? file.getAbsoluteFile() : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Runs NvrxMain.main again in a loader that sees the agent jar and the nested bootstrap classes. */
    static void relaunch(String[] args) throws Exception {
        File jar = agentJar();
        if (jar == null) {
            throw new IllegalStateException("the bootstrap classes are missing and no agent jar was found");
        }
        Map<String, byte[]> classes = NestedBootstrapJar.classes(jar);
        ClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()}, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes != null) {
                    return defineClass(name, bytes, 0, bytes.length);
                }
                return super.findClass(name);
            }
        };
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> main = Class.forName(NvrxMain.class.getName(), true, loader);
        try {
            main.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause(); // said as itself, not as "InvocationTargetException"
            }
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }
}
