package io.chute;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The package layering of ARCHITECTURE.md, checked on the app's main classes (bytecode, so inline names and
 * same-named imports cannot hide a dependency). A lower package never imports a higher one.
 */
class LayeringTest {

    private static final List<String> BOTTOM = List.of("retry", "config", "block", "serde", "dlq");
    private static final List<String> MIDDLE = List.of("validation", "mapping", "routing", "metrics", "state");

    /**
     * Package -> the packages it may import (besides itself and its own subpackages). The bottom packages may use
     * each other (the cycle rule keeps that one-way); the middle ones only the bottom; then sink, topology, and on
     * top ops, app (wiring, may use ops) and cli (may use everything). ops must not import app.
     */
    private static final Map<String, List<String>> MAY_IMPORT = mayImport();

    private static final JavaClasses CHUTE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.chute")
            .that(not(resideInAPackage("io.chute.localstack..")));

    private static Map<String, List<String>> mayImport() {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        for (String p : BOTTOM) {
            rules.put(p, BOTTOM);
        }
        for (String p : MIDDLE) {
            rules.put(p, BOTTOM);
        }
        rules.put("sink", concat(BOTTOM, MIDDLE));
        rules.put("topology", concat(BOTTOM, MIDDLE, List.of("sink")));
        rules.put("ops", concat(BOTTOM, MIDDLE, List.of("sink", "topology")));
        rules.put("app", concat(BOTTOM, MIDDLE, List.of("sink", "topology", "ops")));
        rules.put("cli", concat(BOTTOM, MIDDLE, List.of("sink", "topology", "ops", "app")));
        return rules;
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private static String layer(String pkg) {
        return Character.toUpperCase(pkg.charAt(0)) + pkg.substring(1);
    }

    @Test
    void shouldFindNoCycleWhenSlicingByTopLevelPackage() {
        slices().matching("io.chute.(*)..").should().beFreeOfCycles().check(CHUTE);
    }

    @Test
    void shouldImportOnlyLowerPackagesWhenCheckingEveryPackageAgainstTheLayering() {
        LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String pkg : MAY_IMPORT.keySet()) {
            layers = layers.layer(layer(pkg)).definedBy("io.chute." + pkg + "..");
        }
        for (Map.Entry<String, List<String>> rule : MAY_IMPORT.entrySet()) {
            String[] allowed = rule.getValue().stream().filter(p -> !p.equals(rule.getKey()))
                    .map(LayeringTest::layer).toArray(String[]::new);
            layers = allowed.length == 0
                    ? layers.whereLayer(layer(rule.getKey())).mayNotAccessAnyLayer()
                    : layers.whereLayer(layer(rule.getKey())).mayOnlyAccessLayers(allowed);
        }
        layers.check(CHUTE);
    }

    @Test
    void shouldImportNoHigherPackageWhenInTheBottomPackages() {
        String[] bottom = BOTTOM.stream().map(p -> "io.chute." + p + "..").toArray(String[]::new);
        String[] above = MAY_IMPORT.keySet().stream().filter(p -> !BOTTOM.contains(p))
                .map(p -> "io.chute." + p + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage(bottom)
                .should().dependOnClassesThat().resideInAnyPackage(above)
                .check(CHUTE);
    }

    @Test
    void shouldPlaceEveryClassInALayerWhenAPackageIsAdded() {
        String[] known = MAY_IMPORT.keySet().stream().map(p -> "io.chute." + p + "..").toArray(String[]::new);
        classes().should().resideInAnyPackage(known)
                .because("a new top-level package needs its place in LayeringTest and ARCHITECTURE.md")
                .check(CHUTE);
    }
}
