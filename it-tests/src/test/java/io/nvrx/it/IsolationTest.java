package io.nvrx.it;

import io.nvrx.it.apps.IsolationApp;
import io.nvrx.it.support.ChildJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Found in review, 2026-11-30: both failed before their fixes, on JDK 17 and 25. */
class IsolationTest {
    private static String slf4jSimpleDir() {
        String entry = ChildJvm.frameworkJars("slf4j-simple");
        return entry.substring(0, entry.length() - 2); // without the "/*"
    }

    @Test
    void theAgentOpensNoJdkInternalPackageToTheAppAndSparesLoadersThatCannotSeeIt() throws Exception {
        for (String javaHome : new String[] {null, ChildJvm.java25Home()}) {
            ChildJvm jvm = ChildJvm.app(IsolationApp.class).args(slf4jSimpleDir());
            if (javaHome != null) {
                jvm = jvm.javaHome(javaHome);
            }
            ChildJvm.Result result = jvm.run();
            assertThat(result.exitCode).as(result.toString()).isZero();
            assertThat(result.stdoutLines()).as(result.toString()).containsExactly("EXPORTED false", "LOGGED");
            assertThat(result.stderr).as(result.toString()).contains("from an isolating loader")
                    .doesNotContain("NoClassDefFoundError");
        }
    }
}
