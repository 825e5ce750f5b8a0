package io.jenkins.plugins.switchupgrade.jenkins;

import io.jenkins.plugins.switchupgrade.ports.ArtifactStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Remembers which files a facade saved, so that exactly those are archived with the build. */
final class RecordingArtifactStore implements ArtifactStore {

    private final ArtifactStore delegate;
    private final List<String> saved = new ArrayList<>();

    RecordingArtifactStore(ArtifactStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public void save(String relativePath, String content) {
        delegate.save(relativePath, content);
        if (!saved.contains(relativePath)) {
            saved.add(relativePath);
        }
    }

    @Override
    public Optional<String> read(String relativePath) {
        return delegate.read(relativePath);
    }

    List<String> saved() {
        return List.copyOf(saved);
    }
}
