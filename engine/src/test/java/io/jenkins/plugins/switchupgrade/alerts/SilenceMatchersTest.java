package io.jenkins.plugins.switchupgrade.alerts;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the silence matchers teams write, and refusing those that would mute more than the switch. */
class SilenceMatchersTest {

    @Test
    void readsOneSilencePerLineWithRegexAndNegatedMatchers() {
        SilenceMatchers matchers = SilenceMatchers.parse("""
                # the switch's own alerts, whatever port the exporter has
                instance=~"{switch}(:\\d+)?"

                {alertname="BGPPeerDown", peer="{switch}", severity!="info", job!~"test.*"}
                """);

        assertEquals(2, matchers.silences().size());
        assertEquals(List.of(new SilenceMatchers.Matcher("instance", "{switch}(:\\d+)?", true, true)),
                matchers.silences().get(0).matchers());
        assertEquals(List.of(new SilenceMatchers.Matcher("alertname", "BGPPeerDown", false, true),
                        new SilenceMatchers.Matcher("peer", "{switch}", false, true),
                        new SilenceMatchers.Matcher("severity", "info", false, false),
                        new SilenceMatchers.Matcher("job", "test.*", true, false)),
                matchers.silences().get(1).matchers());
        assertEquals(matchers, SilenceMatchers.parse(matchers.toText()), matchers.toText());
    }

    @Test
    void aDoubledBackslashReadsLikeASingleOne() {
        assertEquals(SilenceMatchers.parse("instance=~\"{switch}(:\\d+)?\""),
                SilenceMatchers.parse("instance=~\"{switch}(:\\\\d+)?\""));
    }

    @Test
    void theSwitchNameIsLiteralInEqualsAndEscapedInRegexMatchers() {
        SilenceMatchers matchers = SilenceMatchers.parse(List.of("instance=~\"{switch}(:\\d+)?\"", "peer=\"{switch}\""));
        assertEquals(Map.of("name", "instance", "value", "leaf\\.r1\\(x\\)(:\\d+)?", "isRegex", true, "isEqual", true),
                matchers.silences().get(0).matchers().get(0).toApi("leaf.r1(x)"));
        assertEquals(Map.of("name", "peer", "value", "leaf.r1(x)", "isRegex", false, "isEqual", true),
                matchers.silences().get(1).matchers().get(0).toApi("leaf.r1(x)"));
    }

    @Test
    void theDefaultIsTheLiteralInstanceLabel() {
        assertEquals(SilenceMatchers.parse("instance=\"{switch}\""), SilenceMatchers.defaults());
        assertEquals("instance=\"{switch}\"", SilenceMatchers.defaults().toText());
    }

    @Test
    void aSilenceThatDoesNotNameTheSwitchIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SilenceMatchers.parse("alertname=\"BGPPeerDown\""));
        assertTrue(e.getMessage().contains("does not name the switch: it would mute the alerts of every switch"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SilenceMatchers.parse("instance!=\"{switch}\""));
        assertTrue(e.getMessage().contains("does not name the switch"), e.getMessage());
    }

    @Test
    void aRegexThatWouldMuteOtherSwitchesIsRefused() {
        for (String wide : List.of("instance=~\"{switch}.*\"", "instance=~\".*{switch}\"", "instance=~\"({switch})?\"",
                "instance=~\"{switch}|.*\"")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SilenceMatchers.parse(wide), wide);
            assertTrue(e.getMessage().contains("would also mute alerts of"), e.getMessage());
        }
    }

    @Test
    void badSyntaxSaysHowToWriteIt() {
        for (String bad : List.of("instance", "instance={switch}", "instance=\"{switch}", "in-stance=\"{switch}\"",
                "instance=\"{switch}\" peer=\"{switch}\"", "instance=~\"{switch}(\"", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SilenceMatchers.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().contains("instance=~\"{switch}(:\\d+)?\""), bad + ": " + e.getMessage());
        }
    }
}
