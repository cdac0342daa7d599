package io.nvrx.it;

import io.nvrx.it.support.ChildJvm;
import io.nvrx.it.support.NvrxLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job script exports JAVA_TOOL_OPTIONS with the agent, then runs JDK tools: their output is
 * byte for byte what it is without the agent, apart from the JVM's own "Picked up" line.
 */
class JdkToolsTest {

    private record Run(int exit, String out, String err) {}

    private static Run tool(Path dir, boolean armed, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, Path.of(System.getProperty("java.home"), "bin", command[0]).toString());
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        if (armed) {
            builder.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar());
            builder.environment().put("RANK", "0");
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String errText = Files.readString(err, StandardCharsets.UTF_8);
        errText = errText.replaceFirst("^Picked up JAVA_TOOL_OPTIONS: [^\n]*\n", "");
        return new Run(process.exitValue(), Files.readString(out), errText);
    }

    @Test
    void javacWithACompileErrorPrintsExactlyTheSame(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Broken.java"), "class Broken { void f() { int x = \"no\"; } }\n");
        Run plain = tool(dir, false, "javac", "-d", "out", "Broken.java");
        Run armed = tool(dir, true, "javac", "-d", "out", "Broken.java");
        assertThat(plain.exit).isNotZero();
        assertThat(armed).isEqualTo(plain);
        assertThat(armed.err).contains("incompatible types");
    }

    @Test
    void jarAndJpsPrintExactlyTheSame(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        assertThat(tool(dir, false, "jar", "cf", "x.jar", "a.txt").exit).isZero();
        assertThat(tool(dir, true, "jar", "tf", "x.jar")).isEqualTo(tool(dir, false, "jar", "tf", "x.jar"));
        assertThat(tool(dir, true, "jar", "--version")).isEqualTo(tool(dir, false, "jar", "--version"));
        Run jps = tool(dir, true, "jps", "-q");
        assertThat(jps.exit).isZero();
        assertThat(jps.err).isEmpty();
        assertThat(NvrxLine.all(List.of(jps.out.split("\n")))).isEmpty();
        Run keytool = tool(dir, true, "keytool", "-help");
        assertThat(keytool).isEqualTo(tool(dir, false, "keytool", "-help"));
    }
}
