package io.nvrx.agent.instrument;

import io.nvrx.bootstrap.CallSites;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether code defined by a class loader can call the agent's bootstrap classes (Router,
 * CallSites, ...). A loader that does not delegate {@code io.nvrx.*} to the boot loader (some
 * OSGi set-ups, an isolating plugin loader) cannot: code rewritten to call them would throw
 * NoClassDefFoundError in the app, so its classes are left as they are. Asked once per loader.
 */
public final class AgentVisibility {
    private static final Map<ClassLoader, Boolean> SEES = Collections.synchronizedMap(new WeakHashMap<>());

    private AgentVisibility() {}

    public static boolean seesAgent(ClassLoader loader) {
        Boolean known = SEES.get(loader);
        if (known == null) {
            try {
                known = Class.forName(CallSites.class.getName(), false, loader) == CallSites.class;
            } catch (Throwable e) {
                known = Boolean.FALSE;
            }
            SEES.put(loader, known);
        }
        return known;
    }
}
