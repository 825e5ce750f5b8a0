package io.jenkins.plugins.switchupgrade.e2e;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * The Debian {@code chromium} browser, headless, driven over its DevTools protocol as a person's browser would be
 * used: a fresh profile, no network services of its own, the user's credentials sent with every request (HTTP basic
 * authentication), pages opened, scripts run in them (to pick a form entry, press a button), the DOM read and a
 * screenshot saved. One process (and its children), stopped by PID when the session is closed. (The engine's
 * tests run the same browser on local pages.)
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private HeadlessChromium(Process process, String pageSocket) {
        this.process = process;
        this.socket = http.newWebSocket(new Request.Builder().url(pageSocket).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                JsonObject message = JsonParser.parseString(text).getAsJsonObject();
                if (message.has("id")) {
                    CompletableFuture<JsonObject> answer = pending.remove(message.get("id").getAsInt());
                    if (answer != null) {
                        answer.complete(message);
                    }
                } else if ("Page.loadEventFired".equals(message.get("method").getAsString())) {
                    loaded.complete(null);
                }
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                pending.values().forEach(f -> f.completeExceptionally(t));
            }
        });
    }

    /** Starts the installed browser; fails, saying how to install it, when there is none. */
    static HeadlessChromium start(Path workDir, String basicAuthorization) {
        Path binary = null;
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                binary = Path.of(candidate);
            }
        }
        if (binary == null) {
            throw new AssertionError("Chromium is not installed (looked for /usr/bin/chromium); install it with "
                    + "bash scripts/install-deps.sh (Debian package chromium)");
        }
        Process process = null;
        try {
            Files.createDirectories(workDir);
            Path profile = Files.createTempDirectory(workDir, "chromium-profile");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
                    "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--window-size=1400,1800", "about:blank"));
            process = new ProcessBuilder(command).redirectOutput(workDir.resolve("chromium.out").toFile()).start();
            String browserSocket = devToolsAddress(process);
            Matcher port = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/").matcher(browserSocket);
            if (!port.find()) {
                throw new AssertionError("Chromium's DevTools address is not on 127.0.0.1: " + browserSocket);
            }
            String pageSocket = pageSocket(Integer.parseInt(port.group(1)));
            HeadlessChromium chromium = new HeadlessChromium(process, pageSocket);
            chromium.call("Page.enable", new JsonObject());
            chromium.call("Network.enable", new JsonObject());
            JsonObject headers = new JsonObject();
            JsonObject values = new JsonObject();
            values.addProperty("Authorization", basicAuthorization);
            headers.add("headers", values);
            chromium.call("Network.setExtraHTTPHeaders", headers);
            return chromium;
        } catch (IOException e) {
            if (process != null) {
                stop(process);
            }
            throw new UncheckedIOException("cannot start Chromium: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            if (process != null) {
                stop(process);
            }
            throw e;
        }
    }

    // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr; the rest of stderr goes on being read
    private static String devToolsAddress(Process process) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = err.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    int at = line.indexOf("ws://");
                    if (line.contains("DevTools listening on") && at >= 0) {
                        address.complete(line.substring(at).trim());
                    }
                }
            } catch (IOException ignored) {
                // the browser ended
            }
            address.complete(null);
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            String found = address.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (found == null) {
                throw new AssertionError("Chromium ended without a DevTools address; it printed:\n" + seen);
            }
            return found;
        } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("Chromium printed no DevTools address within " + LIMIT.toSeconds() + " s:\n"
                    + seen, e);
        }
    }

    private static String pageSocket(int port) throws IOException {
        OkHttpClient client = new OkHttpClient();
        Instant limit = Instant.now().plus(LIMIT);
        while (Instant.now().isBefore(limit)) {
            try (Response response = client.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list")
                    .build()).execute()) {
                for (JsonElement target : JsonParser.parseString(response.body().string()).getAsJsonArray()) {
                    JsonObject t = target.getAsJsonObject();
                    if ("page".equals(t.get("type").getAsString()) && t.has("webSocketDebuggerUrl")) {
                        return t.get("webSocketDebuggerUrl").getAsString();
                    }
                }
            }
            JenkinsController.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("Chromium opened no page within " + LIMIT.toSeconds() + " s");
    }

    /** One DevTools command and its result; fails with the browser's error. */
    JsonObject call(String method, JsonObject params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        socket.send(message.toString());
        try {
            JsonObject reply = answer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError("Chromium refused " + method + ": " + reply.get("error"));
            }
            return reply.getAsJsonObject("result");
        } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("Chromium did not answer " + method + " within " + LIMIT.toSeconds() + " s", e);
        }
    }

    /** Opens {@code url} and waits for its load event and a moment for its scripts. */
    void open(String url) {
        loaded = new CompletableFuture<>();
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        JsonObject navigated = call("Page.navigate", params);
        if (navigated.has("errorText")) {
            throw new AssertionError("Chromium could not open " + url + ": " + navigated.get("errorText"));
        }
        try {
            loaded.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(url + " did not finish loading within " + LIMIT.toSeconds() + " s", e);
        }
        JenkinsController.sleep(Duration.ofSeconds(2));
    }

    /** Runs a script in the page and returns its (string) value. */
    String evaluate(String script) {
        JsonObject params = new JsonObject();
        params.addProperty("expression", script);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the script failed in the page: " + result.get("exceptionDetails") + "\n" + script);
        }
        JsonElement value = result.getAsJsonObject("result").get("value");
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    /** Polls a script until it returns "true", at most {@code limit}. */
    void awaitTrue(String script, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if ("true".equals(evaluate("String(" + script + ")"))) {
                return;
            }
            JenkinsController.sleep(Duration.ofMillis(300));
        }
        throw new AssertionError("the page did not reach (" + script + ") within " + limit.toSeconds() + " s");
    }

    String dom() {
        return evaluate("document.documentElement.outerHTML");
    }

    /** Saves the whole page, as far as it goes, to {@code png}. */
    void screenshot(Path png) {
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        params.addProperty("captureBeyondViewport", true);
        String data = call("Page.captureScreenshot", params).get("data").getAsString();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close(1000, "done");
        http.dispatcher().executorService().shutdown();
        stop(process);
    }

    // the browser's child processes (zygote, renderer) are its descendants: each is stopped by its PID, then the browser
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
