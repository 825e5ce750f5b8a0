package io.jenkins.plugins.switchupgrade.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the build's version, written into the jar when it was built. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"switch-upgrade " + properties.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
