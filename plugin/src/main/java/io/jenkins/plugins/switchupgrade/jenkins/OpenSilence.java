package io.jenkins.plugins.switchupgrade.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.switchupgrade.audit.AuditEvent;
import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.core.SafeDisruption;
import io.jenkins.plugins.switchupgrade.core.SwitchMemory;
import io.jenkins.plugins.switchupgrade.lifecycle.Ticket;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.core.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The silence a disruptive call created for a switch and nobody expired yet, as the switch's ticket in the data
 * center's ledger names it (or, before the claim was written, the build's audit trail); and, as a call on the agent,
 * its expiry (recorded in the audit trail) after the step was stopped, so that the switch's alerts reach people.
 */
record OpenSilence(String target, String stepName, String why) implements FacadeCall {
    private static final long serialVersionUID = 1L;

    /** The ID of the last silence created for {@code target} and not expired since, or {@code null}. */
    static @CheckForNull String of(List<AuditEvent> events, String target) {
        String open = null;
        for (AuditEvent event : events) {
            if (!target.equals(event.switchName())) {
                continue;
            }
            Object id = event.details().get("silenceId");
            if (event.kind() == AuditKind.SILENCE_CREATED && id != null) {
                open = id.toString();
            } else if (event.kind() == AuditKind.SILENCE_EXPIRED && id != null && id.toString().equals(open)) {
                open = null;
            }
        }
        return open;
    }

    /** The open silence of {@code target} in the engine's audit trail, or {@code null}. */
    static @CheckForNull String in(StepContext engine, String target) {
        AuditTrail audit = engine.audit().orElse(null);
        return audit == null || audit.file() == null ? null : of(AuditTrail.read(audit.file()), target);
    }

    @Override
    public boolean audited() {
        return true;
    }

    @Override
    public String settles() {
        // the data center's ledger holds the switch's ticket once its claim was written
        return target;
    }

    @Override
    public FacadeResult call(StepContext engine, @CheckForNull Switch located) {
        // the ticket the ledger's claim recorded; before the claim only the audit trail knows the silence
        String silenceId = SwitchMemory.ticket(engine, target).map(Ticket::silenceId).filter(id -> !id.isEmpty())
                .orElseGet(() -> in(engine, target));
        // SafeDisruption.expire records the expiry in the audit trail
        SafeDisruption.expire(engine, silenceId, target, why);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("switch", target);
        result.put("expiredSilenceId", silenceId);
        return FacadeResult.of(result);
    }
}
