package io.nvrx.bench.logcall;

import org.openjdk.jmh.annotations.Fork;

/** Log4j 2 all-async (AsyncLoggerContextSelector, LMAX disruptor) with a RandomAccessFile appender; no agent. */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dlog4j2.contextSelector=org.apache.logging.log4j.core.async.AsyncLoggerContextSelector", "-Dlog4j2.configurationFile=bench/log4j2-async-raf.xml"})
public class Log4j2AllAsyncBench extends Log4j2Contender {
}
