package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.FixtureText;

/** Reads the AOS fixture texts, the same ones the lab answers with. */
final class Fixtures {

    private Fixtures() {
    }

    static String aos(String name) {
        return FixtureText.read("aos", name);
    }

    static String crlf(String text) {
        return FixtureText.crlf(text);
    }

    /** The text as an interactive session delivers it: echoed command, colour codes, then the prompt. */
    static String session(String command, String text) {
        String coloured = text.replace("Running", "\u001B[32mRunning\u001B[0m")
                .replace("Enabled", "\u001B[1mEnabled\u001B[0m");
        return "\u001B[?2004h-> " + command + "\r\n" + coloured + "\r\n\u001B[K-> ";
    }
}
