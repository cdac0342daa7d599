package io.nvrx.agent.rank;

/**
 * Who this process is: node id, workload rank and local rank (the training framework's
 * RANK/LOCAL_RANK), infrastructure rank and local rank (the launcher's). A null rank is
 * unknown and prints as {@code ?}.
 */
public final class RankInfo {
    public final String nodeId;
    public final Integer workloadRank;
    public final Integer workloadLocalRank;
    public final Integer infraRank;
    public final Integer infraLocalRank;

    public RankInfo(String nodeId, Integer workloadRank, Integer workloadLocalRank,
                    Integer infraRank, Integer infraLocalRank) {
        this.nodeId = nodeId;
        this.workloadRank = workloadRank;
        this.workloadLocalRank = workloadLocalRank;
        this.infraRank = infraRank;
        this.infraLocalRank = infraLocalRank;
    }

    /** The part of every line that never changes: {@code [node001] [workload:0(0) infra:0(0)]}. */
    public String headerFields() {
        return "[" + nodeId + "] [workload:" + show(workloadRank) + "(" + show(workloadLocalRank) + ") infra:"
                + show(infraRank) + "(" + show(infraLocalRank) + ")]";
    }

    private static String show(Integer rank) {
        return rank == null ? "?" : rank.toString();
    }

    @Override
    public String toString() {
        return headerFields();
    }
}
