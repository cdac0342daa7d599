package io.nvrx.agent.instrument;

import io.nvrx.agent.instrument.fork.ForkHooks;
import io.nvrx.agent.instrument.jboss.JbossHooks;
import io.nvrx.agent.instrument.jul.JulHooks;
import io.nvrx.agent.instrument.log4j1.Log4j1Hooks;
import io.nvrx.agent.instrument.log4j2.Log4j2Hooks;
import io.nvrx.agent.instrument.logback.LogbackHooks;
import io.nvrx.agent.instrument.slf4jsimple.Slf4jSimpleHooks;

import java.util.Arrays;
import java.util.List;

/** Every hooked framework, in the order their hooks apply to a class hooked twice. */
public final class HookSets {
    private HookSets() {}

    public static List<HookSet> all() {
        return Arrays.asList(new JulHooks(), new ForkHooks(), new Log4j2Hooks(), new LogbackHooks(),
                new Log4j1Hooks(), new JbossHooks(), new Slf4jSimpleHooks());
    }
}
