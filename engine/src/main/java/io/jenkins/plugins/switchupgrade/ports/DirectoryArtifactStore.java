package io.jenkins.plugins.switchupgrade.ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** An {@link ArtifactStore} in a directory of the local file system; each file is replaced atomically. */
public final class DirectoryArtifactStore implements ArtifactStore {
    private final Path root;

    public DirectoryArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    private Path resolve(String relativePath) {
        Path target = root.resolve(relativePath).normalize();
        if (!target.startsWith(root)) {
            throw new IllegalArgumentException("artifact path '" + relativePath + "' leaves the artifact directory");
        }
        return target;
    }

    @Override
    public void save(String relativePath, String content) {
        Path target = resolve(relativePath);
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> read(String relativePath) {
        Path target = resolve(relativePath);
        try {
            return Files.exists(target) ? Optional.of(Files.readString(target, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifact " + target + ": " + e.getMessage(), e);
        }
    }
}
