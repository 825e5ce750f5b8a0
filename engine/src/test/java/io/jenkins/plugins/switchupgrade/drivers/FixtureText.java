package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.lab.ssh.DeviceTexts;

/** Reads the vendor fixture texts ({@code fixtures/<platform>/} of the lab), the same ones the lab answers with. */
public final class FixtureText {

    private FixtureText() {
    }

    public static String read(String platform, String name) {
        return DeviceTexts.read(platform, name);
    }

    /** The text as a Windows telnet/SSH client would deliver it. */
    public static String crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n");
    }
}
