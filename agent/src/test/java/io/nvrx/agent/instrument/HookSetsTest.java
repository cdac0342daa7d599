package io.nvrx.agent.instrument;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transformer knows a framework's hooked classes by the names its set declares, before any
 * hook is built: a hook whose class is missing from that list would never run, and a listed
 * class without a hook would be matched for nothing.
 */
class HookSetsTest {
    @Test
    void everySetDeclaresExactlyTheClassesItsHooksRewrite() {
        for (HookSet set : HookSets.all()) {
            Set<String> declared = new TreeSet<>(Arrays.asList(set.targetClasses()));
            Set<String> hooked = new TreeSet<>();
            for (Hook hook : set.hooks()) {
                hooked.add(hook.targetClass().replace('/', '.'));
            }
            assertThat(hooked).as(String.join(",", set.targetClasses())).isEqualTo(declared);
        }
    }

    @Test
    void theJdkClassesHookedAreAmongThem() {
        Set<String> all = new TreeSet<>();
        for (HookSet set : HookSets.all()) {
            all.addAll(Arrays.asList(set.targetClasses()));
        }
        assertThat(all).contains("java.util.logging.ConsoleHandler", "java.util.logging.Logger",
                "java.lang.ProcessBuilder", "org.apache.logging.log4j.core.config.LoggerConfig",
                "ch.qos.logback.core.OutputStreamAppender", "org.apache.log4j.Category",
                "org.jboss.logmanager.handlers.ConsoleHandler", "org.slf4j.simple.SimpleLogger");
    }
}
