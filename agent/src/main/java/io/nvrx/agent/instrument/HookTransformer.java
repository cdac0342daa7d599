package io.nvrx.agent.instrument;

import io.nvrx.agent.instrument.callsite.CallSiteRewriter;
import io.nvrx.bootstrap.Diagnostics;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one class-file transformer. For each class the JVM loads it does a map look-up
 * by name (the framework hooks) and a quick constant-pool scan (call-site rewriting); nothing
 * else. Any failure leaves that class as it was, with one warning.
 */
public final class HookTransformer implements ClassFileTransformer {
    /**
     * The hook sets by the internal name of each class they rewrite; a class may have several
     * hooks (one advice each), applied in the order of the sets and of each set's list.
     */
    private final Map<String, List<HookSet>> setsByClass = new HashMap<>();
    /** The same classes by binary name (dots), for the classes loaded before the agent. */
    private final Set<String> hookedBinaryNames = new HashSet<>();
    /**
     * A class's hooks, built when it first loads (never at start-up: building loads the advice
     * classes). Two threads may build the same list at once; either copy is right.
     */
    private final Map<String, List<Hook>> builtHooks = new ConcurrentHashMap<>();
    private final ModuleReads moduleReads;
    private final CallSiteRewriter callSites;

    public HookTransformer(List<HookSet> hookSets, Instrumentation inst, CallSiteRewriter callSites) {
        for (HookSet set : hookSets) {
            for (String binaryName : set.targetClasses()) {
                String internalName = binaryName.replace('.', '/');
                List<HookSet> sets = setsByClass.get(internalName);
                if (sets == null) {
                    sets = new ArrayList<>(1);
                    setsByClass.put(internalName, sets);
                }
                sets.add(set);
                hookedBinaryNames.add(binaryName);
            }
        }
        this.moduleReads = new ModuleReads(inst);
        this.callSites = callSites;
    }

    /** True if this transformer rewrites the class of this binary name ({@code java.util.logging.Logger}). */
    public boolean rewrites(String binaryName) {
        return hookedBinaryNames.contains(binaryName);
    }

    private List<Hook> hooksOf(String internalName, List<HookSet> sets) {
        List<Hook> classHooks = builtHooks.get(internalName);
        if (classHooks == null) {
            classHooks = new ArrayList<>(2);
            for (HookSet set : sets) {
                for (Hook hook : set.hooks()) {
                    if (hook.targetClass().equals(internalName)) {
                        classHooks.add(hook);
                    }
                }
            }
            builtHooks.putIfAbsent(internalName, classHooks);
        }
        return classHooks;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null || isAgentClass(className)) {
            return null;
        }
        List<HookSet> sets = setsByClass.get(className);
        if (sets != null) {
            if (!AgentVisibility.seesAgent(loader)) {
                // Hooks call Router: under a loader that cannot see it they would throw in the app.
                Diagnostics.debug("not instrumented: " + className.replace('/', '.') + " (its class loader " + loader
                        + " does not see the agent)");
                return null;
            }
            try {
                List<Hook> classHooks = hooksOf(className, sets);
                moduleReads.letReadAgent(module);
                byte[] current = classFile;
                for (Hook hook : classHooks) {
                    byte[] rewritten = hook.apply(current, loader);
                    if (rewritten != null) {
                        current = rewritten;
                        Diagnostics.debug("instrumented " + hook);
                    }
                }
                return current == classFile ? null : current;
            } catch (Throwable failure) {
                Diagnostics.warn("nvrx-agent: could not instrument " + className.replace('/', '.') + " (" + failure
                        + "); its records print as without the agent");
                return null;
            }
        }
        if (redefined != null || callSites == null) {
            return null;
        }
        try {
            byte[] rewritten = callSites.rewrite(loader, className, classFile);
            if (rewritten != null) {
                moduleReads.letReadAgent(module);
            }
            return rewritten;
        } catch (Throwable failure) {
            Diagnostics.warnOnce("callsite:" + failure.getClass().getName(), "nvrx-agent: could not mark call sites in "
                    + className.replace('/', '.') + " (" + failure + "); their file:line comes from a stack walk");
            return null;
        }
    }

    private static boolean isAgentClass(String className) {
        return className.startsWith("io/nvrx/agent/") || className.startsWith("io/nvrx/bootstrap/")
                || className.startsWith("io/nvrx/api/");
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        return transform(null, loader, className, redefined, domain, classFile);
    }
}
