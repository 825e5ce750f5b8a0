package io.jenkins.plugins.switchupgrade.cli;

/** Bad command-line input: exit code 2 with the message, nothing touched. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
