package io.nvrx.agent.rank;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnPidTest {
    @Test
    void isTheProcessIdProcessHandleKnows() {
        assertThat(OwnPid.get()).isEqualTo(ProcessHandle.current().pid());
    }
}
