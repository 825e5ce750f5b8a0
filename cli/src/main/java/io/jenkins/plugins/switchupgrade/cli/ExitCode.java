package io.jenkins.plugins.switchupgrade.cli;

/** The exit codes of switch-upgrade, as documented in the README. */
final class ExitCode {
    /** Completed, or nothing to do. */
    static final int OK = 0;
    /** Stopped on a failed switch (or, for plan, validation failed). */
    static final int FAILED = 1;
    /** Bad input. */
    static final int BAD_INPUT = 2;
    /** A required service (Prometheus, Alertmanager, webhook, lock) was unusable before anything was touched. */
    static final int SERVICE_UNUSABLE = 3;

    private ExitCode() {
    }
}
