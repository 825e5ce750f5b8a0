package io.jenkins.plugins.switchupgrade.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The config.xml the test posts: well-formed, and the Jenkinsfile in it is the page's, byte for byte. */
class JobConfigsTest {

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void thePipelineJobCarriesTheDocumentedJenkinsfileUnchanged() throws Exception {
        DocumentedSources docs = DocumentedSources.ofThisProject();
        for (String jenkinsfile : new String[] {docs.storyAJenkinsfile(), docs.storyBJenkinsfile()}) {
            Document job = parse(JobConfigs.pipeline(jenkinsfile, Map.of("DATACENTER", "lab1"),
                    Map.of("FIX_MAC_RETENTION", false)));
            assertEquals(jenkinsfile, job.getElementsByTagName("script").item(0).getTextContent());
            assertEquals("DATACENTER", job.getElementsByTagName("name").item(0).getTextContent());
            assertEquals(2, job.getElementsByTagName("defaultValue").getLength());
        }
    }

    @Test
    void theFreestyleJobHasTheRoundStepAndTheLockOnlyWhenAsked() throws Exception {
        JobConfigs.Round round = new JobConfigs.Round("lab1", "leaf", "5.9.1", "5.10.0", 1, 1, 1, 60, 120);
        Document locked = parse(JobConfigs.freestyle("mgmt", "switch-upgrade-lab1", "H 2 * * 1-5", round));
        assertEquals("switch-upgrade-lab1", locked.getElementsByTagName("resourceNames").item(0).getTextContent());
        assertEquals("120", locked.getElementsByTagName("settleSeconds").item(0).getTextContent());
        assertEquals("mgmt", locked.getElementsByTagName("assignedNode").item(0).getTextContent());
        Document unlocked = parse(JobConfigs.freestyle("mgmt", null, "H 2 * * 1-5", round));
        assertEquals(0, unlocked.getElementsByTagName("resourceNames").getLength());
    }
}
