package io.nvrx.agent.instrument.callsite;

import io.nvrx.bootstrap.CallSites;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;


/**
 * Rewrites logger calls in application classes as they load: before each call to a logging
 * method ({@link LoggerApis}) it inserts {@code CallSites.mark("Trainer.java:45")}, and after
 * it {@code CallSites.clear()}. The hook then knows the caller's file and line without walking
 * the stack. Only straight-line instructions are inserted, so stack map frames stay valid.
 */
public final class CallSiteRewriter {
    private static final String CALL_SITES = CallSites.class.getName().replace('.', '/');
    private static final String[] SKIPPED_PACKAGES = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/nvrx/agent/", "io/nvrx/bootstrap/", "io/nvrx/api/", "net/bytebuddy/", "org/slf4j/",
        "org/apache/logging/", "ch/qos/logback/", "org/apache/log4j/", "org/jboss/logging/", "org/jboss/logmanager/",
        "org/apache/commons/logging/",
    };

    private final LoggerApis apis = new LoggerApis();
    private final ClassLoader platformLoader = ClassLoader.getPlatformClassLoader();

    /** Returns the rewritten class, or null to leave it unchanged. */
    public byte[] rewrite(ClassLoader loader, String className, byte[] classFile) {
        if (loader == null || loader == platformLoader || isSkipped(className)
                || !ConstantPoolScan.mentionsAny(classFile, apis.ownerNames()) || !io.nvrx.agent.instrument.AgentVisibility.seesAgent(loader)) {
            return null;
        }
        return MarkingClassVisitor.mark(classFile, apis);
    }

    private static boolean isSkipped(String className) {
        for (String prefix : SKIPPED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ASM part, in its own class: verifying {@link #rewrite} then loads no ASM class, so a
     * JVM whose classes make no logger call never loads ASM.
     */
    private static final class MarkingClassVisitor extends ClassVisitor {
        private final LoggerApis apis;
        boolean changed;
        private String sourceFile = "unknown";

        MarkingClassVisitor(ClassVisitor next, LoggerApis apis) {
            super(Opcodes.ASM9, next);
            this.apis = apis;
        }

        /** Returns the class with its logger calls marked, or null if it has none. */
        static byte[] mark(byte[] classFile, LoggerApis apis) {
            ClassReader reader = new ClassReader(classFile);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            MarkingClassVisitor marker = new MarkingClassVisitor(writer, apis);
            reader.accept(marker, 0);
            return marker.changed ? writer.toByteArray() : null;
        }

        @Override
        public void visitSource(String source, String debug) {
            if (source != null) {
                sourceFile = source;
            }
            super.visitSource(source, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            return next == null ? null : new MarkingMethodVisitor(next);
        }

        private final class MarkingMethodVisitor extends MethodVisitor {
            private int line;

            MarkingMethodVisitor(MethodVisitor next) {
                super(Opcodes.ASM9, next);
            }

            @Override
            public void visitLineNumber(int lineNumber, Label start) {
                line = lineNumber;
                super.visitLineNumber(lineNumber, start);
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (!apis.isLoggingCall(owner, name)) {
                    super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    return;
                }
                changed = true;
                super.visitLdcInsn(sourceFile + ":" + line);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CALL_SITES, "mark", "(Ljava/lang/String;)V", false);
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, CALL_SITES, "clear", "()V", false);
            }
        }
    }
}
