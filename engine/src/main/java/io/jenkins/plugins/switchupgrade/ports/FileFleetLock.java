package io.jenkins.plugins.switchupgrade.ports;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The command line's {@link FleetLock}: an exclusive OS file lock, held until {@link #close()} or the process
 * ends (so a crashed run never leaves it held). The file records who holds it.
 */
public final class FileFleetLock implements FleetLock, AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FileFleetLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or fails at once, saying who holds it. */
    public static FileFleetLock acquire(Path file, String holder) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new LockUnavailableException("the fleet lock " + file + " is held by another run"
                        + (owner.isEmpty() ? "" : " (" + owner + ")") + "; upgrades are serial: wait for it to finish");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((holder + ", pid " + ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            return new FileFleetLock(file, channel, lock);
        } catch (IOException e) {
            throw new LockUnavailableException("cannot open the fleet lock " + file + ": " + e.getMessage());
        }
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
    public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the channel anyway
        }
    }

    /** The lock is held by someone else or cannot be used. */
    public static final class LockUnavailableException extends IllegalStateException {
        public LockUnavailableException(String message) {
            super(message);
        }
    }
}
