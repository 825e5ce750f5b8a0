package io.jenkins.plugins.switchupgrade.ledger;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@link Ledger} as a file: append-only JSON lines ({@code <state-dir>/<datacenter>.ledger.jsonl}), each entry
 * forced to disk before the call returns, read and appended under an OS file lock (other processes) and a lock per
 * file (other threads), so that a claim's check and its entry are one step for every process of the host.
 */
public final class FileLedger implements Ledger {
    static final Pattern DATACENTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    static final String PROCESS = ProcessHandle.current().pid() + "@" + host();

    private final Path file;
    private final String datacenter;
    private final Remedies remedies;
    private final Clock clock;

    private FileLedger(Path file, String datacenter, Remedies remedies, Clock clock) {
        this.file = file;
        this.datacenter = datacenter;
        this.remedies = remedies;
        this.clock = clock;
    }

    /**
     * The ledger of {@code datacenter} in {@code stateDir} ({@code <datacenter>.ledger.jsonl}). The data center must
     * be a safe file name component.
     */
    public static FileLedger open(Path stateDir, String datacenter, Remedies remedies, Clock clock) {
        return new FileLedger(fileOf(stateDir, datacenter), datacenter, remedies,
                clock == null ? Clock.systemUTC() : clock);
    }

    /** The file of {@code datacenter}'s ledger in {@code stateDir}, whether it exists or not. */
    public static Path fileOf(Path stateDir, String datacenter) {
        return stateDir.resolve(Ledger.requireDatacenter(datacenter) + ".ledger.jsonl");
    }

    public Path file() {
        return file;
    }

    @Override
    public String datacenter() {
        return datacenter;
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public LedgerState replay() {
        return locked(channel -> LedgerState.replay(datacenter, read(channel)));
    }

    @Override
    public LedgerState requireClear(boolean inFlightAllowed) {
        LedgerState state = replay();
        List<LedgerState.SwitchState> blocking = inFlightAllowed ? state.failures() : state.blockers();
        if (!blocking.isEmpty()) {
            throw blocked(blocking, state);
        }
        return state;
    }

    @Override
    public Remedies remedies() {
        return remedies;
    }

    @Override
    public LedgerEntry claim(Claim claim, BooleanSupplier stopping) {
        return locked(channel -> {
            if (stopping.getAsBoolean()) {
                throw new LedgerBlockedException("the round is being stopped; " + claim.switchName() + " is not claimed",
                        List.of());
            }
            LedgerState state = LedgerState.replay(datacenter, read(channel));
            admit(state, claim);
            return append(channel, state, LedgerEntry.Kind.DISRUPTION_CLAIMED, claim.switchName(), claim.actor(),
                    claim.process(), claim.reason(), claim.inFlight());
        });
    }

    @Override
    public void check(Claim claim) {
        admit(replay(), claim);
    }

    private void admit(LedgerState state, Claim claim) {
        if (!state.failures().isEmpty()) {
            throw blocked(state.failures(), state);
        }
        List<LedgerState.SwitchState> flying = state.inFlight();
        String rack = claim.inFlight().rack();
        List<LedgerState.SwitchState> conflicts = flying.stream().filter(s -> s.switchName().equals(claim.switchName())
                || (!s.rack().isEmpty() && s.rack().equals(rack))).toList();
        if (!conflicts.isEmpty()) {
            throw new LedgerBlockedException("another disruption is in flight: " + conflicts.stream()
                    .map(this::describe).collect(Collectors.joining("; ")) + "; never two switches of one rack "
                    + "at once: wait until it is back and verified", conflicts);
        }
        if (flying.size() >= claim.maxInFlight()) {
            throw new LedgerBlockedException(flying.size() + " switch(es) of " + datacenter + " already in flight, at "
                    + "most " + claim.maxInFlight() + " at once: " + flying.stream().map(this::describe)
                    .collect(Collectors.joining("; ")), flying);
        }
    }

    @Override
    public LedgerEntry record(LedgerEntry.Kind kind, String switchName, String actor, String reason) {
        if (kind == LedgerEntry.Kind.DISRUPTION_CLAIMED || kind == LedgerEntry.Kind.ACKNOWLEDGED) {
            throw new IllegalArgumentException("use claim() or acknowledge() for " + kind.wireName());
        }
        return locked(channel -> {
            LedgerState state = LedgerState.replay(datacenter, read(channel));
            boolean inFlight = state.of(switchName).map(sw -> sw.status() == LedgerState.Status.IN_FLIGHT)
                    .orElse(false);
            if ((kind == LedgerEntry.Kind.UPGRADED || kind == LedgerEntry.Kind.RELEASED) && !inFlight) {
                // what clears a switch needs its claim: nothing but a person clears a failure
                throw new IllegalStateException(kind.wireName() + " of " + switchName + " refused: it is not in flight "
                        + "in the ledger of " + datacenter + " (" + state.of(switchName).map(this::describe)
                        .orElse("the ledger does not know it") + ")");
            }
            return append(channel, state, kind, switchName, actor, PROCESS, reason, null);
        });
    }

    @Override
    public LedgerEntry acknowledge(String switchName, String actor, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an acknowledgement needs a reason: what was looked at and found, "
                    + "e.g. --reason \"PSU replaced, switch healthy again\"");
        }
        return locked(channel -> {
            LedgerState state = LedgerState.replay(datacenter, read(channel));
            LedgerState.SwitchState current = state.of(switchName).orElse(null);
            if (current == null || current.status() == LedgerState.Status.CLEAR) {
                String blocking = state.blockers().stream().map(LedgerState.SwitchState::switchName)
                        .collect(Collectors.joining(", "));
                throw new IllegalArgumentException(switchName + " has nothing to acknowledge in the ledger of "
                        + datacenter + " (" + file + "): it is " + (current == null ? "not in it" : "clear")
                        + (blocking.isEmpty() ? "; nothing blocks " + datacenter : "; what blocks is: " + blocking));
            }
            return append(channel, state, LedgerEntry.Kind.ACKNOWLEDGED, switchName, actor, PROCESS,
                    "acknowledged after " + current.last().kind().wireName() + ": " + reason.trim(), null);
        });
    }

    @Override
    public List<LedgerEntry> entries() {
        return locked(this::read);
    }

    @Override
    public String describe(LedgerState.SwitchState s) {
        LedgerEntry last = s.last();
        String what = switch (s.status()) {
            case FAILED -> "failed: " + last.reason();
            case IN_FLIGHT -> (s.interrupted() ? "was interrupted while in flight (" + last.reason() + ")"
                    : "is in flight: a disruption was sent and no outcome recorded (" + s.claim().reason() + ")");
            case CLEAR -> "is clear";
        };
        LedgerEntry claim = s.claim();
        String since = claim == null ? "" : ", disruption sent at " + claim.time() + " by " + claim.actor()
                + " (process " + claim.process() + ")";
        return s.switchName() + " of " + datacenter + " " + what + " [" + last.time() + ", by " + last.actor()
                + since + "]";
    }

    private LedgerBlockedException blocked(List<LedgerState.SwitchState> blockers, LedgerState state) {
        StringBuilder message = new StringBuilder("the ledger of ").append(datacenter).append(" (").append(file)
                .append(") blocks: ");
        boolean anyInFlight = false;
        for (LedgerState.SwitchState s : blockers) {
            message.append(describe(s)).append("; ");
            anyInFlight |= s.status() == LedgerState.Status.IN_FLIGHT;
        }
        message.append("nothing more is disrupted until a person has looked at it. To go on: ");
        List<String> ways = new ArrayList<>();
        if (anyInFlight && !remedies.resume(datacenter).isBlank()) {
            ways.add("complete the switch in flight if it is back and verified: " + remedies.resume(datacenter));
        }
        for (LedgerState.SwitchState s : blockers) {
            ways.add("acknowledge " + s.switchName() + ": " + remedies.acknowledge(datacenter, s.switchName()));
        }
        message.append(String.join("; or ", ways));
        return new LedgerBlockedException(message.toString(), blockers);
    }

    private LedgerEntry append(FileChannel channel, LedgerState state, LedgerEntry.Kind kind, String switchName,
                               String actor, String process, String reason, InFlight inFlight) {
        LedgerEntry entry = new LedgerEntry(state.lastSequence() + 1, UUID.randomUUID().toString(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), datacenter, switchName, kind, actor, process, reason,
                inFlight);
        try {
            channel.position(channel.size());
            ByteBuffer bytes = ByteBuffer.wrap((entry.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            // the entry must survive a crash or power loss right after the command it announces
            channel.force(true);
        } catch (IOException e) {
            throw new LedgerException("cannot append " + kind.wireName() + " of " + switchName + " to the ledger "
                    + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check the disk and "
                    + "its permissions; nothing may be disrupted while the ledger cannot be written", e);
        }
        return entry;
    }

    private List<LedgerEntry> read(FileChannel channel) {
        String text;
        try {
            channel.position(0);
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read to the end
            }
            text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        List<LedgerEntry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            if (i == lines.length - 1) {
                // a last line without its newline was cut by a crash mid-write: it was never acknowledged to anyone
                continue;
            }
            LedgerEntry entry;
            try {
                entry = LedgerEntry.fromJsonLine(line);
            } catch (RuntimeException e) {
                throw new LedgerException("line " + (i + 1) + " of the ledger " + file + " is not a ledger entry ("
                        + e.getMessage() + "); the ledger is the fleet's memory and is never rewritten by this tool: "
                        + "move the file aside only after checking every switch of " + datacenter + " by hand", e);
            }
            if (!entry.datacenter().isEmpty() && !entry.datacenter().equals(datacenter)) {
                // a ledger copied or linked from another data center would let this one forget its own switches
                throw new LedgerException("line " + (i + 1) + " of the ledger " + file + " is an entry of data center '"
                        + entry.datacenter() + "', not of " + datacenter + "; put each data center's ledger back in "
                        + "its own file", null);
            }
            entries.add(entry);
        }
        return entries;
    }

    private interface Locked<T> {
        T run(FileChannel channel);
    }

    // one thread of this process at a time (file locks are per process), and one process at a time (the file lock)
    private <T> T locked(Locked<T> action) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                return action.run(channel);
            }
        } catch (IOException e) {
            throw new LedgerException("cannot open the ledger " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); check the state directory and its permissions", e);
        } finally {
            local.unlock();
        }
    }

    static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public String toString() {
        return "FileLedger[" + datacenter + ", " + file + "]";
    }
}
