package io.nvrx.agent.instrument;

import io.nvrx.agent.instrument.fork.ForkHooks;
import io.nvrx.agent.instrument.jboss.JbossHooks;
import io.nvrx.agent.instrument.jul.JulHooks;
import io.nvrx.agent.instrument.log4j1.Log4j1Hooks;
import io.nvrx.agent.instrument.log4j2.Log4j2Hooks;
import io.nvrx.agent.instrument.logback.LogbackHooks;
import io.nvrx.agent.instrument.slf4jsimple.Slf4jSimpleHooks;

import java.util.ArrayList;
import java.util.List;

/**
 * Every hooked framework, in the order their hooks apply to a class hooked by two. At start-up
 * each is known only by the names of the classes it hooks; the framework's hook class is
 * created when the first of those classes loads.
 */
public final class HookSets {
    /**
     * The classes each set hooks: compile-time constants, which the compiler copies here, so
     * reading them loads none of the hook classes. The same order as {@link #create}.
     */
    private static final String[] CLASSES = {
        JulHooks.CLASSES, ForkHooks.CLASSES, Log4j2Hooks.CLASSES, LogbackHooks.CLASSES,
        Log4j1Hooks.CLASSES, JbossHooks.CLASSES, Slf4jSimpleHooks.CLASSES,
    };

    private HookSets() {}

    public static List<HookSet> all() {
        List<HookSet> sets = new ArrayList<>(CLASSES.length);
        for (int i = 0; i < CLASSES.length; i++) {
            sets.add(new Deferred(i));
        }
        return sets;
    }

    /** Builds the hooks of set {@code index}: loads its hook class, advice classes and matchers. */
    private static List<Hook> create(int index) {
        switch (index) {
            case 0: return new JulHooks().hooks();
            case 1: return new ForkHooks().hooks();
            case 2: return new Log4j2Hooks().hooks();
            case 3: return new LogbackHooks().hooks();
            case 4: return new Log4j1Hooks().hooks();
            case 5: return new JbossHooks().hooks();
            case 6: return new Slf4jSimpleHooks().hooks();
            default: throw new IllegalArgumentException("no hook set " + index);
        }
    }

    /** A set known by its classes' names; its hooks are built at the first call of {@link #hooks}. */
    private static final class Deferred implements HookSet {
        private final int index;
        private volatile List<Hook> hooks;

        Deferred(int index) {
            this.index = index;
        }

        @Override
        public String[] targetClasses() {
            return CLASSES[index].split(",");
        }

        @Override
        public List<Hook> hooks() {
            List<Hook> built = hooks;
            if (built == null) {
                built = create(index);
                hooks = built; // two threads may build it at once; either list is right
            }
            return built;
        }
    }
}
