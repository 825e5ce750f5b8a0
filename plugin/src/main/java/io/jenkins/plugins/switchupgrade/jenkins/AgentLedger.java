package io.jenkins.plugins.switchupgrade.jenkins;

import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.ledger.LedgerState;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The engine's {@link Ledger} of one data center on an agent: every call goes to the controller's ledger. */
final class AgentLedger implements Ledger {

    private final RunLedger controller;
    private final String datacenter;

    AgentLedger(RunLedger controller, String datacenter) {
        this.controller = controller;
        this.datacenter = datacenter;
    }

    @Override
    public String datacenter() {
        return datacenter;
    }

    @Override
    public String where() {
        return controller.where(datacenter);
    }

    @Override
    public Remedies remedies() {
        return ControllerLedgers.Remedies.INSTANCE;
    }

    @Override
    public LedgerState replay() {
        return controller.replay(datacenter);
    }

    @Override
    public LedgerState requireClear(boolean inFlightAllowed) {
        return controller.requireClear(datacenter, inFlightAllowed);
    }

    @Override
    public void check(Claim claim) {
        controller.check(datacenter, claim);
    }

    @Override
    public LedgerEntry claim(Claim claim, BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new io.jenkins.plugins.switchupgrade.ledger.LedgerBlockedException("the build is being stopped; "
                    + claim.switchName() + " is not claimed", List.of());
        }
        return controller.claim(datacenter, claim);
    }

    @Override
    public LedgerEntry record(LedgerEntry.Kind kind, String switchName, String actor, String reason) {
        return controller.record(datacenter, kind, switchName, actor, reason);
    }

    @Override
    public LedgerEntry acknowledge(String switchName, String actor, String reason) {
        throw new UnsupportedOperationException("a failure is acknowledged by a person on the controller: "
                + ControllerLedgers.Remedies.INSTANCE.acknowledge(datacenter, switchName));
    }

    @Override
    public List<LedgerEntry> entries() {
        return controller.entries(datacenter);
    }

    @Override
    public String describe(LedgerState.SwitchState state) {
        return controller.describe(datacenter, state);
    }
}
