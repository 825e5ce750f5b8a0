package io.jenkins.plugins.switchupgrade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the end-to-end test takes from docs/plugin/: runs without Jenkins, in every build of this module. */
class DocumentedSourcesTest {

    private final DocumentedSources docs = DocumentedSources.ofThisProject();

    @Test
    void theJenkinsfilesAreTheWholeBlocksOfTheirPages() {
        String storyA = docs.storyAJenkinsfile();
        assertTrue(storyA.startsWith("pipeline {\n"), storyA);
        assertTrue(storyA.endsWith("}\n"), storyA);
        assertTrue(storyA.contains("exclude: skipped"), "the skip loop of the documented file");
        assertTrue(docs.page("jenkinsfile-story-a.md").contains("```groovy\n" + storyA + "```\n"), "byte for byte");

        String storyB = docs.storyBJenkinsfile();
        assertTrue(storyB.startsWith("pipeline {\n"), storyB);
        assertTrue(storyB.contains("issuUpgrade target: params.TARGET"), storyB);
        assertTrue(storyB.contains("input message: \"Run ISSU on ${params.TARGET} to ${params.EXPECTED_RELEASE}?\""),
                "the approval the test answers: " + storyB);
    }

    @Test
    void theLabValuesReplaceTheDocumentedOnesAndNothingElse() {
        String yaml = docs.configurationYaml();
        String lab = DocumentedSources.replaceValues(yaml, LabConfiguration.REPLACED_KEYS);

        assertTrue(lab.contains("    prometheusUrl: \"${E2E_PROMETHEUS_URL}\"\n"), lab);
        assertTrue(lab.contains("    knownHosts: \"${E2E_KNOWN_HOSTS}\"\n    metricsProfile:"), "the block goes: " + lab);
        assertFalse(lab.contains("10.0.0.11 ssh-ed25519"), lab);
        assertTrue(lab.contains("              username: \"${E2E_SSH_USER}\"\n"), lab);
        assertFalse(lab.contains("example.net"), "every site address is the lab's: " + lab);
        assertFalse(lab.contains("/run/secrets"), lab);
        // what the lab does not replace stays as the page shows it
        for (String kept : List.of("lockName: \"switch-upgrade-^${datacenter}\"", "peer=\"{switch}\"",
                "secret: \"${PROMETHEUS_TOKEN}\"", "command: \"/root/run_switch_provision.sh -F\"", "drain: true",
                "configCheck: true", "metricsProfile: '{\"maxInventory\": 500}'")) {
            assertTrue(lab.contains(kept), kept + " in " + lab);
        }
        assertEquals(yaml.lines().count() - 3, lab.lines().count(), "only the block lines went: two known hosts, one window");
    }

    @Test
    void aKeyThePageNoLongerHasFailsInsteadOfRunningUnreplaced() {
        Map<String, String> values = new LinkedHashMap<>(LabConfiguration.REPLACED_KEYS);
        values.put("prometheusAddress", "\"x\"");
        AssertionError error = assertThrows(AssertionError.class,
                () -> DocumentedSources.replaceValues(docs.configurationYaml(), values));
        assertTrue(error.getMessage().contains("'prometheusAddress' 0 times"), error.getMessage());
    }

    @Test
    void aBlockScalarGoesWithItsKeyAndAListItemKeepsItsDash() {
        String yaml = "a:\n  hosts: |\n    one\n\n    two\n  next: 1\n  - name: \"x\"\n";
        String out = DocumentedSources.replaceValues(yaml, Map.of("hosts", "\"${H}\"", "name", "\"${N}\""));
        assertEquals("a:\n  hosts: \"${H}\"\n  next: 1\n  - name: \"${N}\"\n", out);
    }

    @Test
    void theFreestyleJobIsTheExampleColumnOfItsPage() {
        assertEquals("dc1", docs.freestyleExample("Data center", 0));
        assertEquals("leaf", docs.freestyleExample("Role", 0));
        assertEquals("5.9.1", docs.freestyleExample("From version / To version", 0));
        assertEquals("5.10.0", docs.freestyleExample("From version / To version", 1));
        assertEquals("1", docs.freestyleExample("Switches per build", 0));
        assertEquals("60", docs.freestyleExample("Silence, settle time", 0));
        assertEquals("120", docs.freestyleExample("Silence, settle time", 1));
        List<String> refusal = docs.freestyleRefusal();
        assertTrue(refusal.get(0).startsWith("switchUpgradeRound refused to run:"), refusal.toString());
    }
}
