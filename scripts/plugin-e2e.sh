#!/usr/bin/env bash
# The plugin in a real Jenkins (docs/plugin/testing.md): builds the .hpi, then runs plugin-e2e/'s tests, which start
# the Jenkins war of JENKINS_WAR with the plugins of JENKINS_PLUGINS_DIR against the lab.
#   JENKINS_WAR=/path/to/jenkins.war JENKINS_PLUGINS_DIR=/path/to/plugins bash scripts/plugin-e2e.sh
# MAVEN_ARGS: extra Maven arguments for the .hpi build (e.g. a settings file or local repository that has the
# Jenkins artifacts). E2E_TESTS: which test classes to run (default: all of plugin-e2e).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "plugin-e2e: $*" >&2
  echo "plugin-e2e: see docs/plugin/testing.md" >&2
  exit 2
}

[ -n "${JENKINS_WAR:-}" ] || fail "JENKINS_WAR is not set: it must name the Jenkins war to run (e.g. jenkins.war 2.541.3)."
[ -f "$JENKINS_WAR" ] || fail "JENKINS_WAR=$JENKINS_WAR is not a file."
[ -n "${JENKINS_PLUGINS_DIR:-}" ] || fail "JENKINS_PLUGINS_DIR is not set: it must name a directory of the plugins in plugin-e2e/plugins.txt (*.jpi or *.hpi)."
[ -d "$JENKINS_PLUGINS_DIR" ] || fail "JENKINS_PLUGINS_DIR=$JENKINS_PLUGINS_DIR is not a directory."
if ! compgen -G "$JENKINS_PLUGINS_DIR/*.[jh]pi" > /dev/null; then
  fail "JENKINS_PLUGINS_DIR=$JENKINS_PLUGINS_DIR holds no *.jpi or *.hpi."
fi
export JENKINS_WAR JENKINS_PLUGINS_DIR

# Maven 3.9 itself appends $MAVEN_ARGS to every run: they are for the .hpi build only, so they are taken out of the
# environment and given to that build alone (the tests' build needs Maven Central, not the Jenkins artifacts)
hpi_args="${MAVEN_ARGS:-}"
unset MAVEN_ARGS

echo "plugin-e2e: building the plugin (.hpi)"
# shellcheck disable=SC2086 # a list of arguments
mvn -B -ntp -P jenkins -pl plugin -am package -DskipTests $hpi_args
hpi=plugin/target/switch-upgrade.hpi
[ -f "$hpi" ] || fail "the build wrote no $hpi."
export SWITCH_UPGRADE_HPI="$PWD/$hpi"

echo "plugin-e2e: running the end-to-end tests against $JENKINS_WAR"
# -Dtest keeps the upstream modules' own tests out; the e2e tests fail (never skip) without a war
exec mvn -B -ntp -P e2e -pl plugin-e2e -am verify \
  -Dtest="${E2E_TESTS:-DocumentedSourcesTest,JobConfigsTest,HeadlessChromiumTest,PluginE2eScriptTest,SwitchUpgradeInJenkinsTest}" -Dsurefire.failIfNoSpecifiedTests=false
