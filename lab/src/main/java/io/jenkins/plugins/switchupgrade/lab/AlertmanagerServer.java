package io.jenkins.plugins.switchupgrade.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real Alertmanager (Debian package {@code prometheus-alertmanager}) on 127.0.0.1, without clustering,
 * so that silences can be created and expired against it.
 */
public final class AlertmanagerServer extends ExternalServer {

    public AlertmanagerServer(Path workDir) {
        super("Alertmanager", workDir, freePort());
    }

    @Override
    protected List<String> command() throws IOException {
        Path binary = findBinary("prometheus-alertmanager", "prometheus-alertmanager");
        Files.writeString(workDir().resolve("alertmanager.yml"), "route:\n  receiver: operators\n"
                + "receivers:\n  - name: operators\n");
        return List.of(binary.toString(),
                "--config.file=" + workDir().resolve("alertmanager.yml"),
                "--storage.path=" + workDir().resolve("data"),
                "--web.listen-address=127.0.0.1:" + port(),
                "--cluster.listen-address=",
                "--log.level=warn");
    }

    @Override
    protected String readinessPath() {
        return "/-/ready";
    }
}
