package io.nvrx.it.apps;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent must not change for the app: {@code jdk.internal.misc} stays closed to the
 * app's classes, and a class loader that refuses {@code io.nvrx.*} (as some OSGi set-ups do)
 * still runs slf4j-simple from the jars in args[0] (a directory) without an error.
 */
public final class IsolationApp {
    public static void main(String[] args) throws Exception {
        System.out.println("EXPORTED " + Object.class.getModule().isExported("jdk.internal.misc", IsolationApp.class.getModule()));
        List<URL> urls = new ArrayList<>();
        for (File jar : new File(args[0]).listFiles()) {
            urls.add(jar.toURI().toURL());
        }
        ClassLoader isolating = new URLClassLoader(urls.toArray(new URL[0]), null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.nvrx.")) {
                    throw new ClassNotFoundException(name + " (this loader does not delegate it)");
                }
                return super.loadClass(name, resolve);
            }
        };
        Class<?> factory = Class.forName("org.slf4j.LoggerFactory", true, isolating);
        Object logger = factory.getMethod("getLogger", String.class).invoke(null, "isolated");
        logger.getClass().getMethod("info", String.class).invoke(logger, "from an isolating loader");
        System.out.println("LOGGED");
    }
}
