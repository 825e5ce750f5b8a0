package io.jenkins.plugins.switchupgrade.drivers.cisco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the Cisco fixture texts, the same ones the lab answers with. */
final class Fixtures {

    private Fixtures() {
    }

    static String cisco(String name) {
        String path = "/fixtures/cisco/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No fixture " + path + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as a Windows telnet/SSH client would deliver it. */
    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }

    /** The text as an IOS session delivers it: echoed command, colour codes, then the prompt. */
    static String session(String prompt, String text) {
        String coloured = text.replace("Ready", "\u001B[32mReady\u001B[0m");
        return prompt + "show switch\r\n" + coloured + "\r\n" + prompt;
    }
}
