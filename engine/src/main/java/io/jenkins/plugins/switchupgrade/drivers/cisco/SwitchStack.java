package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Cisco switch stack as {@code show switch} shows it: the stack MAC address, the MAC persistency
 * wait time, and the members with role, MAC, priority and state.
 */
public final class SwitchStack {

    static final String COMMAND = "show switch";

    private static final String CISCO_MAC = "[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}";
    private static final Pattern STACK_MAC = Pattern.compile("(?i)^\\s*Switch/Stack\\s+Mac\\s+Address\\s*:\\s*("
            + CISCO_MAC + ")(?:\\s*-\\s*(Local|Foreign)\\s+Mac\\s+Address)?.*");
    private static final Pattern PERSISTENCY = Pattern.compile("(?i)^\\s*Mac\\s+persistency\\s+wait\\s+time\\s*:\\s*(.*?)\\s*$");
    private static final Pattern MINUTES = Pattern.compile("(?i)^(\\d+)\\s*(mins?|minutes?)?$");
    private static final Pattern HEADER = Pattern.compile("(?i)^\\s*Switch#\\s+Role\\b.*");
    private static final Pattern ROW_START = Pattern.compile("^\\s*\\*?\\s*\\d+\\b.*");
    // The H/W column is empty for provisioned slots and some members (IOS XE); IOS prints a number (4), IOS XE V01.
    private static final Pattern ROW = Pattern.compile("^\\s*(\\*)?\\s*(\\d+)\\s+([A-Za-z][\\w-]*)\\s+(" + CISCO_MAC
            + ")\\s+(\\d+)\\s+(?:(V\\d{1,3}|\\d{1,3})\\s+)?([A-Za-z].*?)\\s*$");
    private static final Pattern STACK_PORT_TITLE = Pattern.compile("(?i)^\\s*Stack\\s+Port\\s+Status\\b.*");
    private static final Pattern STACK_PORT_HEADER = Pattern.compile("(?i)^\\s*Switch#\\s+Port\\s+1\\b.*");
    private static final Pattern STACK_PORT_ROW = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s*$");
    private static final String HINT_TRUNCATED = "The output looks truncated or garbled; run `show switch` again "
            + "(with `terminal length 0`), and by hand if it persists.";

    private final String stackMac;
    private final boolean markedForeign;
    private final MacPersistency persistency;
    private final List<StackMember> members;
    private final List<StackMember> slots;
    private final List<StackPort> stackPorts;

    private SwitchStack(String stackMac, boolean markedForeign, MacPersistency persistency, List<StackMember> members,
                        List<StackMember> slots, List<StackPort> stackPorts) {
        this.stackMac = stackMac;
        this.markedForeign = markedForeign;
        this.persistency = persistency;
        this.members = List.copyOf(members);
        this.slots = List.copyOf(slots);
        this.stackPorts = List.copyOf(stackPorts);
    }

    /** One row of the stack-port table of {@code show switch detail}: both ports' status and their neighbours. */
    public record StackPort(int number, String port1Status, String port2Status, String port1Neighbor,
                            String port2Neighbor) {
    }

    /**
     * Parses the output of {@code show switch} (IOS and IOS XE forms).
     *
     * @throws CliOutputException when the stack MAC or the member table is missing, cut short or unreadable
     */
    public static SwitchStack parse(String output) {
        List<String> lines = ConsoleText.lines(output);
        String stackMac = null;
        boolean foreign = false;
        MacPersistency persistency = MacPersistency.absent();
        boolean headerSeen = false;
        boolean inStackPorts = false;
        List<StackMember> rows = new ArrayList<>();
        List<StackPort> stackPorts = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("%") || trimmed.startsWith("ERROR")) {
                throw new CliOutputException(COMMAND, "the stack MAC address and the member table",
                        quote(trimmed), "Is this a stackable Catalyst, and may the account run `show switch`?");
            }
            Matcher mac = STACK_MAC.matcher(line);
            if (mac.matches()) {
                stackMac = mac.group(1).toLowerCase(Locale.ROOT);
                foreign = "foreign".equalsIgnoreCase(mac.group(2));
                continue;
            }
            Matcher wait = PERSISTENCY.matcher(line);
            if (wait.matches()) {
                persistency = persistency(wait.group(1), line);
                continue;
            }
            // show switch detail: the stack-port table follows the member table and is not made of members
            if (STACK_PORT_TITLE.matcher(line).matches() || STACK_PORT_HEADER.matcher(line).matches()) {
                inStackPorts = true;
                continue;
            }
            if (HEADER.matcher(line).matches()) {
                headerSeen = true;
                continue;
            }
            // A row never holds '#' or '>'; a prompt does, even one whose hostname starts with a digit.
            if (headerSeen && ROW_START.matcher(line).matches() && !line.contains("#") && !line.contains(">")) {
                if (inStackPorts) {
                    stackPorts.add(stackPort(line));
                } else {
                    rows.add(row(line));
                }
            }
        }
        List<StackMember> members = rows.stream().filter(m -> !m.isEmptySlot()).toList();
        List<StackMember> slots = rows.stream().filter(StackMember::isEmptySlot).toList();
        if (stackMac == null) {
            throw new CliOutputException(COMMAND, "the line 'Switch/Stack Mac Address : xxxx.xxxx.xxxx'",
                    lines.isEmpty() ? "no output at all" : "no such line in " + lines.size() + " line(s)",
                    HINT_TRUNCATED);
        }
        if (!headerSeen || rows.isEmpty()) {
            throw new CliOutputException(COMMAND, "a member table 'Switch#  Role  Mac Address  Priority ...' "
                    + "with at least one row", headerSeen ? "a header without rows" : "no member table",
                    HINT_TRUNCATED);
        }
        if (members.isEmpty()) {
            throw new CliOutputException(COMMAND, "at least one member with a MAC address", "only empty slots "
                    + slots.stream().map(StackMember::describe).collect(Collectors.joining(", ")), HINT_TRUNCATED);
        }
        Set<Integer> numbers = new HashSet<>();
        for (StackMember member : rows) {
            if (!numbers.add(member.number())) {
                throw new CliOutputException(COMMAND, "each switch number once",
                        "switch " + member.number() + " twice", HINT_TRUNCATED);
            }
        }
        return new SwitchStack(stackMac, foreign, persistency, members, slots, stackPorts);
    }

    private static StackPort stackPort(String line) {
        Matcher m = STACK_PORT_ROW.matcher(line);
        if (!m.matches()) {
            throw new CliOutputException(COMMAND + " detail",
                    "a stack-port row 'switch#  port-1-status  port-2-status  neighbor-1  neighbor-2'",
                    quote(line.trim()), HINT_TRUNCATED);
        }
        return new StackPort(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5));
    }

    private static MacPersistency persistency(String value, String line) {
        if (value.equalsIgnoreCase("indefinite")) {
            return MacPersistency.indefinite();
        }
        Matcher m = MINUTES.matcher(value);
        if (m.matches()) {
            int minutes = Integer.parseInt(m.group(1));
            return minutes == 0 ? MacPersistency.indefinite() : MacPersistency.minutes(minutes);
        }
        throw new CliOutputException(COMMAND, "'Mac persistency wait time: Indefinite' or a number of minutes",
                quote(line.trim()), HINT_TRUNCATED);
    }

    private static StackMember row(String line) {
        Matcher m = ROW.matcher(line);
        if (!m.matches()) {
            throw new CliOutputException(COMMAND,
                    "a member row 'switch#  role  mac-address  priority  h/w-version  state'", quote(line.trim()),
                    HINT_TRUNCATED);
        }
        return new StackMember(Integer.parseInt(m.group(2)), m.group(1) != null, StackRole.of(m.group(3)),
                m.group(3), m.group(4).toLowerCase(Locale.ROOT), Integer.parseInt(m.group(5)),
                m.group(6) == null ? "" : m.group(6), m.group(7).replaceAll("\\s+", " "));
    }

    private static String quote(String line) {
        return "'" + (line.length() > 120 ? line.substring(0, 117) + "..." : line) + "'";
    }

    /** The stack MAC address in Cisco notation, lower case. */
    public String stackMac() {
        return stackMac;
    }

    public MacPersistency persistency() {
        return persistency;
    }

    /** All members in table order; provisioned slots without a switch ({@link #slots()}) are not members. */
    public List<StackMember> members() {
        return members;
    }

    /**
     * Rows for switch numbers with no switch in them: a provisioned (or removed) slot shows the MAC
     * {@code 0000.0000.0000}, state {@code Provisioned} or {@code Removed}, and an empty H/W column.
     */
    public List<StackMember> slots() {
        return slots;
    }

    /** The stack-port table of {@code show switch detail}; empty for plain {@code show switch}. */
    public List<StackPort> stackPorts() {
        return stackPorts;
    }

    public Optional<StackMember> member(int number) {
        return members.stream().filter(m -> m.number() == number).findFirst();
    }

    /** The active switch (IOS: master), if exactly one member has that role. */
    public Optional<StackMember> active() {
        List<StackMember> active = members.stream().filter(m -> m.role() == StackRole.ACTIVE)
                .collect(Collectors.toList());
        return active.size() == 1 ? Optional.of(active.get(0)) : Optional.empty();
    }

    public Optional<StackMember> standby() {
        return members.stream().filter(m -> m.role() == StackRole.STANDBY).findFirst();
    }

    /** The member whose row is marked {@code *}: the switch the session is connected to. */
    public Optional<StackMember> local() {
        return members.stream().filter(StackMember::local).findFirst();
    }

    /** The members that are not {@code Ready}. */
    public List<StackMember> notReady() {
        return members.stream().filter(m -> !m.isReady()).collect(Collectors.toUnmodifiableList());
    }

    /**
     * True when the stack MAC belongs to no current member: IOS XE marks it {@code Foreign Mac Address},
     * and on any release no member row carries it.
     */
    public boolean usesForeignMac() {
        return markedForeign || members.stream().noneMatch(m -> m.macAddress().equals(stackMac));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SwitchStack)) {
            return false;
        }
        SwitchStack s = (SwitchStack) o;
        return stackMac.equals(s.stackMac) && markedForeign == s.markedForeign && persistency.equals(s.persistency)
                && members.equals(s.members) && slots.equals(s.slots) && stackPorts.equals(s.stackPorts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stackMac, markedForeign, persistency, members, slots, stackPorts);
    }

    @Override
    public String toString() {
        return "SwitchStack " + stackMac + " (Mac persistency wait time: " + persistency + ") " + members;
    }
}
