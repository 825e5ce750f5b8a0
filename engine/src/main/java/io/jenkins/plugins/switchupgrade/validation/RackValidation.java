package io.jenkins.plugins.switchupgrade.validation;

import io.jenkins.plugins.switchupgrade.metrics.InstantQueries;
import io.jenkins.plugins.switchupgrade.metrics.MetricsProfile;
import io.jenkins.plugins.switchupgrade.metrics.SnapshotReader;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import io.jenkins.plugins.switchupgrade.ports.Console;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A candidate judged against its siblings from one Prometheus request: the snapshots of all of them and their MLAG
 * facts are read together, then the sibling rule and the MLAG check decide.
 */
public final class RackValidation {
    private static final String MLAG = "mlag";
    private final InstantQueries prometheus;
    private final MetricsProfile profile;
    private final Clock clock;
    private final Console console;

    public RackValidation(InstantQueries prometheus, MetricsProfile profile, Clock clock, Console console) {
        this.prometheus = prometheus;
        this.profile = profile;
        this.clock = clock;
        this.console = console;
    }

    /** The verdict on {@code candidate} against {@code siblings} (the candidate itself among them is left out). */
    public Verdict validate(String candidate, List<String> siblings) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        names.add(candidate);
        names.addAll(siblings);
        MlagCheck mlag = new MlagCheck(prometheus, profile.mlag(), console);
        SnapshotReader.Reading reading = new SnapshotReader(prometheus, profile, clock)
                .readAt(names, Map.of(MLAG, mlag.factsQuery()));
        List<Snapshot> siblingSnapshots = new ArrayList<>();
        for (String sibling : siblings) {
            if (!sibling.equals(candidate)) {
                siblingSnapshots.add(reading.snapshots().get(sibling));
            }
        }
        Verdict verdict = new SiblingCheck(profile, console).check(reading.snapshots().get(candidate), siblingSnapshots);
        return mlag.apply(verdict, reading.also().get(MLAG));
    }
}
