package io.jenkins.plugins.switchupgrade.alerts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.text.ProblemText;
import io.jenkins.plugins.switchupgrade.text.ServiceUrl;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * The HTTP side of Alertmanager's v2 API shared by the silencer and the failure alert: one client, one
 * authorization header (never printed), and errors that name the server, what was asked and what to do.
 */
final class AlertmanagerApi {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final String authorization;

    AlertmanagerApi(HttpUrl baseUrl, Duration connectTimeout, Duration timeout, String authorization) {
        this.baseUrl = baseUrl;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(timeout)
                .callTimeout(timeout.plus(connectTimeout))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
        this.authorization = authorization;
    }

    /** The URL without the credentials written into it; a secret in its query string is refused. */
    static HttpUrl parse(String url, String advice) {
        ServiceUrl service;
        try {
            service = ServiceUrl.parse(url, "the Alertmanager URL");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (e.g. http://alertmanager.example:9093)" + advice);
        }
        HttpUrl parsed = HttpUrl.parse(service.url());
        if (parsed == null) {
            throw new IllegalArgumentException("the Alertmanager URL '" + service + "' is not an http(s) URL; give it "
                    + "like http://alertmanager.example:9093" + advice);
        }
        return parsed;
    }

    /** The basic-auth header of the credentials written into {@code url}, or null when it has none. */
    static String authorizationIn(String url) {
        ServiceUrl service = ServiceUrl.parse(url, "the Alertmanager URL");
        return service.hasCredentials() ? Credentials.basic(service.user(), service.password()) : null;
    }

    HttpUrl baseUrl() {
        return baseUrl;
    }

    HttpUrl url(String path) {
        return baseUrl.newBuilder().addPathSegments(path).build();
    }

    Answer call(Request.Builder request, String what, String advice) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody body = response.body();
            return new Answer(response.code(), body == null ? "" : body.string());
        } catch (InterruptedIOException e) {
            throw new AlertmanagerException("Alertmanager at " + baseUrl + " did not answer in time to " + what
                    + " (" + e.getMessage() + "); " + advice, e);
        } catch (IOException e) {
            throw new AlertmanagerException("cannot reach Alertmanager at " + baseUrl + " to " + what + " ("
                    + ProblemText.of(e) + "); " + advice, e);
        }
    }

    JsonElement json(Answer answer, String what, String expected) {
        try {
            return JsonParser.parseString(answer.body());
        } catch (JsonParseException e) {
            throw notTheApi(answer, what, expected);
        }
    }

    JsonObject object(Answer answer, String what, String expected) {
        JsonElement parsed = json(answer, what, expected);
        if (parsed.isJsonObject()) {
            return parsed.getAsJsonObject();
        }
        throw notTheApi(answer, what, expected);
    }

    AlertmanagerException notTheApi(Answer answer, String what, String expected) {
        return new AlertmanagerException("Alertmanager at " + baseUrl + " answered HTTP " + answer.status() + " to "
                + what + " with '" + abbreviate(answer.body()) + "' where the v2 API's " + expected
                + " was expected; is the URL that of an Alertmanager (0.16 or later)?");
    }

    static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    record Answer(int status, String body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }
}
