package io.jenkins.plugins.switchupgrade.core;

import io.jenkins.plugins.switchupgrade.alerts.AlertSilencer;
import io.jenkins.plugins.switchupgrade.audit.AuditTrail;
import io.jenkins.plugins.switchupgrade.drivers.CumulusOnie;
import io.jenkins.plugins.switchupgrade.fleet.Role;
import io.jenkins.plugins.switchupgrade.fleet.Switch;
import io.jenkins.plugins.switchupgrade.metrics.PrometheusClient;
import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A disruption's parts are all there when its context exists; a missing one is refused, saying what to configure. */
class DisruptionContextTest {
    private static final Switch LEAF = Switch.builder("leaf-r1-p1-pod1").datacenter("dc1").pod("pod1").rack("r1")
            .position(1).role(Role.LEAF).version("5.9.1").address("10.0.1.1").platform("cumulus").build();
    private static final ArtifactStore NOWHERE = new ArtifactStore() {
        @Override
        public void save(String relativePath, String content) {
        }

        @Override
        public Optional<String> read(String relativePath) {
            return Optional.empty();
        }
    };

    private static StepContext.Builder complete() {
        return withoutDriver().driver(CumulusOnie.defaults());
    }

    private static StepContext.Builder withoutDriver() {
        return StepContext.builder().prometheus(PrometheusClient.builder("http://127.0.0.1:9").build())
                .artifacts(NOWHERE).audit(AuditTrail.builder("test").build())
                .silencer(AlertSilencer.disabled())
                .sshTargets(s -> SshTarget.builder().name(s.name()).host(s.address()).user("cumulus")
                        .privateKey("not a key, never used").knownHosts("10.0.1.1 ssh-ed25519 AAAA").build());
    }

    private static String refusal(StepContext context) {
        SafetyException e = assertThrows(SafetyException.class, () -> DisruptionContext.of(context, LEAF));
        assertTrue(e.nothingSent());
        return e.getMessage();
    }

    @Test
    void everyPartIsThereOnceBuilt() {
        AuditTrail audit = AuditTrail.builder("test").build();
        DisruptionContext parts = DisruptionContext.of(complete().audit(audit).build(), LEAF);
        assertSame(audit, parts.audit());
        assertEquals("cumulus", parts.driver().platform());
        assertEquals("leaf-r1-p1-pod1", parts.ssh().name());
        assertEquals(false, parts.silencer().isEnabled());
    }

    @Test
    void aMissingPartIsRefusedWithWhatToConfigure() {
        assertEquals("leaf-r1-p1-pod1 was not touched: no audit trail is configured",
                refusal(complete().audit(null).build()));
        assertEquals("leaf-r1-p1-pod1 was not touched: no Alertmanager is configured; give its URL, or switch "
                + "silencing off explicitly", refusal(complete().silencer(null).build()));
        assertEquals("leaf-r1-p1-pod1 was not touched: no SSH target is configured (user, key, known_hosts)",
                refusal(complete().sshTargets(null).build()));
        assertEquals("leaf-r1-p1-pod1 was not touched: no driver for platform 'cumulus'; this host knows how to "
                + "upgrade: cumulus, aos", refusal(withoutDriver().build()));
    }
}
