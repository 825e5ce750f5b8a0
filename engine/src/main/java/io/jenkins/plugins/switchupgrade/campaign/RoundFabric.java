package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.fleet.Fleet;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.gates.GateVerdict;
import io.jenkins.plugins.switchupgrade.lifecycle.Validated;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.selection.PickRequest;
import io.jenkins.plugins.switchupgrade.validation.Verdict;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What an upgrade round reads from the fabric and does to it: the inventory, the MLAG order of a drawn candidate,
 * a candidate's verdict, the gates at round start, and one validated switch's upgrade. The round itself only
 * elects, schedules and stops; the live parts go through the step context, a unit test gives small fakes.
 */
interface RoundFabric {
    /** The switches of {@code role} in {@code datacenter}, read once per round. */
    Fleet inventory(String datacenter, Role role);

    /** The drawn candidate, or its rack's MLAG secondary to go first. */
    Pick order(Pick drawn, PickRequest request);

    /** The candidate judged against its siblings, read live. */
    Verdict validate(Switch candidate, List<String> siblings);

    /** The data center's live gates before the round elects anything. */
    GateVerdict gatesAtStart(String datacenter);

    /** Upgrades one validated switch to its end (upgraded, failed or interrupted), saying its phases. */
    SwitchResult upgrade(Validated candidate, RoundOptions options, Set<String> alongside, Consumer<String> phase);
}
