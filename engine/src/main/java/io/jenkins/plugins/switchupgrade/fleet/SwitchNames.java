package io.jenkins.plugins.switchupgrade.fleet;

import io.jenkins.plugins.switchupgrade.text.ProblemText;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a switch name and a data center name may be. A switch name is a host name at most 253 characters long
 * without control characters (one could forge console lines); a data center name becomes part of file names
 * (lock, ledger, reports), so it is a safe file name component.
 */
public final class SwitchNames {
    /** The longest host name DNS allows. */
    public static final int MAX_LENGTH = 253;
    private static final Pattern SAFE_COMPONENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private SwitchNames() {
    }

    /** Why {@code name} is not acceptable as a switch name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("the switch name is empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("the switch name " + ProblemText.printable(name, 40) + " is " + name.length()
                    + " characters long, more than the " + MAX_LENGTH + " a host name may have");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                return Optional.of("the switch name " + ProblemText.printable(name, 80) + " contains a control "
                        + "character at position " + (i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a data center name given by a person (a flag, a step argument).
     *
     * @throws IllegalArgumentException naming the value and what is allowed
     */
    public static String requireSafeDatacenter(String datacenter) {
        if (datacenter == null || !SAFE_COMPONENT.matcher(datacenter).matches() || datacenter.contains("..")) {
            throw new IllegalArgumentException("the data center name " + ProblemText.printable(datacenter, 80)
                    + " is not a safe file name component: it names the lock, the ledger and the report files, so "
                    + "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. dc1)");
        }
        return datacenter;
    }
}
