package io.jenkins.plugins.switchupgrade.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What the report pages share: their style, the one inline script that shows times in the viewer's local time
 * (the page says UTC without it), escaping, and durations in words.
 */
final class HtmlPage {
    /** The attribute the script sets on {@code <html>} once it ran without error; a browser test looks for it. */
    static final String SCRIPT_MARKER = "data-script";
    private static final DateTimeFormatter UTC_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    static final String STYLE = "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330}"
            + "table{border-collapse:collapse;width:100%;margin:12px 0}"
            + "th,td{border-bottom:1px solid #dde;padding:6px 8px;text-align:left;vertical-align:top}"
            + "th{background:#f3f4f8}.b{display:inline-block;padding:2px 8px;border-radius:10px;"
            + "font-weight:600;color:#fff;white-space:nowrap}.upgraded,.completed,.window-closed{background:#1f8a3b}.skipped,.nothing-to-do"
            + "{background:#8a6d1f}.failed,.aborted{background:#b3261e}.not-reached,.never-started{background:#6b7280}"
            + ".bad{color:#b3261e;font-weight:600}.m{font-family:ui-monospace,monospace;font-size:13px}"
            + "section.next{border:2px solid #b3261e;border-radius:8px;padding:4px 16px 12px;margin:16px 0;"
            + "background:#fff6f5}section.next dt{font-weight:600;margin-top:8px}section.next dd{margin-left:16px}"
            + "code{background:#eef0f5;padding:1px 4px;border-radius:4px}"
            + "svg.timeline{width:100%;height:auto;border:1px solid #dde;background:#fbfbfd}"
            + ".seg.validate{fill:#7a8aa6}.seg.disruption-sent{fill:#e0a030}.seg.down{fill:#b3261e}"
            + ".seg.up{fill:#4f9fd8}.seg.settle{fill:#1f8a3b}.lane{font:12px ui-monospace,monospace;fill:#1d2330}"
            + ".tick{font:11px system-ui,sans-serif;fill:#555}.grid{stroke:#dde}"
            + ".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px}"
            + "a{color:#1a55b3}";

    /**
     * Turns every element with {@code data-epoch-ms} into the viewer's local time (date and time, or only the time
     * with {@code data-format="time"}) and marks the page when done; on any error the UTC text stays.
     */
    static final String SCRIPT = "<script id=\"report-script\">(function(){var root=document.documentElement;"
            + "window.addEventListener('error',function(e){root.setAttribute('" + SCRIPT_MARKER
            + "','error: '+e.message);});try{"
            + "var full={year:'numeric',month:'short',day:'numeric',hour:'2-digit',minute:'2-digit',second:'2-digit',"
            + "hour12:false,timeZoneName:'short'};var time={hour:'2-digit',minute:'2-digit',second:'2-digit',hour12:false};"
            + "var all=document.querySelectorAll('[data-epoch-ms]');for(var i=0;i<all.length;i++){var el=all[i];"
            + "var d=new Date(Number(el.getAttribute('data-epoch-ms')));if(isNaN(d.getTime())){continue;}"
            + "el.textContent=d.toLocaleString(undefined,el.getAttribute('data-format')==='time'?time:full);"
            + "el.setAttribute('data-local','');}"
            + "root.setAttribute('" + SCRIPT_MARKER + "','ok');}catch(e){root.setAttribute('" + SCRIPT_MARKER
            + "','error: '+e);}})();</script>";

    private HtmlPage() {
    }

    static StringBuilder head(String title) {
        return new StringBuilder(32_768).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>")
                .append(esc(title)).append("</title><style>").append(STYLE).append("</style></head><body>");
    }

    static String end() {
        return SCRIPT + "</body></html>\n";
    }

    /** A date and time: UTC text that the script replaces with the viewer's local time. */
    static String dateTime(Instant at) {
        return at == null ? "" : "<time datetime=\"" + at + "\" data-epoch-ms=\"" + at.toEpochMilli() + "\">"
                + UTC_DATE_TIME.format(at) + "</time>";
    }

    /** A time of day, like {@link #dateTime} but without the date. */
    static String time(Instant at) {
        return at == null ? "" : "<time datetime=\"" + at + "\" data-epoch-ms=\"" + at.toEpochMilli()
                + "\" data-format=\"time\">" + UTC_TIME.format(at) + " UTC</time>";
    }

    /** A duration as people say it: "0.4 s", "42 s", "4 min 12 s", "1 h 3 min". */
    static String duration(Duration d) {
        if (d == null) {
            return "";
        }
        long millis = Math.max(0, d.toMillis());
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = Math.round(millis / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A link, or nothing when there is no target. */
    static String link(String href, String text) {
        return href == null ? "" : "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
    }
}
