package io.jenkins.plugins.switchupgrade.drivers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the vendor fixture texts under {@code /fixtures/<platform>/}, the same ones the lab answers with. */
public final class FixtureText {

    private FixtureText() {
    }

    public static String read(String platform, String name) {
        String path = "/fixtures/" + platform + "/" + name;
        try (InputStream in = FixtureText.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No fixture " + path + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as a Windows telnet/SSH client would deliver it. */
    public static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
