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
}
