package io.nvrx.agent.rank;

import io.nvrx.agent.config.ConfigSource;
import io.nvrx.bootstrap.fork.ChildArming;

import java.util.HashMap;
import java.util.Map;

/**
 * What a child JVM learns from the armed parent that started it ({@code NVRX_PARENT}):
 * {@code pid=123,rank=3,local_rank=1,infra_rank=7,infra_local_rank=1,node=node001}. Its
 * fields are fall-backs where the child's own environment gives no rank.
 */
public final class ParentProcess {
    private final Map<String, String> fields;

    private ParentProcess(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The parent, or null when this JVM was not started by an armed JVM. */
    public static ParentProcess of(ConfigSource source) {
        String text = source.env(ChildArming.PARENT);
        if (text == null) {
            return null;
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return new ParentProcess(fields);
    }

    /**
     * Describes this process for its own children.
     *
     * @param job this process's spool subdirectory name (see JobName), or null: a child whose
     *            environment was cleared still spools where its parent does
     */
    public static String describe(RankInfo rank, String job) {
        return "pid=" + OwnPid.get()
                + field("rank", rank.workloadRank) + field("local_rank", rank.workloadLocalRank)
                + field("infra_rank", rank.infraRank) + field("infra_local_rank", rank.infraLocalRank)
                + (job == null ? "" : ",job=" + job.replace(",", "_"))
                + ",node=" + rank.nodeId.replace(",", "_");
    }

    /** The parent's spool subdirectory name, or null. */
    public String job() {
        return fields.get("job");
    }

    private static String field(String name, Integer value) {
        return value == null ? "" : "," + name + "=" + value;
    }

    public String pid() {
        return fields.get("pid");
    }

    Integer rank(String name) {
        String value = fields.get(name);
        return value == null ? null : RankDetector.parseRank(value);
    }

    String node() {
        return fields.get("node");
    }
}
