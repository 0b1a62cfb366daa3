package io.chute.sink;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.chute.config.ChuteConfig;

class ConfiguredFaultsTest {

    @Test
    void shouldParseTheExampleWhenTheDocShowsIt() {
        String doc = ChuteConfig.definition().configKeys().get(ChuteConfig.TEST_FAULTS_CONFIG).documentation;
        assertTrue(doc.contains(ChuteConfig.TEST_FAULTS_EXAMPLE), doc);
        assertNotSame(InsertFaults.NONE, ConfiguredFaults.parse(ChuteConfig.TEST_FAULTS_EXAMPLE));
    }

    @Test
    void shouldHaveNoFaultsWhenTheValueIsEmpty() {
        assertSame(InsertFaults.NONE, ConfiguredFaults.parse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"crash-after-insert:0.01", "crash-after-insert=often", "crash-later=0.5"})
    void shouldNameTheKeyWhenAnEntryIsMalformed(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfiguredFaults.parse(spec));
        assertTrue(e.getMessage().contains(ChuteConfig.TEST_FAULTS_CONFIG), e.getMessage());
    }
}
