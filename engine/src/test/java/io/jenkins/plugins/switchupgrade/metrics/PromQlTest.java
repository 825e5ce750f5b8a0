package io.jenkins.plugins.switchupgrade.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromQlTest {
    @Test
    void quotesBackslashesQuotesAndNewlines() {
        assertEquals("a\\\\b\\\"c\\nd\\re", PromQl.quote("a\\b\"c\nd\re"));
    }

    @Test
    void injectedQuoteStaysInsideTheStringLiteral() {
        String filled = PromQl.fill("up{instance=\"${switch}\"}", Map.of("switch", "x\"} or vector(1) #"));
        assertEquals("up{instance=\"x\\\"} or vector(1) #\"}", filled);
    }

    @Test
    void alternationEscapesRegexMetacharactersThenTheString() {
        String regex = PromQl.alternation(List.of("leaf-r1.p1", "a|b", "x\"}"));
        assertEquals("leaf-r1\\.p1|a\\|b|x\"\\}", regex);
        String filled = PromQl.fill("up{instance=~\"${switches}\"}", Map.of("switches", regex));
        assertEquals("up{instance=~\"leaf-r1\\\\.p1|a\\\\|b|x\\\"\\\\}\"}", filled);
    }

    @Test
    void refusesAnEmptySwitchList() {
        assertThrows(IllegalArgumentException.class, () -> PromQl.alternation(List.of()));
    }

    @Test
    void refusesPlaceholdersOutsideQuotes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PromQl.requireQuotedPlaceholders("inventory", "up{instance=~${switches}}"));
        assertTrue(e.getMessage().contains("outside double quotes"), e.getMessage());
    }

    @Test
    void refusesTemplatesWithUnknownPlaceholders() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PromQl.fill("up{x=\"${rack}\"}", Map.of("switch", "a")));
        assertTrue(e.getMessage().contains("${rack}"), e.getMessage());
    }

    @Test
    void addsMatchersOnlyToOnePlainSelector() {
        java.util.Map<String, String> version = java.util.Map.of("version", "5.9.1");
        assertEquals(java.util.Optional.of("fabric_switch_os_info{datacenter=\"dc1\",version=\"5.9.1\"}"),
                PromQl.withMatchers("fabric_switch_os_info{datacenter=\"dc1\"}", version));
        assertEquals(java.util.Optional.of("m{a=\"}{\",version=\"5.9.1\"}"), PromQl.withMatchers("m{a=\"}{\"}", version),
                "braces inside a quoted value are the value's");
        assertEquals(java.util.Optional.of("m{version=\"\\\"x\"}"), PromQl.withMatchers("m{}",
                java.util.Map.of("version", "\"x")), "values are escaped");
        assertEquals(java.util.Optional.empty(), PromQl.withMatchers("up{a=\"x\"} or foo{b=\"y\"}", version));
        assertEquals(java.util.Optional.empty(), PromQl.withMatchers("max by (instance) (m{a=\"x\"})", version));
        assertEquals(java.util.Optional.empty(), PromQl.withMatchers("m{a=\"x}", version));
    }
}
