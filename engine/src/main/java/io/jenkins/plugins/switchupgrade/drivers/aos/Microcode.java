package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code show microcode} reports: the directory the switch runs from and the image packages
 * in it, each with its release; {@link #release()} is the release the switch runs.
 */
public final class Microcode {

    static final String COMMAND = "show microcode";

    private static final Pattern DIRECTORY = Pattern.compile("^\\s*(/flash\\S*)\\s*$");
    private static final Pattern HEADER = Pattern.compile("(?i)^\\s*Package\\s+Release\\b.*");
    private static final Pattern PACKAGE_ROW = Pattern.compile(
            "^\\s*(\\S+\\.img)\\s+(\\S+)(?:\\s+(\\d+))?(?:\\s+(.*?))?\\s*$", Pattern.CASE_INSENSITIVE);

    /** One image file of the running directory, e.g. {@code Tos.img 7.3.1.748.R01}. */
    public record Package(String name, Release release, long size, String description) {
        public Package {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(release, "release");
            description = description == null ? "" : description;
        }
    }

    private final String directory;
    private final List<Package> packages;

    private Microcode(String directory, List<Package> packages) {
        this.directory = directory;
        this.packages = List.copyOf(packages);
    }

    /**
     * Parses the output of {@code show microcode}.
     *
     * @throws CliOutputException when the package table is missing, empty, cut short or unreadable
     */
    public static Microcode parse(String output) {
        List<String> lines = ConsoleText.lines(output);
        String directory = null;
        boolean headerSeen = false;
        List<Package> packages = new ArrayList<>();
        for (String line : lines) {
            if (line.trim().startsWith("ERROR")) {
                throw new CliOutputException(COMMAND, "the image package table", ConsoleText.quote(line.trim()),
                        "Check that the account may run `show microcode` and that the switch runs AOS 7 or 8.");
            }
            Matcher dir = DIRECTORY.matcher(line);
            if (!headerSeen && dir.matches()) {
                directory = dir.group(1);
                continue;
            }
            if (HEADER.matcher(line).matches()) {
                headerSeen = true;
                continue;
            }
            if (!headerSeen || line.isBlank() || line.trim().matches("[-+\\s]+")) {
                continue;
            }
            Matcher row = PACKAGE_ROW.matcher(line);
            if (row.matches()) {
                packages.add(new Package(row.group(1), releaseIn(row.group(2), line),
                        row.group(3) == null ? -1 : Long.parseLong(row.group(3)), row.group(4)));
            }
        }
        if (!headerSeen) {
            throw new CliOutputException(COMMAND, "a table with the header 'Package  Release  Size  Description'",
                    lines.isEmpty() ? "no output at all" : "no such header in " + lines.size() + " line(s)",
                    "Run `show microcode` on the master by hand and compare; the session may have been cut.");
        }
        if (packages.isEmpty()) {
            throw new CliOutputException(COMMAND, "at least one image row such as 'Tos.img  7.3.1.748.R01 ...'",
                    "a header without rows", "The output looks truncated; run the command again.");
        }
        return new Microcode(directory, packages);
    }

    private static Release releaseIn(String token, String line) {
        try {
            return Release.parse(token);
        } catch (IllegalArgumentException e) {
            throw new CliOutputException(COMMAND, "a release like 7.3.1.748.R01 in the Release column",
                    ConsoleText.quote(line.trim()), "The output looks truncated or garbled; run the command again.");
        }
    }

    /** The directory the output names, e.g. {@code /flash/working}, when printed. */
    public Optional<String> directory() {
        return Optional.ofNullable(directory);
    }

    public List<Package> packages() {
        return packages;
    }

    /** Every distinct release among the packages, in table order. */
    public Set<Release> releases() {
        Set<Release> releases = new LinkedHashSet<>();
        packages.forEach(p -> releases.add(p.release()));
        return Collections.unmodifiableSet(releases);
    }

    /**
     * The release the switch runs.
     *
     * @throws CliOutputException when the packages carry different releases (a mixed image set)
     */
    public Release release() {
        Set<Release> releases = releases();
        if (releases.size() != 1) {
            throw new CliOutputException(COMMAND, "one release for every image package",
                    "the releases " + releases, "The running directory mixes images of different releases; "
                            + "restore a consistent image set before any upgrade.");
        }
        return releases.iterator().next();
    }

    /** True when the switch runs {@code expected} (a missing release tag on either side is ignored). */
    public boolean runs(Release expected) {
        Set<Release> releases = releases();
        return releases.size() == 1 && releases.iterator().next().sameBuildAs(expected);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Microcode && Objects.equals(directory, ((Microcode) o).directory)
                && packages.equals(((Microcode) o).packages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, packages);
    }

    @Override
    public String toString() {
        return "Microcode" + (directory == null ? "" : " " + directory) + " " + packages;
    }
}
