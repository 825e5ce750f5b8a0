package io.jenkins.plugins.switchupgrade.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The site's change log as the documented configuration names it ({@code /api/events} with a bearer token): a
 * real HTTP server on 127.0.0.1 that accepts every event with the right token and keeps it, so that a test can
 * read what was announced before each command; a request with another token is refused (401).
 */
final class AuditWebhook implements AutoCloseable {

    /** One accepted event: its JSON body as sent. */
    record Event(String body) {
        boolean is(String event) {
            return body.contains("\"event\":\"" + event + "\"");
        }

        boolean about(String switchName) {
            return body.contains("\"" + switchName + "\"");
        }
    }

    private final HttpServer server;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    AuditWebhook(String token) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the audit webhook: " + e.getMessage(), e);
        }
        server.createContext("/api/events", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (("Bearer " + token).equals(authorization)) {
                events.add(new Event(body));
                exchange.sendResponseHeaders(204, -1);
            } else {
                refused.add(String.valueOf(authorization).replace(token, "****"));
                exchange.sendResponseHeaders(401, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/events";
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** The events about one switch, oldest first. */
    List<Event> about(String switchName) {
        return events.stream().filter(e -> e.about(switchName)).toList();
    }

    /** Authorization headers of refused requests (the token masked): none is expected. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
