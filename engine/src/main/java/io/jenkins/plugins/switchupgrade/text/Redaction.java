package io.jenkins.plugins.switchupgrade.text;

import java.util.regex.Pattern;

/**
 * Hides secrets that travel inside URLs: the password of {@code user:password@host} becomes {@code user:***@host}
 * and the value of a token-like query parameter ({@code ?token=...}) becomes {@code ***}. Applied to every text
 * that leaves the engine (console, audit, report, webhook bodies, exception messages).
 */
public final class Redaction {
    private static final Pattern USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/@\\s:?#]*):([^@\\s/?#]*)@");
    private static final Pattern QUERY_SECRET = Pattern.compile("(?i)([?&;](?:[a-z0-9_.-]*(?:token|secret|password"
            + "|passwd|pwd|key|auth|sig|signature|credential)[a-z0-9_.-]*)=)[^&\\s#\"']*");
    private static final Pattern QUERY_SECRET_NAME = Pattern.compile("(?i)[a-z0-9_.-]*(?:token|secret|password|passwd"
            + "|pwd|key|auth|sig|signature|credential)[a-z0-9_.-]*");

    private Redaction() {
    }

    /** The text with every URL password and token-like query value replaced by {@code ***}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = USERINFO.matcher(text).replaceAll("$1$2:***@");
        return QUERY_SECRET.matcher(out).replaceAll("$1***");
    }

    /** Whether a query parameter's name looks like it carries a secret ({@code token}, {@code api_key} ...). */
    public static boolean isSecretName(String parameter) {
        return parameter != null && QUERY_SECRET_NAME.matcher(parameter).matches();
    }
}
