package io.jenkins.plugins.switchupgrade;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The rules of the house, as executable tests. */
class ArchitectureTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        // only the engine's own classes: the lab is on the test class path but is not part of the engine
        engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("switch-upgrade-lab")
                        && !location.contains("/lab/target/"))
                .importPackages("io.jenkins.plugins.switchupgrade");
    }

    @Test
    void engineNeverImportsJenkinsTheLabOrTheCli() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..",
                        "org.jenkinsci..", "io.jenkins.plugins.switchupgrade.lab..", "io.jenkins.plugins.switchupgrade.cli..",
                        "io.jenkins.plugins.switchupgrade.jenkins..")
                .check(engine);
    }

    @Test
    void onlyMetricsAndAlertsUseOkHttp() {
        noClasses().that().resideOutsideOfPackages("io.jenkins.plugins.switchupgrade.metrics..",
                        "io.jenkins.plugins.switchupgrade.alerts..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..")
                .check(engine);
    }

    @Test
    void onlySshUsesJsch() {
        noClasses().that().resideOutsideOfPackage("io.jenkins.plugins.switchupgrade.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("com.jcraft.jsch..")
                .check(engine);
    }
}
