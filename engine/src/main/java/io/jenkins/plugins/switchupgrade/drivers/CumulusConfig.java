package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Cumulus switch's configuration as evidence: NVUE's {@code nv config show -o json} where the release has
 * NVUE (5.x), else the files that make the configuration (interfaces, FRR, the FRR daemons). Read-only.
 */
public final class CumulusConfig {
    public static final String NV_CONFIG = "nv config show -o json";
    /** The files read when NVUE is not there, in this order. */
    public static final List<String> FILES = List.of("/etc/network/interfaces", "/etc/frr/frr.conf",
            "/etc/frr/daemons");

    private final SwitchLink link;

    public CumulusConfig() {
        this(SwitchLink.ssh());
    }

    public CumulusConfig(SwitchLink link) {
        this.link = link;
    }

    public SwitchConfiguration read(SshTarget target) throws DriverException {
        try (SwitchLink.Session session = link.open(target)) {
            ExecResult nv = session.exec(NV_CONFIG);
            if (nv.succeeded() && nv.stdout().trim().startsWith("[") || nv.succeeded() && nv.stdout().trim()
                    .startsWith("{")) {
                return new SwitchConfiguration("nvue-json", Map.of(NV_CONFIG, nv.stdout()));
            }
            Map<String, String> files = new LinkedHashMap<>();
            for (String file : FILES) {
                ExecResult cat = session.exec("cat " + file);
                if (cat.succeeded()) {
                    files.put(file, cat.stdout());
                }
            }
            if (files.isEmpty()) {
                throw DriverException.notTouched(target.name(), target.name() + ": neither '" + NV_CONFIG
                        + "' nor any of "
                        + String.join(", ", FILES) + " could be read (" + nv.output().trim() + "); expected NVUE's "
                        + "JSON or the configuration files. Nothing was sent", null);
            }
            return new SwitchConfiguration("files", files);
        } catch (SshException e) {
            throw DriverException.notTouched(target.name(), target.name() + ": the configuration could not be read: "
                    + e.getMessage(), e);
        }
    }
}
