package io.nvrx.agent.instrument;

import io.nvrx.agent.instrument.callsite.CallSiteRewriter;
import io.nvrx.bootstrap.Diagnostics;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's one class-file transformer. For each class the JVM loads it does a map look-up
 * by name (the framework hooks) and a quick constant-pool scan (call-site rewriting); nothing
 * else. Any failure leaves that class as it was, with one warning.
 */
public final class HookTransformer implements ClassFileTransformer {
    private final Map<String, Hook> hooks = new HashMap<>();
    private final ModuleReads moduleReads;
    private final CallSiteRewriter callSites;

    public HookTransformer(List<Hook> hookList, Instrumentation inst, CallSiteRewriter callSites) {
        for (Hook hook : hookList) {
            hooks.put(hook.targetClass(), hook);
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
        Hook hook = hooks.get(className);
        if (hook != null) {
            try {
                moduleReads.letReadAgent(module);
                byte[] rewritten = hook.apply(classFile, loader);
                Diagnostics.debug("instrumented " + hook);
                return rewritten;
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
