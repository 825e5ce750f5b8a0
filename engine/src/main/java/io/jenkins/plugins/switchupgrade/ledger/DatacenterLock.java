package io.jenkins.plugins.switchupgrade.ledger;

import io.jenkins.plugins.switchupgrade.json.Json;
import io.jenkins.plugins.switchupgrade.ports.FleetLock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The lock of one data center on this host: an OS file lock on {@code <state-dir>/<datacenter>.lock}, held for a
 * whole round, whatever report directory the round writes to. The file names the holder (pid, host, since, report
 * directory); a holder that died left its record behind, which the next round reports as a takeover.
 */
public final class DatacenterLock implements FleetLock, AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;
    private final Holder takenOverFrom;

    /** Who holds (or held) the lock. */
    public record Holder(long pid, String host, Instant since, String reportDir, String actor) {
        /** Whether this holder's process still runs (only knowable on this host). */
        public boolean alive() {
            return host.equals(Ledger.hostName()) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        @Override
        public String toString() {
            return "pid " + pid + " on host " + host + " since " + since + ", report dir " + reportDir
                    + (actor.isEmpty() ? "" : " (" + actor + ")");
        }

        String toJson() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("pid", pid);
            map.put("host", host);
            map.put("since", since.toString());
            map.put("reportDir", reportDir);
            map.put("actor", actor);
            return Json.compact(map);
        }

        static Optional<Holder> parse(String text) {
            if (text == null || text.isBlank()) {
                return Optional.empty();
            }
            try {
                Map<String, Object> map = Json.parseObject(text.trim(), "the lock file");
                return Optional.of(new Holder(((Number) map.get("pid")).longValue(), String.valueOf(map.get("host")),
                        Instant.parse(String.valueOf(map.get("since"))), String.valueOf(map.get("reportDir")),
                        map.get("actor") == null ? "" : String.valueOf(map.get("actor"))));
            } catch (RuntimeException e) {
                // a record of another version: still a holder, described by its text
                return Optional.of(new Holder(-1, "?", Instant.EPOCH, "?", text.trim()));
            }
        }
    }

    private DatacenterLock(Path file, FileChannel channel, FileLock lock, Holder holder, Holder takenOverFrom) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
        this.takenOverFrom = takenOverFrom;
    }

    /** The lock file of {@code datacenter} in {@code stateDir}. */
    public static Path file(Path stateDir, String datacenter) {
        return stateDir.resolve(Ledger.requireDatacenter(datacenter) + ".lock");
    }

    /**
     * Takes the lock of {@code datacenter} or fails at once naming its holder.
     *
     * @throws HeldException when another round holds it
     */
    public static DatacenterLock acquire(Path stateDir, String datacenter, String reportDir, String actor,
                                         Clock clock) {
        Path file = file(stateDir, datacenter);
        FileChannel channel = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            String previous = read(channel);
            if (lock == null) {
                channel.close();
                Optional<Holder> owner = Holder.parse(previous);
                throw new HeldException("the lock of data center " + datacenter + " (" + file + ") is held by "
                        + owner.map(Holder::toString).orElse("another round") + "; rounds of one data center run one "
                        + "at a time: wait for it to finish", owner.orElse(null));
            }
            // the OS released the lock of a process that died; its record stayed: that round never finished
            Holder stale = Holder.parse(previous).orElse(null);
            Holder me = new Holder(ProcessHandle.current().pid(), Ledger.hostName(),
                    (clock == null ? Clock.systemUTC() : clock).instant().truncatedTo(ChronoUnit.SECONDS),
                    reportDir == null ? "" : reportDir, actor == null ? "" : actor);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((me.toJson() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new DatacenterLock(file, channel, lock, me, stale);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // reported below
                }
            }
            throw new HeldException("cannot use the lock of data center " + datacenter + " (" + file + "): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "; check --state-dir and its permissions",
                    null);
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** The holder whose record this lock found and replaced: a round that died without releasing it. */
    public Optional<Holder> takenOverFrom() {
        return Optional.ofNullable(takenOverFrom);
    }

    public Holder holder() {
        return holder;
    }

    public Path file() {
        return file;
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public boolean isHeld() {
        return lock.isValid();
    }

    @Override
    public synchronized void close() {
        try {
            if (lock.isValid()) {
                // an empty file says the last holder finished; a record left behind says it did not
                channel.truncate(0);
                channel.force(true);
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the channel anyway
        }
    }

    /** The lock is held by another round, or cannot be used; {@link #holder()} names the holder when known. */
    public static final class HeldException extends IllegalStateException {
        private final transient Holder holder;

        public HeldException(String message, Holder holder) {
            super(message);
            this.holder = holder;
        }

        public Optional<Holder> holder() {
            return Optional.ofNullable(holder);
        }
    }
}
