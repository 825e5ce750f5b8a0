package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.switchupgrade.campaign.RoundReport;
import io.jenkins.plugins.switchupgrade.lifecycle.SwitchRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a facade call gives back from the agent: the step's result as the engine's codec made it (a plain map for the
 * Pipeline), the switches' rows the engine made from its typed result, and a whole round's summary, for the build
 * page.
 */
record FacadeResult(@NonNull Map<String, Object> value, @NonNull List<SwitchRow> rows,
        @CheckForNull RoundReport.Summary round) implements Serializable {
    private static final long serialVersionUID = 1L;

    FacadeResult {
        value = PlainValues.copy(value);
        rows = new ArrayList<>(rows);
    }

    static @NonNull FacadeResult of(@NonNull Map<String, Object> value, @NonNull SwitchRow... rows) {
        return new FacadeResult(value, List.of(rows), null);
    }
}
