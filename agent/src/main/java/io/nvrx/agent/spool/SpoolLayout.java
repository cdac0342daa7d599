package io.nvrx.agent.spool;

/**
 * The names of the files in a spool directory. Every name of ours starts with {@code nvrx-}, so
 * an upstream NVRx aggregator, which scans for {@code rank_*}, never picks one up.
 * <pre>
 *   nvrx-spool.&lt;pid&gt;-&lt;start&gt;.&lt;n&gt;.bin   a process's spool files (memory-mapped; see SpoolFormat)
 *   nvrx-spool.&lt;pid&gt;-&lt;start&gt;.live      the process's control block; its writer holds a lock on it while alive
 *   nvrx-shared.ctl                   the node's shared clock offset and directory change counter
 *   nvrx-aggregator.lock              held by the one aggregator of this directory
 *   nvrx-aggregator.state, .state.2   what the aggregator has delivered, two slots written in turn (see StateStore)
 *   nvrx-aggregator.log               the aggregator's own diagnostics (only when something went wrong)
 * </pre>
 * JDK types only: shared with the aggregator.
 */
public final class SpoolLayout {
    public static final String SPOOL_PREFIX = "nvrx-spool.";
    public static final String BIN_SUFFIX = ".bin";
    public static final String LIVE_SUFFIX = ".live";
    public static final String SHARED_CONTROL = "nvrx-shared.ctl";
    public static final String AGGREGATOR_LOCK = "nvrx-aggregator.lock";
    public static final String AGGREGATOR_STATE = "nvrx-aggregator.state";
    public static final String AGGREGATOR_LOG = "nvrx-aggregator.log";
    /** Held by the aggregator that reads upstream {@code rank_*} files of a tmp dir. */
    public static final String UPSTREAM_LOCK = "nvrx-upstream.lock";
    /** Upstream NVRx (Python) spool files start with this. */
    public static final String UPSTREAM_PREFIX = "rank_";

    private SpoolLayout() {}

    public static String binName(String processId, int index) {
        return SPOOL_PREFIX + processId + "." + index + BIN_SUFFIX;
    }

    public static String liveName(String processId) {
        return SPOOL_PREFIX + processId + LIVE_SUFFIX;
    }

    /** The node log's file name, as upstream: {@code nvrx_log_<node>.log}. */
    public static String nodeLogName(String node) {
        return "nvrx_log_" + safeName(node) + ".log";
    }

    /** A spool file name taken apart; null fields when the name is not one of ours. */
    public static final class Name {
        /** "pid-start", or null if the name is not a spool file name. */
        public final String processId;
        /** The file index, or -1 for the live file. */
        public final int index;

        Name(String processId, int index) {
            this.processId = processId;
            this.index = index;
        }

        public boolean isLive() {
            return index < 0;
        }
    }

    /** Parses {@code nvrx-spool.<id>.<n>.bin} or {@code nvrx-spool.<id>.live}; null otherwise. */
    public static Name parse(String fileName) {
        if (!fileName.startsWith(SPOOL_PREFIX)) {
            return null;
        }
        String rest = fileName.substring(SPOOL_PREFIX.length());
        if (rest.endsWith(LIVE_SUFFIX)) {
            String id = rest.substring(0, rest.length() - LIVE_SUFFIX.length());
            return isProcessId(id) ? new Name(id, -1) : null;
        }
        if (!rest.endsWith(BIN_SUFFIX)) {
            return null;
        }
        rest = rest.substring(0, rest.length() - BIN_SUFFIX.length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0) {
            return null;
        }
        String id = rest.substring(0, dot);
        String index = rest.substring(dot + 1);
        if (!isProcessId(id) || index.isEmpty() || index.length() > 9 || !allDigits(index)) {
            return null;
        }
        return new Name(id, Integer.parseInt(index));
    }

    /** {@code <pid>-<start>} or {@code <pid>-<start>-<k>}: digits and dashes. */
    static boolean isProcessId(String id) {
        if (id.isEmpty() || id.length() > 60 || id.charAt(0) == '-' || id.charAt(id.length() - 1) == '-') {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if ((c < '0' || c > '9') && c != '-') {
                return false;
            }
        }
        return id.indexOf('-') > 0;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Letters, digits, dot, dash and underscore; anything else becomes '_'. Never empty, never "." or "..". */
    public static String safeName(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length() && s.length() < 100; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            s.append(ok ? c : '_');
        }
        String name = s.toString();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "_" + name;
        }
        return name;
    }
}
