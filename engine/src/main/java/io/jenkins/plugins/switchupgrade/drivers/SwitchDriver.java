package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One switch platform's way to read its OS version and to send it into the disruptive part of an upgrade
 * (re-provisioning, ISSU), owning its commands, prompts and output parsing; callers never see vendor strings.
 */
public interface SwitchDriver {

    /** The platform name as in the inventory's {@code platform} label, e.g. {@code cumulus}. */
    String platform();

    /** Connects and reads the running OS version, e.g. {@code 5.9.1}. Sends nothing disruptive. */
    String readVersion(SshTarget target) throws DriverException;

    /**
     * Asks the host at the target's address for its own name, sending nothing but a read-out (Cumulus:
     * {@code hostname}; AOS: the Name line of {@code show system}), so that the caller can confirm it reached the
     * switch it named before anything disruptive. A platform that cannot tell refuses: no name, no disruption.
     */
    default String identity(SshTarget target) throws DriverException {
        throw DriverException.notTouched(target.name(), "the " + platform() + " driver cannot ask " + target.describe()
                + " for its name, so it cannot confirm which switch answers there; nothing was sent", null);
    }

    /**
     * Sends the disruptive commands (e.g. ONIE install, then reboot; or an ISSU followed to its end) and returns what
     * was sent and answered, typed by the way of upgrading. The connection dropping because the switch reboots is the
     * expected end, not an error; a failure says in {@link DriverException#touch()} what the switch received.
     */
    DriverResult disrupt(SshTarget target, Console console) throws DriverException;

    /**
     * The audit kind of the event announcing {@link #disrupt} before it is sent (re-provisioning, or another
     * disruption such as an ISSU), so that the audit trail names what this platform does.
     */
    AuditKind disruptionKind();

    /**
     * Read-only checks that must pass before anything is silenced or sent (e.g. every virtual-chassis member
     * Running, stack MAC retention on). Returns what it found; throws with the reason
     * and the fix when the switch must not be touched.
     */
    default PreCheckResult preCheck(SshTarget target, Console console) throws DriverException {
        return new PreCheckResult.NoPreCheck();
    }

    /**
     * Reads the switch's configuration as evidence to compare before and after the disruption, sending nothing but
     * read-outs; empty when this platform has no such read-out.
     */
    default Optional<SwitchConfiguration> configurationEvidence(SshTarget target) throws DriverException {
        return Optional.empty();
    }

    /** How this platform moves traffic off the switch before its disruption; empty when it has no drain. */
    default Optional<SwitchDrain> drain() {
        return Optional.empty();
    }

    /** Why this platform has no drain, for the log of a round that asked for one. */
    default String withoutDrain() {
        return "the " + platform() + " driver has no drain";
    }

    /** How one command's exchange ended. */
    enum Ending {
        /** The command ended with an exit status. */
        EXITED,
        /** The switch closed the connection while the command ran (it reboots). */
        CONNECTION_DROPPED,
        /** No answer within the time allowed; whether the switch acts on it shows later. */
        NO_ANSWER
    }

    /** One command sent and what the switch answered; {@code exitStatus} is -1 unless it {@link Ending#EXITED}. */
    record Exchange(Instant sentAt, String command, Ending ending, int exitStatus, String answer) {
        public Exchange {
            answer = answer == null ? "" : answer;
        }

        /** One line for logs and audit events, with the whole answer (its lines joined by " | "). */
        public String summary() {
            // bare "WARNING:" lines frame onie-select's warnings; they say nothing on their own
            String all = String.join(" | ", answer.strip().lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.equals("WARNING:")).toList());
            return switch (ending) {
                case EXITED -> "'" + command + "' exited " + exitStatus + (all.isEmpty() ? "" : ": " + all);
                case CONNECTION_DROPPED -> "'" + command + "': the switch closed the connection";
                case NO_ANSWER -> "'" + command + "': no answer";
            };
        }
    }

    /** The outcome of {@link #disrupt}: the version before and every exchange, in order. */
    record Disruption(String platform, String switchName, Instant startedAt, String versionBefore,
                      List<Exchange> exchanges) {
        public Disruption {
            exchanges = List.copyOf(exchanges);
        }

        /** The commands sent, in order. */
        public List<String> commands() {
            return exchanges.stream().map(Exchange::command).toList();
        }

        /** Whether the switch dropped the connection during the last command, as a rebooting switch does. */
        public boolean connectionDropped() {
            return !exchanges.isEmpty() && exchanges.get(exchanges.size() - 1).ending() == Ending.CONNECTION_DROPPED;
        }
    }
}
