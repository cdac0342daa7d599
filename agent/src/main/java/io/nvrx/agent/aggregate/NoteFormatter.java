package io.nvrx.agent.aggregate;

import io.nvrx.agent.format.SafeText;
import io.nvrx.agent.format.TimestampCache;
import io.nvrx.agent.format.Utf8Buffer;

import java.util.Arrays;

/**
 * The aggregator's own records (a process that ended without a normal exit, dropped records,
 * a skipped file), in the NVRx line format, with {@code nvrx-agent:0} as their file:line:
 * <pre>2024-01-15 10:30:45,123 [ERROR] [node001] [workload:1(1) infra:?(?)] nvrx-agent:0 process 4242 ended ...</pre>
 * (The aggregator runs without the bootstrap classes, so it does not use the agent's
 * LineFormatter; the line is the same.)
 */
final class NoteFormatter {
    static final int[] UNKNOWN_RANKS = {-1, -1, -1, -1};
    private final TimestampCache time;
    private final String node;

    NoteFormatter(boolean utc, String node) {
        this.time = new TimestampCache(utc);
        this.node = node;
    }

    byte[] line(long epochMillis, String level, String nodeId, int[] ranks, String message) {
        Utf8Buffer out = new Utf8Buffer();
        time.append(out, epochMillis);
        out.putAscii(" [" + level + "] ");
        SafeText.append(out, "[" + (nodeId == null || nodeId.isEmpty() ? node : nodeId) + "] [workload:"
                + show(ranks[0]) + "(" + show(ranks[1]) + ") infra:" + show(ranks[2]) + "(" + show(ranks[3]) + ")] ", false);
        out.putAscii("nvrx-agent:0 ");
        SafeText.append(out, message, false);
        out.put((byte) '\n');
        return Arrays.copyOf(out.array(), out.length());
    }

    byte[] line(long epochMillis, String level, String message) {
        return line(epochMillis, level, null, UNKNOWN_RANKS, message);
    }

    private static String show(int rank) {
        return rank < 0 ? "?" : Integer.toString(rank);
    }
}
