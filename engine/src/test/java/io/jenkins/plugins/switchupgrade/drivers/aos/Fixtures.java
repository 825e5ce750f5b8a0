package io.jenkins.plugins.switchupgrade.drivers.aos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the AOS fixture texts, the same ones the lab answers with. */
final class Fixtures {

    private Fixtures() {
    }

    static String aos(String name) {
        String path = "/fixtures/aos/" + name;
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

    /** The text as an interactive session delivers it: echoed command, colour codes, then the prompt. */
    static String session(String command, String text) {
        String coloured = text.replace("Running", "\u001B[32mRunning\u001B[0m")
                .replace("Enabled", "\u001B[1mEnabled\u001B[0m");
        return "\u001B[?2004h-> " + command + "\r\n" + coloured + "\r\n\u001B[K-> ";
    }
}
