package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Logback AsyncAppender over a FileAppender; no agent. */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dlogback.configurationFile=bench/logback-async.xml"})
public class LogbackAsyncBench extends LogbackContender {
}
