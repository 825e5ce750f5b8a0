package io.jenkins.plugins.switchupgrade.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A service URL split from the credentials written into it: {@code http://user:secret@host:9090} becomes the URL
 * {@code http://host:9090} and the basic-auth pair, used as credentials and never shown. A token in the query
 * string ({@code ?token=...}) is refused: it would end up in logs and reports; give it as a credential instead.
 */
public record ServiceUrl(String url, String user, String password) {

    /** Whether the URL carried a user (and password) for basic authentication. */
    public boolean hasCredentials() {
        return user != null;
    }

    /** The URL as it may be shown: credentials removed, so nothing to redact. */
    @Override
    public String toString() {
        return url;
    }

    /**
     * Splits {@code raw}; {@code what} names the service in errors (e.g. "the Prometheus URL"). Errors show the URL
     * redacted.
     *
     * @throws IllegalArgumentException when the URL is not http(s), has no host, or carries a secret in its query
     */
    public static ServiceUrl parse(String raw, String what) {
        return parse(raw, what, false);
    }

    /**
     * Like {@link #parse(String, String)}; with {@code querySecretsAllowed} a secret in the query string is kept in
     * the URL (a webhook may authenticate that way), to be used and never shown.
     */
    public static ServiceUrl parse(String raw, String what, boolean querySecretsAllowed) {
        String text = raw == null ? "" : raw.trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " '" + Redaction.redact(text) + "' is not a URL (" + e.getReason()
                    + "); give it like http://host.example:9090");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(what + " '" + Redaction.redact(text) + "' is not an http(s) URL with a "
                    + "host; give it like http://host.example:9090");
        }
        String query = uri.getRawQuery();
        if (query != null && !querySecretsAllowed) {
            for (String parameter : query.split("[&;]")) {
                String name = URLDecoder.decode(parameter.split("=", 2)[0], StandardCharsets.UTF_8);
                if (Redaction.isSecretName(name)) {
                    throw new IllegalArgumentException(what + " '" + Redaction.redact(text) + "' carries a secret in its "
                            + "query string (" + name + "=***); a URL is printed in logs and reports, so give the "
                            + "secret as a credential (a token file or the credentials ID) and the URL without it");
                }
            }
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        try {
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String clean = uri.getScheme() + "://" + uri.getRawAuthority().substring(userInfo == null ? 0
                    : userInfo.length() + 1).replaceFirst(":\\d+$", "") + port
                    + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (query == null ? "" : "?" + query)
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
            return new ServiceUrl(new URI(clean).toString(), user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " '" + Redaction.redact(text) + "' cannot be rebuilt without its "
                    + "credentials (" + e.getReason() + ")");
        }
    }
}
