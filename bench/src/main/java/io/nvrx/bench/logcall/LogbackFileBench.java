package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Logback FileAppender (synchronous); no agent. */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dlogback.configurationFile=bench/logback-file.xml"})
public class LogbackFileBench extends LogbackContender {
}
