package io.nvrx.agent.instrument;

import io.nvrx.agent.instrument.callsite.CallSiteRewriter;
import io.nvrx.bootstrap.Diagnostics;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's one class-file transformer. For each class the JVM loads it does a map look-up
 * by name (the framework hooks) and a quick constant-pool scan (call-site rewriting); nothing
 * else. Any failure leaves that class as it was, with one warning.
 */
public final class HookTransformer implements ClassFileTransformer {
    /** Hooks by class; a class may have several (one advice each), applied in order. */
    private final Map<String, List<Hook>> hooks = new HashMap<>();
    private final ModuleReads moduleReads;
    private final CallSiteRewriter callSites;

    public HookTransformer(List<Hook> hookList, Instrumentation inst, CallSiteRewriter callSites) {
        for (Hook hook : hookList) {
            hooks.computeIfAbsent(hook.targetClass(), name -> new ArrayList<>(1)).add(hook);
        }
        this.moduleReads = new ModuleReads(inst);
        this.callSites = callSites;
    }

    public boolean hooks(String internalName) {
        return hooks.containsKey(internalName);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null || isAgentClass(className)) {
            return null;
        }
        List<Hook> classHooks = hooks.get(className);
        if (classHooks != null) {
            try {
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
