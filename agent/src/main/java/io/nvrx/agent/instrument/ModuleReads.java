package io.nvrx.agent.instrument;

import io.nvrx.bootstrap.Router;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Code inlined into a named module (java.logging, an application module) calls the agent's
 * bootstrap classes, which live in the boot loader's unnamed module: that module must read it.
 */
final class ModuleReads {
    private final Instrumentation inst;
    private final Module agentModule = Router.class.getModule();
    private final Set<Module> done = ConcurrentHashMap.newKeySet();

    ModuleReads(Instrumentation inst) {
        this.inst = inst;
    }

    void letReadAgent(Module module) {
        if (module == null || !module.isNamed() || module.canRead(agentModule) || !done.add(module)) {
            return;
        }
        inst.redefineModule(module, Collections.singleton(agentModule), Collections.emptyMap(),
                Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
    }
}
