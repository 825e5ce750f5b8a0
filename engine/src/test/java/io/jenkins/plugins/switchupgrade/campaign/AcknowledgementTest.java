package io.jenkins.plugins.switchupgrade.campaign;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.ledger.FileLedger;
import io.jenkins.plugins.switchupgrade.ledger.InFlight;
import io.jenkins.plugins.switchupgrade.ledger.Ledger;
import io.jenkins.plugins.switchupgrade.ledger.LedgerEntry;
import io.jenkins.plugins.switchupgrade.metrics.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An acknowledgement when the Alertmanager of the switch's silence cannot be reached: the one expiry's retries. */
class AcknowledgementTest {
    private static final String SILENCE = "6999f4c7-8056-4390-b030-b907bb1c647b";
    private static final Ledger.Remedies REMEDIES = new Ledger.Remedies() {
        @Override
        public String acknowledge(String datacenter, String switchName) {
            return "switch-upgrade ack --datacenter " + datacenter + " --switch " + switchName;
        }

        @Override
        public String resume(String datacenter) {
            return "switch-upgrade run --datacenter " + datacenter + " --resume";
        }
    };

    @TempDir
    Path stateDir;

    @Test
    void aSilenceThatCannotBeExpiredIsRetriedThenNamedWithItsCommandAndTheAcknowledgementStands() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String alertmanager = "http://127.0.0.1:" + closed;
        Switch leaf = Switch.builder("leaf-r3-p1-pod1").datacenter("dc1").pod("pod1").rack("r3").position(1)
                .role(Role.LEAF).version("5.9.1").address("127.0.0.3").platform("cumulus").build();
        FileLedger ledger = FileLedger.open(stateDir, "dc1", REMEDIES, Clock.systemUTC());
        ledger.claim(leaf, new InFlight("r3", leaf.address(), "cumulus", "5.9.1", "5.10.0", SILENCE,
                Instant.now().plus(Duration.ofHours(1)), alertmanager, 1.7e9,
                new Snapshot(leaf.name(), Instant.now(), "5.9.1", Map.of("bgp_peer_status", 32.0)), "/reports/dc1"),
                1, "run by alice", "upgrade");
        List<String> console = new ArrayList<>();
        List<Duration> pauses = new ArrayList<>();

        LedgerEntry entry = new Acknowledgement(ledger, console::add, null, pauses::add)
                .acknowledge(leaf.name(), "carol@ops-1", "rebooted by hand, looked at it");

        assertEquals(LedgerEntry.Kind.ACKNOWLEDGED, entry.kind());
        assertTrue(ledger.replay().blockers().isEmpty(), "the acknowledgement is recorded whatever Alertmanager does");
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), pauses);
        assertEquals(3, console.stream().filter(l -> l.startsWith("Alertmanager did not expire the silence " + SILENCE
                + " of " + leaf.name() + " (attempt ")).count(), String.join("\n", console));
        String warning = console.stream().filter(l -> l.startsWith("WARNING: the silence " + SILENCE)).findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", console)));
        assertTrue(warning.contains("could not be expired after 4 attempts"), warning);
        assertTrue(warning.contains("expire it by hand: " + AlertSilencer.builder(alertmanager).build()
                .expireCommand(SILENCE)), warning);
    }
}
