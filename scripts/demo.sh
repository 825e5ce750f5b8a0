#!/usr/bin/env bash
# The main job: a rolling upgrade of a simulated fabric (real SSH servers, exporters, Prometheus, Alertmanager).
# Arguments go to `switch-upgrade demo`, e.g. --racks 4 --fault leaf-r2-p1-pod1=bgp-loss.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if [ ! -f cli/target/switch-upgrade.jar ] || [ -n "$(find engine/src lab/src cli/src -newer cli/target/switch-upgrade.jar -print -quit)" ]; then
  mvn -B -ntp -q -DskipTests package
fi
exec java -jar cli/target/switch-upgrade.jar demo "$@"
