package io.jenkins.plugins.switchupgrade.e2e;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A Jenkins user's REST client: basic authentication, a CSRF crumb (bound to the session cookie it came with) on
 * every POST, and waits that are bounded in time. Job, build and artifact paths are as a person's browser or a
 * script would call them; nothing here reaches into Jenkins other than over HTTP.
 */
final class JenkinsRest {

    /** A finished (or still running) build as {@code api/json} shows it. */
    record Build(String job, int number, boolean building, String result) {
    }

    private static final MediaType XML = MediaType.get("application/xml; charset=utf-8");
    private static final Duration POLL = Duration.ofSeconds(2);

    private final String base;
    private final String authorization;
    private final String user;
    private final OkHttpClient http;
    private String crumbField;
    private String crumb;

    JenkinsRest(String base, String user, String password) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.user = user;
        this.authorization = Credentials.basic(user, password);
        Map<String, Cookie> cookies = new ConcurrentHashMap<>();
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .followRedirects(false)
                .cookieJar(new CookieJar() {
                    @Override
                    public void saveFromResponse(HttpUrl url, List<Cookie> list) {
                        list.forEach(c -> cookies.put(c.name(), c));
                    }

                    @Override
                    public List<Cookie> loadForRequest(HttpUrl url) {
                        return new ArrayList<>(cookies.values());
                    }
                })
                .build();
    }

    String user() {
        return user;
    }

    String url(String path) {
        return base + path;
    }

    static String job(String name) {
        return "job/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/";
    }

    /** The HTTP status of a GET, or -1 when nothing answers (yet). */
    int status(String path) {
        try (Response response = http.newCall(get(path)).execute()) {
            return response.code();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The body of a GET that must answer 200. */
    String text(String path) {
        String text = textOrNull(path);
        if (text == null) {
            throw new AssertionError("GET " + url(path) + " answered 404");
        }
        return text;
    }

    /** The body of a GET that answers 200, or {@code null} for 404. */
    String textOrNull(String path) {
        try (Response response = http.newCall(get(path)).execute()) {
            String body = response.body().string();
            if (response.code() == 404) {
                return null;
            }
            if (response.code() != 200) {
                throw new AssertionError("GET " + url(path) + " as " + user + " answered " + response.code() + ": "
                        + head(body));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url(path) + ": " + e.getMessage(), e);
        }
    }

    JsonObject json(String path) {
        return JsonParser.parseString(text(path)).getAsJsonObject();
    }

    /** A POST with the crumb; returns the status and the Location header. */
    Posted post(String path, RequestBody body) {
        for (int attempt = 0; ; attempt++) {
            Request.Builder request = new Request.Builder().url(url(path)).header("Authorization", authorization)
                    .post(body == null ? new FormBody.Builder().build() : body);
            if (crumb == null) {
                fetchCrumb();
            }
            request.header(crumbField, crumb);
            try (Response response = http.newCall(request.build()).execute()) {
                String text = response.body().string();
                if (response.code() == 403 && text.contains("crumb") && attempt == 0) {
                    crumb = null; // the session changed (a restart): a new crumb for the new session
                    continue;
                }
                return new Posted(response.code(), response.header("Location"), text);
            } catch (IOException e) {
                throw new UncheckedIOException("POST " + url(path) + ": " + e.getMessage(), e);
            }
        }
    }

    /** What a POST answered. */
    record Posted(int status, String location, String body) {
    }

    private void fetchCrumb() {
        JsonObject issued = json("crumbIssuer/api/json");
        crumbField = issued.get("crumbRequestField").getAsString();
        crumb = issued.get("crumb").getAsString();
    }

    /** Forgets the crumb (its session ended with the controller it came from). */
    void newSession() {
        crumb = null;
    }

    /** Creates a job from its config.xml ({@code createItem}). */
    void createItem(String name, String configXml) {
        Posted posted = post("createItem?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                RequestBody.create(configXml, XML));
        if (posted.status() != 200) {
            throw new AssertionError("createItem " + name + " answered " + posted.status() + ": " + head(posted.body()));
        }
    }

    /**
     * Schedules a build ({@code build}, or {@code buildWithParameters} with {@code parameters}) and returns its
     * number once it left the queue.
     */
    int build(String jobName, Map<String, String> parameters, Duration queued) {
        Posted posted;
        if (parameters.isEmpty()) {
            posted = post(job(jobName) + "build", null);
        } else {
            FormBody.Builder form = new FormBody.Builder();
            parameters.forEach(form::add);
            posted = post(job(jobName) + "buildWithParameters", form.build());
        }
        if (posted.status() != 201 || posted.location() == null) {
            throw new AssertionError("scheduling " + jobName + " as " + user + " answered " + posted.status() + ": "
                    + head(posted.body()));
        }
        String item = posted.location().substring(posted.location().indexOf("queue/item/"));
        Instant limit = Instant.now().plus(queued);
        JsonObject state = null;
        while (Instant.now().isBefore(limit)) {
            state = json(item + (item.endsWith("/") ? "" : "/") + "api/json");
            JsonElement executable = state.get("executable");
            if (executable != null && executable.isJsonObject()) {
                return executable.getAsJsonObject().get("number").getAsInt();
            }
            if (state.has("cancelled") && state.get("cancelled").getAsBoolean()) {
                throw new AssertionError("the queue item of " + jobName + " was cancelled: " + state);
            }
            JenkinsController.sleep(POLL);
        }
        throw new AssertionError(jobName + " did not leave the queue within " + queued.toSeconds() + " s: " + state);
    }

    Build build(String jobName, int number) {
        JsonObject run = json(job(jobName) + number + "/api/json?tree=building,result");
        JsonElement result = run.get("result");
        return new Build(jobName, number, run.get("building").getAsBoolean(),
                result == null || result.isJsonNull() ? null : result.getAsString());
    }

    /** Polls until the build is over, at most {@code limit}; fails with the console's end when it is late. */
    Build awaitCompletion(String jobName, int number, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            Build build = build(jobName, number);
            if (!build.building() && build.result() != null) {
                return build;
            }
            JenkinsController.sleep(POLL);
        }
        throw new AssertionError(jobName + " #" + number + " did not finish within " + limit.toSeconds() + " s; its "
                + "console ends:\n" + tail(console(jobName, number), 40));
    }

    /** Polls the console until it contains {@code text}, at most {@code limit}. */
    void awaitConsole(String jobName, int number, String text, Duration limit) {
        Instant end = Instant.now().plus(limit);
        String console = "";
        while (Instant.now().isBefore(end)) {
            console = console(jobName, number);
            if (console.contains(text)) {
                return;
            }
            if (!build(jobName, number).building()) {
                break;
            }
            JenkinsController.sleep(Duration.ofMillis(500));
        }
        throw new AssertionError(jobName + " #" + number + " did not print '" + text + "' within " + limit.toSeconds()
                + " s; its console ends:\n" + tail(console, 40));
    }

    String console(String jobName, int number) {
        return text(job(jobName) + number + "/consoleText");
    }

    /** An archived artifact's text, or {@code null} when the build has none at that path. */
    String artifact(String jobName, int number, String path) {
        return textOrNull(job(jobName) + number + "/artifact/" + path);
    }

    /** The build's {@code api/json} with the given tree. */
    JsonObject buildJson(String jobName, int number, String tree) {
        return json(job(jobName) + number + "/api/json?tree=" + URLEncoder.encode(tree, StandardCharsets.UTF_8));
    }

    /** Aborts a running build, as its stop button does. */
    void stop(String jobName, int number) {
        Posted posted = post(job(jobName) + number + "/stop", null);
        if (posted.status() >= 400) {
            throw new AssertionError("stopping " + jobName + " #" + number + " answered " + posted.status());
        }
    }

    /** Answers a Pipeline {@code input} step with its ok button. */
    void proceed(String jobName, int number, String inputId) {
        Posted posted = post(job(jobName) + number + "/input/" + inputId + "/proceedEmpty", null);
        if (posted.status() >= 400) {
            throw new AssertionError("proceeding input " + inputId + " of " + jobName + " #" + number + " answered "
                    + posted.status() + ": " + head(posted.body()));
        }
    }

    private Request get(String path) {
        return new Request.Builder().url(url(path)).header("Authorization", authorization).get().build();
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static String head(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
