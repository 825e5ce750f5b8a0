package io.jenkins.plugins.switchupgrade.drivers.cisco;

import io.jenkins.plugins.switchupgrade.drivers.FixtureText;

/** Reads the Cisco fixture texts, the same ones the lab answers with. */
final class Fixtures {

    private Fixtures() {
    }

    static String cisco(String name) {
        return FixtureText.read("cisco", name);
    }

    static String crlf(String text) {
        return FixtureText.crlf(text);
    }

    /** The text as an IOS session delivers it: echoed command, colour codes, then the prompt. */
    static String session(String prompt, String text) {
        String coloured = text.replace("Ready", "\u001B[32mReady\u001B[0m");
        return prompt + "show switch\r\n" + coloured + "\r\n" + prompt;
    }
}
