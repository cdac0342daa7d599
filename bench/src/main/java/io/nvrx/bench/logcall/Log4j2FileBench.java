package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Log4j 2 synchronous logger with a (synchronous) File appender; no agent. */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dlog4j2.configurationFile=bench/log4j2-file.xml"})
public class Log4j2FileBench extends Log4j2Contender {
}
