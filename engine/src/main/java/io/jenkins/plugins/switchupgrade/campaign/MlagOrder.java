package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.MlagQueries;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.selection.Pick;
import io.jenkins.plugins.switchupgrade.selection.PickRequest;
import io.jenkins.plugins.switchupgrade.validation.MlagCheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Within a rack of MLAG peers the secondary goes first: rebooting it leaves the primary primary, while rebooting the
 * primary hands its role to the peer. Where the roles are known and the rack's secondary is still to be upgraded
 * in this round, a pick of the primary becomes a pick of the secondary; where it is not, the primary goes and the
 * log says that the roles swap. Leaves without MLAG roles are picked as they were.
 */
final class MlagOrder {
    static final String PRIMARY = "primary";
    static final String SECONDARY = "secondary";

    private final MlagCheck mlag;
    private final Console console;

    MlagOrder(PrometheusClient prometheus, MlagQueries queries, Console console) {
        this.mlag = new MlagCheck(prometheus, queries, console);
        this.console = console;
    }

    /** The pick, or its rack's secondary in place of a primary (one request, leaves with siblings only). */
    Pick preferSecondary(Pick pick, PickRequest request) {
        if (pick.nothingToDo() || pick.siblings().isEmpty() || pick.candidate().get().role() != Role.LEAF) {
            return pick;
        }
        Switch candidate = pick.candidate().get();
        List<String> names = new ArrayList<>();
        names.add(candidate.name());
        pick.siblings().forEach(s -> names.add(s.name()));
        Map<String, String> roles = mlag.roles(names);
        if (!PRIMARY.equals(roles.get(candidate.name()))) {
            return pick;
        }
        Optional<Switch> secondary = pick.siblings().stream().filter(s -> SECONDARY.equals(roles.get(s.name())))
                .filter(s -> toUpgrade(s, request)).findFirst();
        if (secondary.isEmpty()) {
            console.log("MLAG: " + candidate.name() + " is the primary of rack " + candidate.rack() + " and no "
                    + "secondary of its rack is left to upgrade first in this round; it goes now, and its peer takes "
                    + "over the primary role (the roles swap)");
            return pick;
        }
        Switch chosen = secondary.get();
        List<Switch> siblings = new ArrayList<>();
        siblings.add(candidate);
        pick.siblings().stream().filter(s -> !s.name().equals(chosen.name())).forEach(siblings::add);
        console.log("MLAG: electing " + chosen.name() + ", the secondary of rack " + candidate.rack() + ", before the "
                + "primary " + candidate.name() + ", so that the roles stay");
        return new Pick(Optional.of(chosen), siblings, pick.remaining(), pick.fleetSize(), pick.reason()
                + "; MLAG: the secondary " + chosen.name() + " before the primary " + candidate.name());
    }

    /** A rack's switches in MLAG order: secondaries first, then the rest by position. */
    static Comparator<Switch> secondaryFirst(Map<String, String> roles) {
        return Comparator.<Switch>comparingInt(s -> SECONDARY.equals(roles.get(s.name())) ? 0
                : PRIMARY.equals(roles.get(s.name())) ? 2 : 1).thenComparingInt(Switch::position);
    }

    private static boolean toUpgrade(Switch s, PickRequest request) {
        return s.version().equals(request.fromVersion()) && !request.exclude().contains(s.name())
                && (request.position() == null || s.position() == request.position());
    }
}
