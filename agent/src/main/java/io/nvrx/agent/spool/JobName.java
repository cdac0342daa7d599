package io.nvrx.agent.spool;

import io.nvrx.agent.config.ConfigSource;

/**
 * The name of a job's spool subdirectory, so that concurrent jobs on one node never mix:
 * <ul>
 * <li>{@code NVRX_JOB_ID} set: {@code job-<value>};</li>
 * <li>under SLURM: {@code slurm-<SLURM_JOB_ID>.<SLURM_STEP_ID>} (or {@code slurm-<SLURM_JOB_ID>}
 *     outside a step);</li>
 * <li>else, in a child JVM whose environment was cleared, its armed parent's ({@code job=} in
 *     {@code NVRX_PARENT});</li>
 * <li>otherwise none: the spool files live in the tmp dir itself, as upstream's do.</li>
 * </ul>
 * Characters other than letters, digits, '.', '-' and '_' become '_'.
 */
public final class JobName {
    private JobName() {}

    /** The subdirectory name, or null when nothing names the job. */
    public static String of(String explicitJobId, ConfigSource source) {
        if (explicitJobId != null) {
            return "job-" + SpoolLayout.safeName(explicitJobId);
        }
        String slurmJob = source.env("SLURM_JOB_ID");
        if (slurmJob != null) {
            String step = source.env("SLURM_STEP_ID");
            if (step == null) {
                step = source.env("SLURM_STEPID");
            }
            return "slurm-" + SpoolLayout.safeName(slurmJob) + (step == null ? "" : "." + SpoolLayout.safeName(step));
        }
        // A child JVM started with a cleared environment: the job its armed parent spools in.
        io.nvrx.agent.rank.ParentProcess parent = io.nvrx.agent.rank.ParentProcess.of(source);
        return parent == null || parent.job() == null ? null : SpoolLayout.safeName(parent.job());
    }
}
