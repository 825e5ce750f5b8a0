package io.jenkins.plugins.switchupgrade.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Run;
import io.jenkins.plugins.switchupgrade.lab.Fabric;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.jenkins.plugins.lockableresources.LockableResourcesManager;

/** The lab fabric wired into a test Jenkins the way an administrator would configure a real one. */
final class Lab {

    static final String DATACENTER = "lab1";
    static final String LOCK = "switch-upgrade-" + DATACENTER;
    static final String SSH_CREDENTIALS = "lab-switches";
    static final String FROM = "5.9.1";
    static final String TO = "5.10.0";

    private Lab() {}

    /** Two-member racks of leaves with an Alertmanager; switches stay down for {@code reboot}. */
    static Fabric start(int racks, Duration reboot) {
        return Fabric.builder().racks(racks).spines(0).alertmanager(true).rebootTime(reboot)
                .convergeTime(Duration.ofMillis(300)).build().start();
    }

    /** Global configuration, SSH credentials and the data center's lockable resource. */
    static void configure(Fabric fabric) throws IOException {
        SwitchUpgradeConfiguration config = SwitchUpgradeConfiguration.get();
        config.setPrometheusUrl(fabric.prometheus().url());
        config.setAlertmanagerUrl(fabric.alertmanager().url());
        config.setKnownHosts(Files.readString(fabric.ssh().knownHostsFile(), StandardCharsets.UTF_8));
        config.setSshPort(fabric.ssh().port());
        config.setSshCredentialsId(SSH_CREDENTIALS);
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(
                CredentialsScope.GLOBAL, SSH_CREDENTIALS, fabric.ssh().user(),
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource(privateKey(fabric)), null, "lab switches"));
        SystemCredentialsProvider.getInstance().save();
        LockableResourcesManager.get().createResource(LOCK);
    }

    static String privateKey(Fabric fabric) throws IOException {
        return Files.readString(fabric.ssh().clientKeyFile(), StandardCharsets.UTF_8);
    }

    /** Whether the lab switch received a disruptive command. */
    static boolean disrupted(Fabric fabric, String name) {
        return fabric.commands().anyMatching(name, "onie-select|reboot|provision");
    }

    /** An archived artifact's text, or {@code null}. */
    static String artifact(Run<?, ?> run, String path) throws IOException {
        var file = run.getArtifactManager().root().child(path);
        if (!file.isFile()) {
            return null;
        }
        try (InputStream in = file.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The declarative Jenkinsfile of story A against the lab: one leaf per build, inside the lock. */
    static String storyA(String lockOption, String pickArguments) {
        return """
                pipeline {
                  agent any
                  options { %s }
                  stages {
                    stage('Upgrade one leaf') {
                      steps {
                        script {
                          def pick = pickCandidate datacenter: '%s', role: 'leaf', fromVersion: '%s'%s
                          if (pick.nothingToDo) { echo pick.reason; return }
                          def check = validateSibling candidate: pick.candidate
                          if (!check.passed) { error "sibling check of ${pick.candidate} failed: ${check.reasons}" }
                          def sent = reprovisionSwitch target: pick.candidate, reason: 'lab round'
                          def back = awaitExporter target: pick.candidate, state: sent.await, silenceId: sent.silenceId,
                                  downSeconds: 30, upSeconds: 120, freshSeconds: 30
                          def diff = diffMetrics target: pick.candidate, toVersion: '%s', silenceId: sent.silenceId,
                                  settleSeconds: 30
                          if (!diff.passed) { error "post-upgrade validation of ${pick.candidate} failed: ${diff.reasons}" }
                          echo "UPGRADED ${pick.candidate}"
                        }
                      }
                    }
                  }
                }
                """.formatted(lockOption, DATACENTER, FROM, pickArguments, TO);
    }
}
