package io.nvrx.agent.instrument.callsite;

import fixture.callsite.LoggingCaller;
import fixture.callsite.NoLogging;
import io.nvrx.bootstrap.ThreadState;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class CallSiteRewriterTest {
    private static byte[] bytesOf(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private final ClassLoader appLoader = CallSiteRewriterTest.class.getClassLoader();

    @Test
    void marksEachLoggerCallWithItsFileAndLine() throws Exception {
        byte[] rewritten = new CallSiteRewriter().rewrite(appLoader,
                "fixture/callsite/LoggingCaller", bytesOf(LoggingCaller.class));
        assertThat(rewritten).isNotNull();
        List<String> marks = new ArrayList<>();
        new ClassReader(rewritten).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String d, String s, String[] e) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String && ((String) value).startsWith("LoggingCaller.java:")) {
                            marks.add((String) value);
                        }
                    }
                };
            }
        }, 0);
        assertThat(marks).containsExactly("LoggingCaller.java:11", "LoggingCaller.java:13");
    }

    @Test
    void rewrittenClassRunsAndTheHookSeesTheMarkedSite() throws Exception {
        byte[] rewritten = new CallSiteRewriter().rewrite(appLoader,
                "fixture/callsite/LoggingCaller", bytesOf(LoggingCaller.class));
        Class<?> type = new ClassLoader(appLoader) {
            Class<?> define() {
                return defineClass(LoggingCaller.class.getName(), rewritten, 0, rewritten.length);
            }
        }.define();
        List<String> seen = new ArrayList<>();
        Logger fixture = Logger.getLogger("fixture");
        Handler probe = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getMessage() + "@" + ThreadState.get().callSite());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        fixture.addHandler(probe);
        fixture.setUseParentHandlers(false);
        try {
            ((Runnable) type.getDeclaredConstructor().newInstance()).run();
        } finally {
            fixture.removeHandler(probe);
        }
        assertThat(seen).containsExactly("first@LoggingCaller.java:11", "42@LoggingCaller.java:13");
        assertThat(ThreadState.get().callSite()).isNull();
    }

    @Test
    void classesWithoutLoggingCallsAreLeftAlone() throws Exception {
        assertThat(new CallSiteRewriter().rewrite(appLoader, "fixture/callsite/NoLogging",
                bytesOf(NoLogging.class))).isNull();
        assertThat(ConstantPoolScan.mentionsAny(bytesOf(NoLogging.class), new LoggerApis().ownerNames())).isFalse();
        assertThat(ConstantPoolScan.mentionsAny(bytesOf(LoggingCaller.class), new LoggerApis().ownerNames())).isTrue();
    }

    @Test
    void jdkAndAgentClassesAndTheBootLoaderAreSkipped() throws Exception {
        byte[] bytes = bytesOf(LoggingCaller.class);
        CallSiteRewriter rewriter = new CallSiteRewriter();
        assertThat(rewriter.rewrite(null, "fixture/callsite/LoggingCaller", bytes)).isNull();
        assertThat(rewriter.rewrite(appLoader, "java/util/Foo", bytes)).isNull();
        assertThat(rewriter.rewrite(appLoader, "io/nvrx/agent/Foo", bytes)).isNull();
        assertThat(rewriter.rewrite(appLoader, "org/slf4j/Foo", bytes)).isNull();
    }
}
