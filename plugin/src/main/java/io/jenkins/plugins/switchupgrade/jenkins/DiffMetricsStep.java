package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.diff.DiffReport;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import io.jenkins.plugins.switchupgrade.steps.DiffMetrics;
import io.jenkins.plugins.switchupgrade.steps.StepResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code diffMetrics}: a post snapshot of the upgraded switch compared with its pre snapshot and the
 * expected version; archives {@code post.json} and {@code diff.json}. Returns
 * {@code passed, switch, version, metrics, reasons}; the caller decides to stop the campaign on failure.
 */
public final class DiffMetricsStep extends Step {

    private final String target;
    private String toVersion;
    private Map<String, Object> pre;
    private String silenceId;
    private long settleSeconds;

    @DataBoundConstructor
    public DiffMetricsStep(String target) {
        this.target = target;
    }

    public String getTarget() {
        return target;
    }

    public @CheckForNull String getToVersion() {
        return toVersion;
    }

    /** The version the switch must run afterwards. */
    @DataBoundSetter
    public void setToVersion(@CheckForNull String toVersion) {
        this.toVersion = toVersion;
    }

    public @CheckForNull Map<String, Object> getPre() {
        return pre;
    }

    /** The pre snapshot as validateSibling returned it; left out, this build's pre.json is read. */
    @DataBoundSetter
    public void setPre(@CheckForNull Map<String, Object> pre) {
        this.pre = pre == null ? null : new LinkedHashMap<>(pre);
    }

    public @CheckForNull String getSilenceId() {
        return silenceId;
    }

    /** reprovisionSwitch's silence: expired once the diff is known (after a failure, so that alerts reach people). */
    @DataBoundSetter
    public void setSilenceId(@CheckForNull String silenceId) {
        this.silenceId = Util.fixEmptyAndTrim(silenceId);
    }

    public long getSettleSeconds() {
        return settleSeconds;
    }

    /**
     * How long to diff again while post differs from pre, because BGP sessions and links come back a while after the
     * node exporter; the last diff is the verdict. 0, the default, diffs once.
     */
    @DataBoundSetter
    public void setSettleSeconds(long settleSeconds) {
        this.settleSeconds = settleSeconds;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (settleSeconds < 0 || settleSeconds > 3600) {
            throw new AbortException("diffMetrics: settleSeconds must be from 0 to 3600, was " + settleSeconds);
        }
        return new ShortStepExecution(context, new Call(target, toVersion, pre == null ? null : PlainValues.copy(pre),
                silenceId, settleSeconds));
    }

    private record Call(String target, String toVersion, Map<String, Object> pre, String silenceId,
            long settleSeconds) implements FacadeCall {
        private static final long serialVersionUID = 1L;

        @Override
        public String stepName() {
            return "diffMetrics";
        }

        @Override
        public String settles() {
            return target;
        }

        @Override
        public boolean audited() {
            // expiring the silence is recorded
            return silenceId != null;
        }

        @Override
        public List<String> reads() {
            return target == null || pre != null ? List.of() : List.of(ArtifactStore.switchFile(target, "pre.json"));
        }

        @Override
        public FacadeResult call(io.jenkins.plugins.switchupgrade.core.StepContext engine, Switch located) {
            DiffReport diff = new DiffMetrics(engine).run(new DiffMetrics.Request().target(target).toVersion(toVersion)
                    .pre(pre).silenceId(silenceId).settleSeconds(settleSeconds));
            return FacadeResult.of(StepResults.toMap(diff), SwitchRow.diffed(diff));
        }
    }

    @Extension
    public static final class DescriptorImpl extends AgentStepDescriptor {

        public DescriptorImpl() {
            super("target");
        }

        @Override
        public String getFunctionName() {
            return "diffMetrics";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Compare a switch's metrics after the upgrade with before";
        }
    }
}
