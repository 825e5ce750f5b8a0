package io.jenkins.plugins.switchupgrade.drivers.aos;

import io.jenkins.plugins.switchupgrade.drivers.CliOutputException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.aos;
import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.crlf;
import static io.jenkins.plugins.switchupgrade.drivers.aos.Fixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDirectoryTest {

    @Test
    void aDirectoryWithTheImageAndItsIssuVersionIsReady() {
        ImageDirectory directory = ImageDirectory.parse("new_firm", aos("ls-new_firm.txt"));

        assertTrue(directory.exists());
        assertEquals(List.of("Tos.img", "issu_version"), List.copyOf(directory.files()));
        assertEquals(List.of("Tos.img"), directory.images());
        assertTrue(directory.problem().isEmpty());
    }

    @Test
    void theShortListingAndAnInteractiveSessionReadTheSame() {
        ImageDirectory directory = ImageDirectory.parse("new_firm", crlf(aos("ls-new_firm-short.txt")));
        assertEquals(Set.of("Tos.img", "issu_version", "vcboot.cfg", "vcsetup.cfg"), directory.files());
        assertEquals(ImageDirectory.parse("new_firm", aos("ls-new_firm.txt")).files(),
                ImageDirectory.parse("new_firm", session("ls -l new_firm", aos("ls-new_firm.txt"))).files());
    }

    @Test
    void aMissingIssuVersionFileIsRefusedWithWhatToCopy() {
        ImageDirectory directory = ImageDirectory.parse("new_firm", aos("ls-new_firm-no-issu-version.txt"));

        assertTrue(directory.exists());
        assertFalse(directory.contains(ImageDirectory.ISSU_VERSION));
        String problem = directory.problem().orElseThrow();
        assertTrue(problem.contains("/flash/new_firm lacks the issu_version file"), problem);
        assertTrue(problem.contains("it holds Tos.img"), problem);
    }

    @Test
    void aMissingDirectoryIsRefused() {
        ImageDirectory directory = ImageDirectory.parse("new_firm", aos("ls-missing-directory.txt"));

        assertFalse(directory.exists());
        assertTrue(directory.problem().orElseThrow().contains("/flash/new_firm does not exist"));
    }

    @Test
    void anEmptyDirectoryLacksBoth() {
        String problem = ImageDirectory.parse("new_firm", "total 0\n").problem().orElseThrow();
        assertTrue(problem.contains("lacks an image (*.img, e.g. Tos.img) and the issu_version file"), problem);
    }

    @Test
    void aCliErrorIsNotAListing() {
        CliOutputException e = assertThrows(CliOutputException.class,
                () -> ImageDirectory.parse("new_firm", "ERROR: Invalid entry: \"lss\""));
        assertEquals("ls -l new_firm", e.command());
    }
}
