package io.jenkins.plugins.switchupgrade.ports;

/** Where the engine writes progress lines: the build log in Jenkins, standard output in the CLI. */
@FunctionalInterface
public interface Console {
    void log(String line);

    /** A console that drops everything, for callers that only want results. */
    static Console silent() {
        return line -> { };
    }
}
