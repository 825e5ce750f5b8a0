package io.jenkins.plugins.switchupgrade;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
                .because("the engine builds and is tested from Maven Central alone; the hosts depend on it, never "
                        + "the other way round")
                .check(engine);
    }

    @Test
    void onlyMetricsAndAlertsUseOkHttp() {
        noClasses().that().resideOutsideOfPackages("io.jenkins.plugins.switchupgrade.metrics..",
                        "io.jenkins.plugins.switchupgrade.alerts..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..")
                .because("HTTP (timeouts, redaction of secrets in URLs) is handled in one place per service")
                .check(engine);
    }

    @Test
    void onlySshUsesJsch() {
        noClasses().that().resideOutsideOfPackage("io.jenkins.plugins.switchupgrade.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("com.jcraft.jsch..")
                .because("host-key checking, timeouts and cancellation of SSH live in one package")
                .check(engine);
    }

    @Test
    void slicesAreFreeOfCycles() {
        slices().matching("io.jenkins.plugins.switchupgrade.(*)..").should().beFreeOfCycles()
                .because("each room can be read, tested and changed from the rooms below it alone")
                .check(engine);
    }

    @Test
    void coreAndLifecycleSitBelowTheFacadesAndTheRound() {
        noClasses().that().resideInAnyPackage("io.jenkins.plugins.switchupgrade.core..",
                        "io.jenkins.plugins.switchupgrade.lifecycle..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jenkins.plugins.switchupgrade.steps..",
                        "io.jenkins.plugins.switchupgrade.campaign..")
                .because("the safe disruption and the lifecycle are what the Pipeline steps and the round share; "
                        + "they must not know either")
                .check(engine);
    }

    @Test
    void theFacadesDoNotUseTheRound() {
        noClasses().that().resideInAPackage("io.jenkins.plugins.switchupgrade.steps..")
                .should().dependOnClassesThat().resideInAPackage("io.jenkins.plugins.switchupgrade.campaign..")
                .because("the round composes the step functions; a step that called back into the round would "
                        + "make the two one tangle again")
                .check(engine);
    }
}
