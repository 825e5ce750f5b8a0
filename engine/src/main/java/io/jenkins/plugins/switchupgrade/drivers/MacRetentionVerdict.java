package io.jenkins.plugins.switchupgrade.drivers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of a stack-MAC pre-check (AOS MAC retention, Cisco persistent stack MAC): passed or not, why,
 * the command that fixes it, the command that releases a retained MAC, and the duplicate-MAC caveat.
 */
public abstract class MacRetentionVerdict {
    private final boolean passed;
    private final String reason;
    private final String fixCommand;
    private final String releaseCommand;
    private final String duplicateMacCaveat;
    private final List<String> warnings;

    protected MacRetentionVerdict(boolean passed, String reason, String fixCommand, String releaseCommand,
                                  String duplicateMacCaveat, List<String> warnings) {
        this.passed = passed;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.fixCommand = fixCommand;
        this.releaseCommand = releaseCommand;
        this.duplicateMacCaveat = duplicateMacCaveat;
        this.warnings = List.copyOf(warnings);
    }

    /** True when failing the stack over keeps its MAC address. */
    public boolean passed() {
        return passed;
    }

    /** Why the check passed or failed, in words for the build log; explains the risk when failed. */
    public String reason() {
        return reason;
    }

    /** The command that makes the check pass; empty when it passed. */
    public Optional<String> fixCommand() {
        return Optional.ofNullable(fixCommand);
    }

    /** The command that drops a retained MAC, for re-homing a former master. */
    public String releaseCommand() {
        return releaseCommand;
    }

    /** What retention costs: a duplicate MAC if the device owning it is re-used elsewhere. */
    public String duplicateMacCaveat() {
        return duplicateMacCaveat;
    }

    /** Things worth knowing that do not fail the check, e.g. a retained MAC of a member that left. */
    public List<String> warnings() {
        return warnings;
    }

    /** The fields of this verdict are equal to another's (subclasses add what they parsed). */
    protected boolean sameVerdict(MacRetentionVerdict other) {
        return passed == other.passed && reason.equals(other.reason) && Objects.equals(fixCommand, other.fixCommand)
                && warnings.equals(other.warnings);
    }

    protected int verdictHash() {
        return Objects.hash(passed, reason, fixCommand, warnings);
    }
}
