package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The members of an AOS virtual chassis as {@code show virtual-chassis topology} lists them, and
 * which chassis the session is connected to; tells whether every chassis is {@code Running}.
 */
public final class VirtualChassisTopology {

    static final String COMMAND = "show virtual-chassis topology";

    private static final Pattern LOCAL = Pattern.compile("(?i)^\\s*Local\\s+Chassis\\s*:\\s*(\\d+)\\b.*");
    private static final Pattern HEADER = Pattern.compile("(?i)^\\s*Chas\\s+Role\\s+Status\\b.*");
    private static final Pattern ROW_START = Pattern.compile("^\\s*\\d+\\b.*");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z-]*");
    // AOS 8 marks a chassis added after the last saved topology with a "+" suffix, e.g. "Running+"
    private static final Pattern STATUS = Pattern.compile("[A-Za-z][A-Za-z-]*\\+?");
    private static final Pattern LEGEND = Pattern.compile("(?i)^\\s*Legend\\s*:.*");
    private static final Pattern MAC = Pattern.compile("(?i)^(?:[0-9a-f]{2}:){5}[0-9a-f]{2}$");
    private static final Pattern CHASSIS_TYPE = Pattern.compile("(?i)^OS\\d{4}[A-Z0-9-]*$");
    private static final String HINT_TRUNCATED =
            "The output looks truncated or garbled; run the command again, and by hand if it persists.";

    private final OptionalInt localChassisId;
    private final List<ChassisMember> members;

    private VirtualChassisTopology(OptionalInt localChassisId, List<ChassisMember> members) {
        this.localChassisId = localChassisId;
        this.members = List.copyOf(members);
    }

    /**
     * Parses the output of {@code show virtual-chassis topology}; columns beyond chassis, role, status
     * and MAC address are tolerated wherever they stand.
     *
     * @throws CliOutputException when the table is missing, empty, cut short or names a chassis twice
     */
    public static VirtualChassisTopology parse(String output) {
        List<String> lines = ConsoleText.lines(output);
        OptionalInt local = OptionalInt.empty();
        boolean headerSeen = false;
        List<ChassisMember> members = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("ERROR")) {
                throw new CliOutputException(COMMAND, "the virtual-chassis topology table", ConsoleText.quote(trimmed),
                        "Is this switch in virtual-chassis mode? A standalone switch cannot run ISSU.");
            }
            if (LEGEND.matcher(line).matches()) {
                continue;
            }
            Matcher localMatch = LOCAL.matcher(line);
            if (localMatch.matches()) {
                local = OptionalInt.of(Integer.parseInt(localMatch.group(1)));
                continue;
            }
            if (HEADER.matcher(line).matches()) {
                headerSeen = true;
                continue;
            }
            if (headerSeen && ROW_START.matcher(line).matches()) {
                members.add(row(line));
            }
        }
        if (!headerSeen) {
            throw new CliOutputException(COMMAND, "a table with the header 'Chas  Role  Status ... MAC-Address'",
                    lines.isEmpty() ? "no output at all" : "no such header in " + lines.size() + " line(s)",
                    "Check that the session reached the AOS prompt and that the switch is a virtual chassis.");
        }
        if (members.isEmpty()) {
            throw new CliOutputException(COMMAND, "at least one chassis row after the header",
                    "a header without rows", HINT_TRUNCATED);
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (ChassisMember member : members) {
            if (!ids.add(member.chassisId())) {
                throw new CliOutputException(COMMAND, "each chassis id once",
                        "chassis " + member.chassisId() + " twice", HINT_TRUNCATED);
            }
        }
        return new VirtualChassisTopology(local, members);
    }

    private static ChassisMember row(String line) {
        String[] tokens = line.trim().split("[\\s|]+");
        String expected = "a chassis row 'id  role  status ... MAC-address'";
        if (tokens.length < 4 || !WORD.matcher(tokens[1]).matches()) {
            throw new CliOutputException(COMMAND, expected, ConsoleText.quote(line.trim()), HINT_TRUNCATED);
        }
        if (!STATUS.matcher(tokens[2]).matches()) {
            throw new CliOutputException(COMMAND, "a chassis status such as Running, Running+ (added after the last "
                    + "saved topology) or Mismatch-Chassis-Group", "'" + tokens[2] + "' in "
                    + ConsoleText.quote(line.trim()), "This status is unknown to the driver: check the chassis by "
                    + "hand and report the line so that the parser learns it.");
        }
        String mac = null;
        String type = null;
        for (int i = 3; i < tokens.length; i++) {
            if (mac == null && MAC.matcher(tokens[i]).matches()) {
                mac = tokens[i].toLowerCase(Locale.ROOT);
            } else if (type == null && CHASSIS_TYPE.matcher(tokens[i]).matches()) {
                type = tokens[i];
            }
        }
        if (mac == null) {
            throw new CliOutputException(COMMAND, expected + " with a MAC address such as e8:e7:32:0e:66:89",
                    ConsoleText.quote(line.trim()), HINT_TRUNCATED);
        }
        return new ChassisMember(Integer.parseInt(tokens[0]), ChassisRole.of(tokens[1]), tokens[1], tokens[2],
                Optional.ofNullable(type), mac);
    }

    /** The chassis the session is connected to ({@code Local Chassis: n}), when printed. */
    public OptionalInt localChassisId() {
        return localChassisId;
    }

    /** All chassis in table order. */
    public List<ChassisMember> members() {
        return members;
    }

    public Optional<ChassisMember> member(int chassisId) {
        return members.stream().filter(m -> m.chassisId() == chassisId).findFirst();
    }

    /** The master, if exactly one chassis claims that role. */
    public Optional<ChassisMember> master() {
        List<ChassisMember> masters = members.stream().filter(ChassisMember::isMaster).collect(Collectors.toList());
        return masters.size() == 1 ? Optional.of(masters.get(0)) : Optional.empty();
    }

    public List<ChassisMember> slaves() {
        return members.stream().filter(ChassisMember::isSlave).collect(Collectors.toUnmodifiableList());
    }

    /** The chassis that are not {@code Running}. */
    public List<ChassisMember> notRunning() {
        return members.stream().filter(m -> !m.isRunning()).collect(Collectors.toUnmodifiableList());
    }

    /** True when there is exactly one master and every chassis is {@code Running}: ready for ISSU. */
    public boolean isHealthy() {
        return master().isPresent() && notRunning().isEmpty();
    }

    /**
     * Why the virtual chassis is not healthy, in words for the build log; empty when it is.
     */
    public Optional<String> problem() {
        long masters = members.stream().filter(ChassisMember::isMaster).count();
        if (masters != 1) {
            return Optional.of("expected exactly one Master chassis, but saw " + masters + " among "
                    + members.stream().map(ChassisMember::describe).collect(Collectors.joining(", ")));
        }
        List<ChassisMember> down = notRunning();
        if (!down.isEmpty()) {
            return Optional.of("expected every chassis Running, but saw "
                    + down.stream().map(ChassisMember::describe).collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualChassisTopology
                && localChassisId.equals(((VirtualChassisTopology) o).localChassisId)
                && members.equals(((VirtualChassisTopology) o).members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(localChassisId, members);
    }

    @Override
    public String toString() {
        return "VirtualChassisTopology" + (localChassisId.isPresent() ? " local " + localChassisId.getAsInt() : "")
                + " " + members;
    }
}
