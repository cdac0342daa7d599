package io.nvrx.agent.rank;

import io.nvrx.agent.config.ConfigSource;
import io.nvrx.agent.config.Setting;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class RankDetectorTest {
    private static RankInfo detect(String agentArgs, Properties props, String... env) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            vars.put(env[i], env[i + 1]);
        }
        vars.putIfAbsent("NVRX_NODE_ID", "node001");
        return new RankDetector(new ConfigSource(agentArgs, props, vars, Setting.keys())).detect();
    }

    private static RankInfo detect(String... env) {
        return detect(null, new Properties(), env);
    }

    @Test
    void torchrunAndSlurmVariables() {
        RankInfo r = detect("RANK", "12", "LOCAL_RANK", "4", "SLURM_PROCID", "3", "SLURM_LOCALID", "1");
        assertThat(r.headerFields()).isEqualTo("[node001] [workload:12(4) infra:3(1)]");
    }

    @Test
    void nothingKnownPrintsQuestionMarks() {
        assertThat(detect().headerFields()).isEqualTo("[node001] [workload:?(?) infra:?(?)]");
    }

    @Test
    void slurmJobArrayRankIsTaskTimesNodesPlusProcId() {
        assertThat(detect("SLURM_PROCID", "1", "SLURM_ARRAY_TASK_ID", "3", "SLURM_NNODES", "2").infraRank).isEqualTo(7);
        assertThat(detect("SLURM_PROCID", "1", "SLURM_ARRAY_TASK_ID", "3", "SLURM_JOB_NUM_NODES", "4").infraRank)
                .isEqualTo(13);
        // Without a node count the array rule does not apply, as upstream.
        assertThat(detect("SLURM_PROCID", "1", "SLURM_ARRAY_TASK_ID", "3").infraRank).isEqualTo(1);
    }

    @Test
    void otherLaunchersAreFallbacksForTheInfraRank() {
        assertThat(detect("OMPI_COMM_WORLD_RANK", "5", "OMPI_COMM_WORLD_LOCAL_RANK", "1").headerFields())
                .endsWith("infra:5(1)]");
        assertThat(detect("PMIX_RANK", "6").infraRank).isEqualTo(6);
        assertThat(detect("PMI_RANK", "8", "MPI_LOCALRANKID", "2").headerFields()).endsWith("infra:8(2)]");
        assertThat(detect("JOB_COMPLETION_INDEX", "9").infraRank).isEqualTo(9);
        // SLURM wins over the others.
        assertThat(detect("SLURM_PROCID", "1", "OMPI_COMM_WORLD_RANK", "5").infraRank).isEqualTo(1);
    }

    @Test
    void badValuesAreUnknown() {
        RankInfo r = detect("RANK", "abc", "LOCAL_RANK", "-1", "SLURM_PROCID", "1.5", "SLURM_LOCALID", " ");
        assertThat(r.headerFields()).isEqualTo("[node001] [workload:?(?) infra:?(?)]");
    }

    @Test
    void nodeIdPrefersNvrxNodeIdThenSlurmdNodeName() {
        Map<String, String> env = new HashMap<>();
        env.put("SLURMD_NODENAME", "gpu17");
        assertThat(new RankDetector(new ConfigSource(null, new Properties(), env, Setting.keys())).detect().nodeId)
                .isEqualTo("gpu17");
        env.put("NVRX_NODE_ID", "custom");
        assertThat(new RankDetector(new ConfigSource(null, new Properties(), env, Setting.keys())).detect().nodeId)
                .isEqualTo("custom");
        env.clear();
        assertThat(new RankDetector(new ConfigSource(null, new Properties(), env, Setting.keys())).detect().nodeId)
                .isNotBlank();
    }

    @Test
    void agentArgumentsBeatPropertiesWhichBeatEnvironment() {
        Properties props = new Properties();
        props.setProperty("nvrx.rank", "20");
        props.setProperty("nvrx.infra_rank", "30");
        assertThat(detect(null, props, "RANK", "10", "SLURM_PROCID", "3").headerFields())
                .isEqualTo("[node001] [workload:20(?) infra:30(?)]");
        assertThat(detect("rank=40,node_id=n9", props, "RANK", "10").headerFields())
                .isEqualTo("[n9] [workload:40(?) infra:30(?)]");
    }

    // Review findings of 2026-11-30: each failed before its fix.

    @Test
    void aJobArrayRankPastTheLargestIntIsUnknownNotNegative() {
        assertThat(detect("SLURM_PROCID", "3", "SLURM_ARRAY_TASK_ID", "3000000", "SLURM_NNODES", "1000").infraRank).isNull();
    }

    @Test
    void aNodeIdCannotForgeTheHeader() {
        RankInfo r = detect("NVRX_NODE_ID", "n1] [workload:0(0) infra:0(0)] x.py:1 forged\nX");
        assertThat(r.headerFields()).isEqualTo("[n1___workload:0(0)_infra:0(0)__x.py:1_forged_X] [workload:?(?) infra:?(?)]");
    }
}
