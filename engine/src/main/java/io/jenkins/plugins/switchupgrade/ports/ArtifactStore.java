package io.jenkins.plugins.switchupgrade.ports;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps the evidence of a round (snapshots, diffs, report, audit) under relative paths such as
 * {@code switch-upgrade/leaf-r32-p1-pod1/pre.json}: build artifacts in Jenkins, a report directory in the CLI.
 */
public interface ArtifactStore {
    Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    void save(String relativePath, String content);

    Optional<String> read(String relativePath);

    /** The path of one of a switch's files, e.g. {@code switch-upgrade/leaf-r32-p1-pod1/pre.json}. */
    static String switchFile(String switchName, String file) {
        return "switch-upgrade/" + safeSegment(switchName) + "/" + file;
    }

    /** A path segment that cannot climb out of its directory: odd characters become '_'. */
    static String safeSegment(String name) {
        if (name == null || name.isEmpty()) {
            return "_";
        }
        String cleaned = SAFE_SEGMENT.matcher(name).matches() ? name : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.equals(".") || cleaned.equals("..") ? cleaned.replace('.', '_') : cleaned;
    }
}
