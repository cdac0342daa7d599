package io.nvrx.agent.rank;

import io.nvrx.agent.config.ConfigSource;
import io.nvrx.agent.config.Setting;
import io.nvrx.bootstrap.Diagnostics;

/**
 * Reads ranks and node id as upstream NVRx does, with fallbacks for launchers other than
 * SLURM and torchrun:
 * <ul>
 * <li>workload rank: RANK; workload local rank: LOCAL_RANK;</li>
 * <li>infra rank: SLURM_PROCID (in a job array, SLURM_ARRAY_TASK_ID * SLURM_NNODES (or
 *     SLURM_JOB_NUM_NODES) + SLURM_PROCID), else OMPI_COMM_WORLD_RANK, PMIX_RANK, PMI_RANK,
 *     JOB_COMPLETION_INDEX (Kubernetes indexed jobs);</li>
 * <li>infra local rank: SLURM_LOCALID, else OMPI_COMM_WORLD_LOCAL_RANK, MPI_LOCALRANKID,
 *     PMI_LOCAL_RANK;</li>
 * <li>node id: NVRX_NODE_ID, else SLURMD_NODENAME, else the host name.</li>
 * </ul>
 * Each can be overridden by an agent argument or system property (rank, local_rank,
 * infra_rank, infra_local_rank, node_id). A value that is not a whole number of at least 0
 * warns once and is unknown.
 */
public final class RankDetector {
    private static final String[] INFRA_RANK_FALLBACKS = {
        "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "JOB_COMPLETION_INDEX"};
    private static final String[] INFRA_LOCAL_RANK_FALLBACKS = {
        "OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID", "PMI_LOCAL_RANK"};

    private final ConfigSource source;

    public RankDetector(ConfigSource source) {
        this.source = source;
    }

    /**
     * The ranks of this process. In a child JVM started by an armed parent, the parent's ranks
     * fill in what this process's own environment does not give.
     */
    public RankInfo detect() {
        ParentProcess parent = ParentProcess.of(source);
        Integer rank = rank(Setting.RANK, "RANK");
        Integer localRank = rank(Setting.LOCAL_RANK, "LOCAL_RANK");
        Integer infra = infraRank();
        Integer infraLocal = rankWithFallbacks(Setting.INFRA_LOCAL_RANK, "SLURM_LOCALID", INFRA_LOCAL_RANK_FALLBACKS);
        String node = nodeId(parent);
        if (parent != null) {
            rank = rank != null ? rank : parent.rank("rank");
            localRank = localRank != null ? localRank : parent.rank("local_rank");
            infra = infra != null ? infra : parent.rank("infra_rank");
            infraLocal = infraLocal != null ? infraLocal : parent.rank("infra_local_rank");
        }
        return new RankInfo(node, rank, localRank, infra, infraLocal);
    }

    private String nodeId(ParentProcess parent) {
        String id = source.raw(Setting.NODE_ID);
        if (id == null) {
            id = source.env("SLURMD_NODENAME");
        }
        if (id == null && parent != null) {
            id = parent.node();
        }
        if (id == null) {
            id = HostName.get();
        }
        return printableNodeId(id);
    }

    /**
     * The node id as it goes into every line's header, between brackets: a character that could
     * end the field or the line, or pose as something else ({@code ]}, {@code [}, white space,
     * control and non-ASCII characters), becomes {@code _}. A header then always parses, and no
     * variable or host name can forge a record. (The node log's file name is made safe apart.)
     */
    static String printableNodeId(String id) {
        StringBuilder safe = new StringBuilder(id.length());
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            safe.append(c > ' ' && c < 0x7F && c != '[' && c != ']' ? c : '_');
        }
        return safe.length() == 0 ? "_" : safe.toString();
    }

    private Integer infraRank() {
        String override = source.raw(Setting.INFRA_RANK);
        if (override != null) {
            return parse(Setting.INFRA_RANK.property(), override);
        }
        String procId = source.env("SLURM_PROCID");
        if (procId != null) {
            Integer rank = parse("SLURM_PROCID", procId);
            String arrayTask = source.env("SLURM_ARRAY_TASK_ID");
            String nodesName = "SLURM_NNODES";
            String nodes = source.env(nodesName);
            if (nodes == null) {
                nodesName = "SLURM_JOB_NUM_NODES";
                nodes = source.env(nodesName);
            }
            if (rank != null && arrayTask != null && nodes != null) {
                Integer task = parse("SLURM_ARRAY_TASK_ID", arrayTask);
                Integer nodeCount = parse(nodesName, nodes);
                if (task != null && nodeCount != null) {
                    long arrayRank = (long) task * nodeCount + rank;
                    if (arrayRank <= Integer.MAX_VALUE) {
                        return (int) arrayRank;
                    }
                    Diagnostics.warn("nvrx-agent: SLURM_ARRAY_TASK_ID=" + task + " x " + nodesName + "=" + nodeCount
                            + " + SLURM_PROCID=" + rank + " is past the largest rank; the infra rank is unknown");
                    return null;
                }
            }
            return rank;
        }
        return firstOf(INFRA_RANK_FALLBACKS);
    }

    private Integer rank(Setting override, String envName) {
        String value = source.raw(override);
        if (value != null) {
            return parse(override.property(), value);
        }
        String env = source.env(envName);
        return env == null ? null : parse(envName, env);
    }

    private Integer rankWithFallbacks(Setting override, String primary, String[] fallbacks) {
        String value = source.raw(override);
        if (value != null) {
            return parse(override.property(), value);
        }
        String env = source.env(primary);
        if (env != null) {
            return parse(primary, env);
        }
        return firstOf(fallbacks);
    }

    private Integer firstOf(String[] names) {
        for (String name : names) {
            String value = source.env(name);
            if (value != null) {
                return parse(name, value);
            }
        }
        return null;
    }

    static Integer parseRank(String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed >= 0 ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parse(String name, String value) {
        Integer parsed = parseRank(value);
        if (parsed == null) {
            Diagnostics.warnOnce("rank:" + name, "nvrx-agent: " + name + "=" + value
                    + " is not a rank (a whole number of at least 0); it prints as ?");
        }
        return parsed;
    }
}
