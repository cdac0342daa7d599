package io.nvrx.agent.instrument.slf4jsimple;

import io.nvrx.bootstrap.RecordSink;
import io.nvrx.bootstrap.Router;
import io.nvrx.bootstrap.frameworks.ConsoleRouting;
import io.nvrx.bootstrap.frameworks.ConsoleTargets;
import io.nvrx.bootstrap.frameworks.FrameworkLevels;
import net.bytebuddy.asm.Advice;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * Inlined at the start of slf4j-simple 2.x's {@code innerHandleNormalizedLoggingCall(Level,
 * List, String, Object[], Throwable)}: when the logger writes to a standard stream, the call is
 * routed as a record (level, logger name, formatted message, throwable) instead of arriving as
 * a plain stderr line, and the logger's own write is skipped. Writing to a file, it goes on as
 * configured (route-all aside).
 */
public final class SimpleLogger2Advice {
    private SimpleLogger2Advice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    static boolean enter(@Advice.FieldValue("CONFIG_PARAMS") Object config, @Advice.This Object logger,
                         @Advice.Argument(0) Object level, @Advice.Argument(2) String pattern,
                         @Advice.Argument(3) Object[] arguments, @Advice.Argument(4) Throwable thrown) {
        if (!Router.active()) {
            return false;
        }
        int stream = ConsoleTargets.slf4jSimpleStream(config);
        String loggerName = ((org.slf4j.Logger) logger).getName();
        int pythonLevel = FrameworkLevels.fromSlf4j(((Level) level).toInt());
        if (stream == ConsoleTargets.NOT_CONSOLE) {
            if (ConsoleRouting.routesAll(pythonLevel)) {
                ConsoleRouting.route(null, pythonLevel, loggerName, null, -1L,
                        MessageFormatter.basicArrayFormat(pattern, arguments), thrown, RecordSink.STDERR);
            }
            return false;
        }
        return ConsoleRouting.route(null, pythonLevel, loggerName, null, -1L,
                MessageFormatter.basicArrayFormat(pattern, arguments), thrown, stream);
    }
}
