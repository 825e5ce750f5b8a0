package io.jenkins.plugins.switchupgrade.fleet;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwitchNamingTest {
    @Test
    void derivesRackPositionAndPodFromTheSeedsNames() {
        SwitchNaming.Parts parts = SwitchNaming.defaults().parse("leaf-r32-p1-pod1").orElseThrow();
        assertEquals(new SwitchNaming.Parts("leaf", "1", "32", 1), parts);
        assertEquals("spine", SwitchNaming.defaults().parse("spine-s2-pod3").orElseThrow().role());
    }

    @Test
    void unknownNamesGiveNothing() {
        assertTrue(SwitchNaming.defaults().parse("core-router-1").isEmpty());
        assertTrue(SwitchNaming.defaults().parse("leaf-r32-p3-pod1").isEmpty());
    }

    @Test
    void sitePatternsUseNamedGroups() {
        SwitchNaming naming = new SwitchNaming(List.of("(?<pod>[a-z]+)(?<rack>\\d{2})(?<position>[ab])-(?<role>leaf)"));
        SwitchNaming.Parts parts = naming.parse("fra07a-leaf").orElseThrow();
        assertEquals("fra", parts.pod());
        assertEquals("07", parts.rack());
        assertEquals(0, parts.position(), "a non-numeric position is unknown, not a crash");
    }

    @Test
    void refusesBrokenPatterns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SwitchNaming(List.of("(")));
        assertTrue(e.getMessage().contains("not a valid regular expression"), e.getMessage());
    }

    @Test
    void siblingsShareRackPodAndRole() {
        Switch a = Switch.builder("leaf-r1-p1-pod1").datacenter("dc").pod("1").rack("1").position(1).role(Role.LEAF).build();
        Switch b = a.toBuilder().name("leaf-r1-p2-pod1").position(2).build();
        Switch c = a.toBuilder().name("leaf-r2-p1-pod1").rack("2").build();
        assertTrue(a.isSiblingOf(b));
        assertTrue(!a.isSiblingOf(c));
        assertTrue(!a.isSiblingOf(a));
    }
}
