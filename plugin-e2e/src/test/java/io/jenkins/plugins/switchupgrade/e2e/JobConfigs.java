package io.jenkins.plugins.switchupgrade.e2e;

import java.util.Map;

/** The config.xml of the jobs the test creates with {@code createItem}, as Jenkins itself writes them. */
final class JobConfigs {

    private JobConfigs() {}

    /**
     * A Pipeline job running {@code jenkinsfile} in the sandbox, with string parameters (name to default) and boolean
     * ones declared before its first build, so that {@code buildWithParameters} can pass them on the first run.
     */
    static String pipeline(String jenkinsfile, Map<String, String> strings, Map<String, Boolean> booleans) {
        StringBuilder parameters = new StringBuilder();
        strings.forEach((name, value) -> parameters.append("""
                        <hudson.model.StringParameterDefinition>
                          <name>%s</name>
                          <defaultValue>%s</defaultValue>
                          <trim>false</trim>
                        </hudson.model.StringParameterDefinition>
                """.formatted(xml(name), xml(value))));
        booleans.forEach((name, value) -> parameters.append("""
                        <hudson.model.BooleanParameterDefinition>
                          <name>%s</name>
                          <defaultValue>%s</defaultValue>
                        </hudson.model.BooleanParameterDefinition>
                """.formatted(xml(name), value)));
        String properties = parameters.isEmpty() ? "" : """
                    <hudson.model.ParametersDefinitionProperty>
                      <parameterDefinitions>
                %s      </parameterDefinitions>
                    </hudson.model.ParametersDefinitionProperty>
                """.formatted(parameters);
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition plugin="workflow-job">
                  <keepDependencies>false</keepDependencies>
                  <properties>
                %s  </properties>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition" plugin="workflow-cps">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                  <disabled>false</disabled>
                </flow-definition>
                """.formatted(properties, xml(jenkinsfile));
    }

    /** The freestyle job of story A: restricted to {@code label}, optionally holding {@code lock}, one round step. */
    static String freestyle(String label, String lock, String cron, Round round) {
        String lockProperty = lock == null ? "" : """
                    <org.jenkins.plugins.lockableresources.RequiredResourcesProperty plugin="lockable-resources">
                      <resourceNames>%s</resourceNames>
                    </org.jenkins.plugins.lockableresources.RequiredResourcesProperty>
                """.formatted(xml(lock));
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <project>
                  <keepDependencies>false</keepDependencies>
                  <properties>
                %s  </properties>
                  <assignedNode>%s</assignedNode>
                  <canRoam>false</canRoam>
                  <disabled>false</disabled>
                  <triggers>
                    <hudson.triggers.TimerTrigger>
                      <spec>%s</spec>
                    </hudson.triggers.TimerTrigger>
                  </triggers>
                  <concurrentBuild>false</concurrentBuild>
                  <builders>
                    <io.jenkins.plugins.switchupgrade.jenkins.UpgradeRoundBuilder plugin="switch-upgrade">
                      <datacenter>%s</datacenter>
                      <role>%s</role>
                      <fromVersion>%s</fromVersion>
                      <toVersion>%s</toVersion>
                      <position>%d</position>
                      <maxSwitches>%d</maxSwitches>
                      <parallelRacks>%d</parallelRacks>
                      <silenceMinutes>%d</silenceMinutes>
                      <settleSeconds>%d</settleSeconds>
                      <resumeInFlight>false</resumeInFlight>
                    </io.jenkins.plugins.switchupgrade.jenkins.UpgradeRoundBuilder>
                  </builders>
                  <publishers/>
                  <buildWrappers/>
                </project>
                """.formatted(lockProperty, xml(label), xml(cron), xml(round.datacenter()), xml(round.role()),
                xml(round.fromVersion()), xml(round.toVersion()), round.position(), round.maxSwitches(),
                round.parallelRacks(), round.silenceMinutes(), round.settleSeconds());
    }

    /** The fields of the build step "Upgrade a round of switches". */
    record Round(String datacenter, String role, String fromVersion, String toVersion, int position, int maxSwitches,
            int parallelRacks, int silenceMinutes, int settleSeconds) {
    }

    static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
