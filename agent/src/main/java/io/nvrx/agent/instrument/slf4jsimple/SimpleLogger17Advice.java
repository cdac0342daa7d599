package io.nvrx.agent.instrument.slf4jsimple;

import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.ConsoleTargets;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of slf4j-simple 1.7's {@code log(int level, String message, Throwable)}
 * (the message is already formatted there); see {@link SimpleLogger2Advice}. The level check
 * reads the logger's {@code currentLogLevel} as the method itself does; the only SLF4J type
 * named is {@code org.slf4j.Logger}, the same in 1.7 and 2.x.
 */
public final class SimpleLogger17Advice {
    private SimpleLogger17Advice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@Advice.FieldValue("CONFIG_PARAMS") Object config, @Advice.This Object logger,
                         @Advice.FieldValue("currentLogLevel") int currentLevel,
                         @Advice.Argument(0) int level, @Advice.Argument(1) String message,
                         @Advice.Argument(2) Throwable thrown) {
        if (!Router.active() || level < currentLevel) {
            return false;
        }
        int stream = ConsoleTargets.slf4jSimpleStream(config);
        String loggerName = ((org.slf4j.Logger) logger).getName();
        int pythonLevel = FrameworkLevels.fromSlf4j(level);
        if (stream == ConsoleTargets.NOT_CONSOLE) {
            if (ConsoleRouting.routesAll(pythonLevel)) {
                ConsoleRouting.route(null, pythonLevel, loggerName, null, -1L, message, thrown, RecordSink.STDERR);
            }
            return false;
        }
        return ConsoleRouting.route(null, pythonLevel, loggerName, null, -1L, message, thrown, stream);
    }
}
