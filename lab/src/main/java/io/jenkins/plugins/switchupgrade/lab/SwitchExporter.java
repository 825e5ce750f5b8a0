package io.jenkins.plugins.switchupgrade.lab;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * An HTTP exporter serving {@code /metrics} for one or more lab switches on one address and port. A
 * single-switch exporter closes its port while its switch is down, as a rebooting switch's node exporter does.
 */
public final class SwitchExporter implements LabSwitch.PowerListener, AutoCloseable {
    private final InetSocketAddress bindAddress;
    private final List<LabSwitch> switches;
    private final ExecutorService executor;
    private HttpServer server;
    private volatile long scrapes;

    public SwitchExporter(InetSocketAddress bindAddress, List<LabSwitch> switches, ExecutorService executor) {
        this.bindAddress = bindAddress;
        this.switches = List.copyOf(switches);
        this.executor = executor;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            HttpServer created = HttpServer.create(bindAddress, 64);
            created.createContext("/metrics", this::serve);
            created.setExecutor(executor);
            created.start();
            server = created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the exporter on " + bindAddress + ": " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public synchronized boolean isListening() {
        return server != null;
    }

    public InetSocketAddress address() {
        return bindAddress;
    }

    public List<LabSwitch> switches() {
        return switches;
    }

    /** How many times {@code /metrics} was served. */
    public long scrapes() {
        return scrapes;
    }

    private void serve(HttpExchange exchange) throws IOException {
        StringBuilder text = new StringBuilder(switches.size() * 2048);
        for (LabSwitch labSwitch : switches) {
            if (labSwitch.isUp()) {
                labSwitch.appendMetrics(text);
            }
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        scrapes++;
    }

    @Override
    public void wentDown(LabSwitch labSwitch) {
        stop();
    }

    @Override
    public void cameUp(LabSwitch labSwitch) {
        start();
    }

    @Override
    public void close() {
        stop();
    }
}
