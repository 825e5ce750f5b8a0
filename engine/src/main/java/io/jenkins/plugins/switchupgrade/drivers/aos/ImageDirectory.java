package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;
import io.jenkins.plugins.switchupgrade.drivers.ConsoleText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A flash directory on the master as {@code ls -l <dir>} (or {@code ls <dir>}) lists it: whether it exists and
 * which files it holds; ISSU needs an image ({@code *.img}, e.g. {@code Tos.img}) and its {@code issu_version} file.
 */
public final class ImageDirectory {

    /** The file that tells ISSU which release the images carry; without it the master refuses the images. */
    public static final String ISSU_VERSION = "issu_version";

    private static final Pattern LONG_ROW = Pattern.compile("^[-dl][-rwxsStT]{9}[.+@]?\\s+.*");
    private static final Pattern ECHO_OR_PROMPT = Pattern.compile("^(\\S*->\\s*)?(ls(\\s.*)?)?$");
    private static final Pattern MISSING = Pattern.compile("(?i)no such file or directory|does not exist|not found");

    private final String directory;
    private final boolean exists;
    private final Set<String> files;
    private final String evidence;

    private ImageDirectory(String directory, boolean exists, Set<String> files, String evidence) {
        this.directory = directory;
        this.exists = exists;
        this.files = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(files));
        this.evidence = evidence;
    }

    /** The command that lists {@code directory}. */
    public static String command(String directory) {
        return "ls -l " + directory;
    }

    /**
     * Reads what {@code ls -l <dir>} or {@code ls <dir>} printed.
     *
     * @throws CliOutputException when the answer is neither a listing nor a missing-directory message
     */
    public static ImageDirectory parse(String directory, String output) {
        Objects.requireNonNull(directory, "directory");
        List<String> lines = ConsoleText.lines(output);
        Set<String> files = new LinkedHashSet<>();
        for (String line : lines) {
            String trimmed = line.trim();
            // an interactive session also shows the echoed command and the prompt
            if (trimmed.isEmpty() || trimmed.startsWith("total ") || trimmed.startsWith("Listing Directory")
                    || ECHO_OR_PROMPT.matcher(trimmed).matches()) {
                continue;
            }
            if (MISSING.matcher(trimmed).find()) {
                return new ImageDirectory(directory, false, Set.of(), trimmed);
            }
            if (trimmed.startsWith("ERROR")) {
                throw new CliOutputException(command(directory), "a listing of " + directory,
                        ConsoleText.quote(trimmed), "Check the directory name and that the account may read /flash.");
            }
            if (LONG_ROW.matcher(trimmed).matches()) {
                String[] tokens = trimmed.split("\\s+");
                files.add(tokens[tokens.length - 1]);
            } else {
                for (String token : trimmed.split("\\s+")) {
                    files.add(token);
                }
            }
        }
        return new ImageDirectory(directory, true, files, null);
    }

    public String directory() {
        return directory;
    }

    public boolean exists() {
        return exists;
    }

    /** The file names listed, in order. */
    public Set<String> files() {
        return files;
    }

    public boolean contains(String file) {
        return files.contains(file);
    }

    /** The image files ({@code *.img}). */
    public List<String> images() {
        List<String> images = new ArrayList<>();
        files.stream().filter(f -> f.toLowerCase(java.util.Locale.ROOT).endsWith(".img")).forEach(images::add);
        return images;
    }

    /**
     * Why ISSU cannot start from this directory, with what to do; empty when it holds an image and its
     * {@value #ISSU_VERSION} file.
     */
    public Optional<String> problem() {
        if (!exists) {
            return Optional.of("the image directory /flash/" + directory + " does not exist on the master ("
                    + evidence + "). Create it and copy the new release's images and its " + ISSU_VERSION
                    + " file into it.");
        }
        List<String> missing = new ArrayList<>();
        if (images().isEmpty()) {
            missing.add("an image (*.img, e.g. Tos.img)");
        }
        if (!contains(ISSU_VERSION)) {
            missing.add("the " + ISSU_VERSION + " file");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the image directory /flash/" + directory + " lacks " + String.join(" and ", missing)
                + " (it holds " + (files.isEmpty() ? "nothing" : String.join(", ", files)) + "). ISSU validates the "
                + "images against " + ISSU_VERSION + ": copy both from the release's ISSU package.");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageDirectory d && directory.equals(d.directory) && exists == d.exists
                && files.equals(d.files);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, exists, files);
    }

    @Override
    public String toString() {
        return "ImageDirectory /flash/" + directory + (exists ? " " + files : " (missing)");
    }
}
