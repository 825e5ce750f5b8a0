package io.jenkins.plugins.switchupgrade.lifecycle;

import io.jenkins.plugins.switchupgrade.await.AwaitState;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a disrupted switch carries to the next function, in this process or after a restart: the switch, the
 * address to probe while it is down, the silence muting it (empty when silencing is off), the state its wait begins
 * from, and what its driver sent. Small and serializable: the plugin persists it between steps, the ledger's claim
 * records the same facts.
 */
public record Ticket(String switchName, String datacenter, String platform, String address, String silenceId,
                     AwaitState await, String versionBefore, List<String> commands) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Ticket {
        Objects.requireNonNull(switchName, "switchName");
        datacenter = datacenter == null ? "" : datacenter;
        platform = platform == null ? "" : platform;
        address = address == null ? "" : address;
        silenceId = silenceId == null ? "" : silenceId;
        versionBefore = versionBefore == null ? "" : versionBefore;
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    /** Whether a silence mutes the switch (silencing may be switched off). */
    public boolean hasSilence() {
        return !silenceId.isEmpty();
    }

    /** This ticket with the wait advanced to {@code reached}. */
    public Ticket withAwait(AwaitState reached) {
        return new Ticket(switchName, datacenter, platform, address, silenceId, reached, versionBefore, commands);
    }

    /** This ticket once its silence has been expired. */
    public Ticket withoutSilence() {
        return new Ticket(switchName, datacenter, platform, address, "", await, versionBefore, commands);
    }
}
