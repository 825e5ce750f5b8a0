package io.jenkins.plugins.switchupgrade.drivers;

import io.jenkins.plugins.switchupgrade.audit.AuditKind;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.jenkins.plugins.switchupgrade.ports.Console;
import io.jenkins.plugins.switchupgrade.ssh.ExecResult;
import io.jenkins.plugins.switchupgrade.ssh.SshException;
import io.jenkins.plugins.switchupgrade.ssh.SshTarget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-provisions a Cumulus Linux switch through ONIE, as the seed does: {@code onie-select -i -f}, and only when
 * it exits 0 and answers {@value #INSTALL_ENABLED}, {@code reboot}; or a site's own command (the seed's
 * {@code /root/run_switch_provision.sh -F}) instead. The version is read from {@code /etc/lsb-release} first.
 */
public final class CumulusOnie implements SwitchDriver {
    public static final String PLATFORM = "cumulus";
    public static final String ONIE_SELECT = "onie-select -i -f";
    public static final String REBOOT = "reboot";
    public static final String LSB_RELEASE = "cat /etc/lsb-release";
    public static final String BGP_SUMMARY = "sudo vtysh -c 'show bgp summary json'";
    public static final String NV_SHOW_SYSTEM = "nv show system";
    public static final String HOSTNAME = "hostname";
    /** Where Cumulus Linux 5.x layouts without a {@code build} row print the version. */
    public static final String NV_SHOW_SYSTEM_VERSION = "nv show system version";
    private static final java.util.regex.Pattern VERSION = java.util.regex.Pattern.compile("\\d+\\.\\d+(\\.\\d+)*");
    private static final java.util.regex.Pattern BUILD = java.util.regex.Pattern.compile(
            "Cumulus Linux\\s+(\\d+\\.\\d+(?:\\.\\d+)*)");
    /** onie-select's answer when the install is staged for the next boot. */
    public static final String INSTALL_ENABLED = "Enabling install at next reboot...done.";

    private final String siteCommand;
    private final boolean sudo;
    private final Duration rebootAnswerTimeout;
    private final SwitchLink link;

    private CumulusOnie(Builder b) {
        this.link = b.link;
        this.siteCommand = b.siteCommand;
        this.sudo = b.sudo;
        this.rebootAnswerTimeout = b.rebootAnswerTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** onie-select then reboot, as root, with a 30 s wait for the reboot's answer. */
    public static CumulusOnie defaults() {
        return builder().build();
    }

    @Override
    public String platform() {
        return PLATFORM;
    }

    /** The site's own re-provisioning command, when it replaces onie-select and reboot. */
    public Optional<String> siteCommand() {
        return Optional.ofNullable(siteCommand);
    }

    @Override
    public String readVersion(SshTarget target) throws DriverException {
        try (SwitchLink.Session session = connect(target)) {
            return readVersion(session);
        }
    }

    @Override
    public String identity(SshTarget target) throws DriverException {
        try (SwitchLink.Session session = connect(target)) {
            String answer = run(session, HOSTNAME).stdout().strip();
            if (answer.isEmpty() || answer.contains("\n")) {
                throw DriverException.notTouched(target.name(), target.describe() + ": '" + HOSTNAME + "' answered "
                        + quote(answer) + " where one host name was expected; nothing was sent", null);
            }
            return answer;
        }
    }

    /** Reads {@code nv show system} (hostname, build). */
    public NvueSystem readSystem(SshTarget target) throws DriverException {
        try (SwitchLink.Session session = connect(target)) {
            ExecResult result = run(session, NV_SHOW_SYSTEM);
            try {
                if (NvueSystem.namesVersion(result.stdout())) {
                    return NvueSystem.parse(result.stdout());
                }
                return NvueSystem.parse(result.stdout(), run(session, NV_SHOW_SYSTEM_VERSION).stdout());
            } catch (IllegalArgumentException e) {
                throw DriverException.notTouched(target.name(), target.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Reads the BGP summary from FRR ({@code vtysh -c 'show bgp summary json'}). */
    public BgpSummary readBgpSummary(SshTarget target) throws DriverException {
        try (SwitchLink.Session session = connect(target)) {
            ExecResult result = run(session, BGP_SUMMARY);
            try {
                return BgpSummary.parse(result.stdout());
            } catch (IllegalArgumentException e) {
                throw DriverException.notTouched(target.name(), target.describe() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public DriverResult disrupt(SshTarget target, Console console) throws DriverException {
        return new DriverResult.Reprovisioned(reprovision(target, console));
    }

    @Override
    public AuditKind disruptionKind() {
        return AuditKind.REPROVISION_SENT;
    }

    @Override
    public Optional<SwitchConfiguration> configurationEvidence(SshTarget target) throws DriverException {
        return Optional.of(new CumulusConfig(link).read(target));
    }

    @Override
    public Optional<SwitchDrain> drain() {
        return Optional.of(new CumulusBgpDrain(link));
    }

    /**
     * Stages the ONIE install and reboots (or runs the site command). Returns when the reboot was sent: the
     * switch dropping the connection, exiting 0, or not answering within the reboot answer timeout all count as
     * sent; whether it really went down is for the caller to watch (awaitExporter).
     */
    public Disruption reprovision(SshTarget target, Console console) throws DriverException {
        Objects.requireNonNull(console, "console");
        Instant startedAt = Instant.now();
        List<Exchange> exchanges = new ArrayList<>();
        try (SwitchLink.Session session = connect(target)) {
            String version = readVersion(session);
            console.log(target.name() + ": running Cumulus Linux " + version + " (" + LSB_RELEASE + ")");
            if (siteCommand != null) {
                console.log("Sending " + target.name() + " to Re-provisioning, command is '" + siteCommand + "'");
                Exchange site = sendFinal(session, siteCommand, exchanges, version, true);
                console.log(target.name() + ": " + site.summary());
            } else {
                String onieSelect = withSudo(ONIE_SELECT);
                String reboot = withSudo(REBOOT);
                console.log("Sending " + target.name() + " to Re-provisioning, command is '" + onieSelect + "' then '"
                        + reboot + "'");
                stageInstall(session, onieSelect, exchanges, version);
                console.log(target.name() + ": " + exchanges.get(exchanges.size() - 1).summary());
                Exchange rebooted = sendFinal(session, reboot, exchanges, version, false);
                console.log(target.name() + ": " + rebooted.summary()
                        + (rebooted.ending() == Ending.CONNECTION_DROPPED ? " (expected: it reboots)" : ""));
            }
            return new Disruption(PLATFORM, target.name(), startedAt, version, exchanges);
        }
    }

    private void stageInstall(SwitchLink.Session session, String command, List<Exchange> exchanges, String version)
            throws DriverException {
        SshTarget target = session.target();
        Instant sentAt = Instant.now();
        ExecResult result;
        try {
            result = session.exec(command);
        } catch (SshException e) {
            exchanges.add(new Exchange(sentAt, command, e.reason() == SshException.Reason.TIMEOUT ? Ending.NO_ANSWER
                    : Ending.CONNECTION_DROPPED, -1, ""));
            throw DriverException.of(target.name(), target.describe() + ": '" + command + "' did not complete: "
                    + e.getMessage() + ". No reboot was sent; " + target.name() + " still runs " + version
                    + ". An install may be staged: check with the switch's operators, cancel it with 'onie-select -c'.", e.commandSent() ? Touch.TOUCHED : Touch.NOT_TOUCHED, exchanges, e);
        }
        exchanges.add(new Exchange(sentAt, command, Ending.EXITED, result.exitStatus(), result.output()));
        if (!installEnabled(result.exitStatus(), result.output())) {
            throw DriverException.touched(target.name(), target.describe() + ": '" + command + "' answered exit "
                    + result.exitStatus() + " and " + quote(result.output()) + "; expected exit 0 and '"
                    + INSTALL_ENABLED + "'. No reboot was sent; " + target.name() + " still runs " + version + ". "
                    + (result.succeeded()
                    ? "An install may be staged: cancel it with 'onie-select -c' before rebooting by hand."
                    : "Check ONIE on the switch (run '" + command + "' by hand) before trying again."), exchanges, null);
        }
    }

    /** Sends the command that reboots the switch; the connection dropping is the expected answer. */
    private Exchange sendFinal(SwitchLink.Session session, String command, List<Exchange> exchanges, String version,
                               boolean site) throws DriverException {
        SshTarget target = session.target();
        Instant sentAt = Instant.now();
        Exchange exchange;
        try {
            ExecResult result = session.exec(command, rebootAnswerTimeout);
            exchange = new Exchange(sentAt, command, Ending.EXITED, result.exitStatus(), result.output());
            exchanges.add(exchange);
            if (!result.succeeded()) {
                throw DriverException.of(target.name(), target.describe() + ": '" + command + "' answered exit "
                        + result.exitStatus() + " and " + quote(result.output()) + "; expected the switch to reboot "
                        + "(connection closed or exit 0). " + (site
                        ? "Whether the site command rebooted " + target.name() + " is unknown: look at the switch "
                        + "before going on."
                        : target.name() + " did not reboot and still runs " + version + ", with an ONIE install "
                        + "staged for its next boot: cancel it with 'onie-select -c' or reboot it by hand."), site ? Touch.MAY_BE_DOWN : Touch.TOUCHED, exchanges, null);
            }
            return exchange;
        } catch (SshException e) {
            switch (e.reason()) {
                case CONNECTION_LOST:
                    if (e.commandSent()) {
                        exchange = new Exchange(sentAt, command, Ending.CONNECTION_DROPPED, -1, "");
                        exchanges.add(exchange);
                        return exchange;
                    }
                    break;
                case TIMEOUT:
                    exchange = new Exchange(sentAt, command, Ending.NO_ANSWER, -1, "");
                    exchanges.add(exchange);
                    return exchange;
                default:
                    break;
            }
            boolean sent = e.commandSent();
            throw DriverException.of(target.name(), target.describe() + ": '" + command + "' "
                    + (sent ? "was sent but " : "could not be sent: ") + e.getMessage()
                    + (sent ? " The switch may be rebooting: watch it before going on."
                    : site ? " Nothing was changed by it." : " " + target.name() + " did not reboot; an ONIE install "
                    + "is staged for its next boot: cancel it with 'onie-select -c' or reboot it by hand."), sent ? Touch.MAY_BE_DOWN : site ? Touch.NOT_TOUCHED : Touch.TOUCHED, exchanges, e);
        }
    }

    /** Whether onie-select staged the install: exit status 0 and {@value #INSTALL_ENABLED} in its answer. */
    public static boolean installEnabled(int exitStatus, String answer) {
        return exitStatus == 0 && answer != null && answer.contains(INSTALL_ENABLED);
    }

    private String withSudo(String command) {
        return sudo ? "sudo " + command : command;
    }

    private SwitchLink.Session connect(SshTarget target) throws DriverException {
        try {
            return link.open(target);
        } catch (SshException e) {
            throw DriverException.unreachable(target.name(), "Cannot reach " + target.name() + " over SSH; nothing was sent. "
                    + e.getMessage(), e);
        }
    }

    private static ExecResult run(SwitchLink.Session session, String command) throws DriverException {
        SshTarget target = session.target();
        try {
            ExecResult result = session.exec(command);
            if (!result.succeeded()) {
                throw DriverException.notTouched(target.name(), target.describe() + ": '" + command + "' answered exit "
                        + result.exitStatus() + " and " + quote(result.output()) + "; expected exit 0. "
                        + (withoutNvue(command, result) ? NO_NVUE : "Is this a Cumulus Linux 5 switch, and may user '"
                        + target.user() + "' run it?"), null);
            }
            return result;
        } catch (SshException e) {
            throw DriverException.notTouched(target.name(), "Reading '" + command + "' from " + target.name() + " failed: "
                    + e.getMessage(), e);
        }
    }

    // NVUE arrived with Cumulus Linux 5.0; on 4.x the shell answers exit 127, "nv: command not found".
    private static final String NO_NVUE = "This switch has no NVUE ('nv' arrived with Cumulus Linux 5.0), so it runs "
            + "4.x or older: there the driver reads the version from '" + LSB_RELEASE + "' and BGP from '" + BGP_SUMMARY
            + "', and nothing from 'nv'. Nothing was changed.";

    private static boolean withoutNvue(String command, ExecResult result) {
        return command.startsWith("nv ") && (result.exitStatus() == 127
                || result.output().contains("nv: command not found"));
    }

    private static String readVersion(SwitchLink.Session session) throws DriverException {
        ExecResult result = run(session, LSB_RELEASE);
        try {
            return LsbRelease.parse(result.stdout()).release();
        } catch (IllegalArgumentException e) {
            throw DriverException.notTouched(session.target().name(), session.target().describe() + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "nothing";
        }
        return "'" + (trimmed.length() <= 300 ? trimmed : trimmed.substring(0, 300) + "…") + "'";
    }

    @Override
    public String toString() {
        return "CumulusOnie " + (siteCommand != null ? "site command '" + siteCommand + "'"
                : "'" + withSudo(ONIE_SELECT) + "' then '" + withSudo(REBOOT) + "'");
    }

    /** Configures {@link CumulusOnie}. */
    public static final class Builder {
        private String siteCommand;
        private boolean sudo;
        private Duration rebootAnswerTimeout = Duration.ofSeconds(30);
        private SwitchLink link = SwitchLink.ssh();

        private Builder() {
        }

        /** How the driver reaches the switch (default SSH); flow tests replay a transcript through it. */
        public Builder link(SwitchLink link) {
            this.link = Objects.requireNonNull(link, "link");
            return this;
        }

        /** A site's own command that stages the install and reboots, e.g. {@code /root/run_switch_provision.sh -F}. */
        public Builder siteCommand(String command) {
            this.siteCommand = command == null || command.isBlank() ? null : command.trim();
            return this;
        }

        /** Prefix onie-select and reboot with {@code sudo}, for a user other than root. */
        public Builder sudo(boolean sudo) {
            this.sudo = sudo;
            return this;
        }

        /** How long to wait for the reboot command to answer or the connection to drop (default 30 s). */
        public Builder rebootAnswerTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the reboot answer timeout must be positive, was " + timeout);
            }
            this.rebootAnswerTimeout = timeout;
            return this;
        }

        public CumulusOnie build() {
            return new CumulusOnie(this);
        }
    }

    /** {@code /etc/lsb-release} of a Cumulus Linux switch: {@code DISTRIB_ID}, {@code DISTRIB_RELEASE}, description. */
    public record LsbRelease(String id, String release, String description) {

        /** Parses {@code KEY=value} lines (values may be quoted); requires DISTRIB_RELEASE and a Cumulus ID. */
        public static LsbRelease parse(String text) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : (text == null ? "" : text).split("\r?\n")) {
                int equals = line.indexOf('=');
                if (equals <= 0) {
                    continue;
                }
                String value = line.substring(equals + 1).trim();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, equals).trim(), value);
            }
            String release = values.get("DISTRIB_RELEASE");
            if (release == null || release.isBlank()) {
                throw new CliOutputException(LSB_RELEASE, "a line DISTRIB_RELEASE=<version>",
                        quote(String.valueOf(text)), "Is this a Cumulus Linux switch?");
            }
            String id = values.getOrDefault("DISTRIB_ID", "");
            if (!id.isEmpty() && !id.toLowerCase(Locale.ROOT).contains("cumulus")) {
                throw new CliOutputException(LSB_RELEASE, "DISTRIB_ID=\"Cumulus Linux\"", "DISTRIB_ID=" + id,
                        "This switch does not run Cumulus Linux: use its platform's driver.");
            }
            return new LsbRelease(id, release, values.getOrDefault("DISTRIB_DESCRIPTION", ""));
        }
    }

    /** The operational values of {@code nv show system}: hostname and the Cumulus Linux version it reports. */
    public record NvueSystem(String hostname, String version, Map<String, String> values) {
        public NvueSystem {
            values = Map.copyOf(values);
        }

        /**
         * Parses the table of Cumulus Linux 5.x (attribute, operational, applied columns separated by two or more
         * blanks; with or without the header line); the version comes from {@code build} ({@code Cumulus Linux
         * 5.10}) or {@code product-release}.
         *
         * @throws CliOutputException when there is no hostname or no version; some 5.x layouts print neither
         *                            {@code build} nor {@code product-release}: read {@value #NV_SHOW_SYSTEM_VERSION}
         *                            and use {@link #parse(String, String)}
         */
        public static NvueSystem parse(String text) {
            return parse(text, null);
        }

        /** Parses {@code nv show system}, taking the version from {@code nv show system version} when given. */
        public static NvueSystem parse(String systemText, String versionText) {
            Map<String, String> values = table(systemText);
            String hostname = values.get("hostname");
            if (hostname == null || hostname.isBlank()) {
                throw new CliOutputException(NV_SHOW_SYSTEM, "a 'hostname' row", unreadRows(systemText),
                        "Is NVUE running (nv config apply done once)? Run 'nv show system' by hand.");
            }
            Optional<String> version = versionIn(values);
            if (version.isEmpty() && versionText != null) {
                Map<String, String> versionRows = table(versionText);
                version = versionIn(versionRows);
                if (version.isEmpty()) {
                    throw new CliOutputException(NV_SHOW_SYSTEM_VERSION, "a 'product-release' (or 'image') row with a "
                            + "version like 5.9.1", unreadRows(versionText), "Run 'nv show system version' by hand; "
                            + "if it prints the version elsewhere, add the layout as a fixture.");
                }
            }
            if (version.isEmpty()) {
                throw new CliOutputException(NV_SHOW_SYSTEM, "a 'build' (Cumulus Linux x.y) or 'product-release' row",
                        unreadRows(systemText), "Read the version with '" + NV_SHOW_SYSTEM_VERSION + "'.");
            }
            return new NvueSystem(hostname, version.get(), values);
        }

        /** Whether {@code nv show system} itself names the version; when not, ask {@code nv show system version}. */
        public static boolean namesVersion(String systemText) {
            return versionIn(table(systemText)).isPresent();
        }

        private static Optional<String> versionIn(Map<String, String> values) {
            String release = values.get("product-release");
            if (release != null && VERSION.matcher(release).matches()) {
                return Optional.of(release);
            }
            String build = values.get("build");
            if (build != null) {
                java.util.regex.Matcher m = BUILD.matcher(build);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            String image = values.get("image");
            return image != null && VERSION.matcher(image).matches() ? Optional.of(image) : Optional.empty();
        }

        private static Map<String, String> table(String text) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String raw : ConsoleText.lines(text)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("---") || line.startsWith("operational")) {
                    continue;
                }
                String[] columns = line.split("\\s{2,}");
                if (columns.length >= 2) {
                    values.putIfAbsent(columns[0], columns[1]);
                }
            }
            return values;
        }

        private static String unreadRows(String text) {
            List<String> lines = ConsoleText.lines(text);
            return lines.isEmpty() ? "no output at all" : lines.size() + " line(s), the first "
                    + ConsoleText.quote(lines.get(0).strip());
        }
    }

    /** FRR's {@code show bgp summary json} for one address family: every peer and how many are established. */
    public record BgpSummary(String family, String routerId, long localAs, List<Peer> peers) {
        public BgpSummary {
            peers = List.copyOf(peers);
        }

        /** One BGP neighbour: its name (address or interface), the remote hostname, state and prefixes received. */
        public record Peer(String name, String hostname, String state, long prefixesReceived) {
            public boolean established() {
                return "Established".equalsIgnoreCase(state);
            }
        }

        public int totalPeers() {
            return peers.size();
        }

        public int establishedPeers() {
            return (int) peers.stream().filter(Peer::established).count();
        }

        /**
         * Parses the {@code ipv4Unicast} family (or the first family present, or the peers at the top level as
         * releases before the address-family wrapper print them). Older FRR releases end objects with a trailing
         * comma and name the received prefixes {@code prefixReceivedCount} instead of {@code pfxRcd}; both are read.
         *
         * @throws CliOutputException when the text is not FRR's JSON, or a peer's state or count is unreadable
         */
        public static BgpSummary parse(String json) {
            JsonObject root;
            try {
                JsonElement element = JsonParser.parseString(withoutTrailingCommas(json == null ? "" : json));
                if (!element.isJsonObject()) {
                    throw new IllegalStateException("not an object");
                }
                root = element.getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw new CliOutputException(BGP_SUMMARY, "FRR's JSON summary", quote(String.valueOf(json)),
                        "Is FRR running and BGP configured? Run the command by hand.");
            }
            String family = root.has("ipv4Unicast") ? "ipv4Unicast" : null;
            if (family == null) {
                family = root.entrySet().stream().filter(e -> e.getValue().isJsonObject()
                        && e.getValue().getAsJsonObject().has("peers")).map(Map.Entry::getKey).findFirst().orElse(null);
            }
            JsonObject summary;
            if (family != null) {
                summary = root.getAsJsonObject(family);
            } else if (root.has("peers")) {
                family = "ipv4Unicast";
                summary = root;
            } else {
                throw new CliOutputException(BGP_SUMMARY, "an address family with 'peers' (e.g. ipv4Unicast)",
                        quote(json), "Is BGP configured on this switch?");
            }
            List<Peer> peers = new ArrayList<>();
            JsonObject peerObjects = summary.has("peers") && summary.get("peers").isJsonObject()
                    ? summary.getAsJsonObject("peers") : new JsonObject();
            for (Map.Entry<String, JsonElement> entry : peerObjects.entrySet()) {
                if (!entry.getValue().isJsonObject()) {
                    throw new CliOutputException(BGP_SUMMARY, "an object per peer", "peer '" + entry.getKey() + "': "
                            + entry.getValue(), "Run the command by hand and add the layout as a fixture.");
                }
                JsonObject peer = entry.getValue().getAsJsonObject();
                String state = text(peer, "state");
                if (state.isEmpty()) {
                    throw new CliOutputException(BGP_SUMMARY, "a 'state' for every peer", "peer '" + entry.getKey()
                            + "' without one: " + peer, "Run the command by hand and add the layout as a fixture.");
                }
                peers.add(new Peer(entry.getKey(), text(peer, "hostname"), state, prefixesReceived(entry.getKey(),
                        peer, state)));
            }
            return new BgpSummary(family, text(summary, "routerId"), number(summary, "as"), peers);
        }

        // A peer that is not Established has received nothing, and some releases then omit the count; an
        // Established peer without a readable count is refused rather than reported with 0.
        private static long prefixesReceived(String name, JsonObject peer, String state) {
            for (String key : List.of("pfxRcd", "prefixReceivedCount")) {
                JsonElement value = peer.get(key);
                if (value != null && !value.isJsonNull()) {
                    try {
                        return value.getAsLong();
                    } catch (NumberFormatException | UnsupportedOperationException e) {
                        throw new CliOutputException(BGP_SUMMARY, "a number in '" + key + "'", "peer '" + name
                                + "': " + key + "=" + value, "Run the command by hand and add the layout as a fixture.");
                    }
                }
            }
            if ("Established".equalsIgnoreCase(state)) {
                throw new CliOutputException(BGP_SUMMARY, "'pfxRcd' (or 'prefixReceivedCount') for an Established peer",
                        "peer '" + name + "' without either: " + peer, "Run the command by hand and add the layout "
                        + "as a fixture.");
            }
            return 0;
        }

        /** Drops a comma that stands right before a closing brace or bracket, outside strings. */
        static String withoutTrailingCommas(String json) {
            StringBuilder out = new StringBuilder(json.length());
            boolean inString = false;
            for (int i = 0; i < json.length(); i++) {
                char c = json.charAt(i);
                if (inString) {
                    out.append(c);
                    if (c == '\\' && i + 1 < json.length()) {
                        out.append(json.charAt(++i));
                    } else if (c == '"') {
                        inString = false;
                    }
                    continue;
                }
                if (c == '"') {
                    inString = true;
                } else if (c == ',') {
                    int j = i + 1;
                    while (j < json.length() && Character.isWhitespace(json.charAt(j))) {
                        j++;
                    }
                    if (j < json.length() && (json.charAt(j) == '}' || json.charAt(j) == ']')) {
                        continue;
                    }
                }
                out.append(c);
            }
            return out.toString();
        }

        private static String text(JsonObject object, String key) {
            JsonElement value = object.get(key);
            return value == null || value.isJsonNull() ? "" : value.getAsString();
        }

        // some FRR releases print numbers as strings
        private static long number(JsonObject object, String key) {
            JsonElement value = object.get(key);
            if (value == null || value.isJsonNull()) {
                return 0;
            }
            try {
                return value.getAsLong();
            } catch (NumberFormatException | UnsupportedOperationException e) {
                return 0;
            }
        }
    }
}
