package io.jenkins.plugins.switchupgrade.cli;

/** What a command prints on standard output: lines for people ({@code text}), or one JSON document ({@code json}). */
enum OutputFormat {
    /** Progress and results as lines on standard output. */
    TEXT,
    /** The result as one JSON document on standard output; the progress lines go to standard error. */
    JSON
}
