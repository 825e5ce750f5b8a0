#!/usr/bin/env bash
# The main job: a rolling upgrade of a simulated fabric (real SSH servers, exporters, Prometheus, Alertmanager).
# Arguments go to `switch-upgrade demo`, e.g. --racks 4 --fault leaf-r2-p1-pod1=bgp-loss.
# The report goes to target/switch-upgrade-report/; the working copy stays as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if [ ! -f cli/target/switch-upgrade.jar ] || [ -n "$(find engine/src lab/src cli/src -newer cli/target/switch-upgrade.jar -print -quit)" ]; then
  echo "Building cli/target/switch-upgrade.jar (mvn -DskipTests package; a few minutes the first time) ..."
  started=$SECONDS
  # one line per module and the verdict, instead of Maven's full log or nothing at all
  mvn -B -ntp -DskipTests package 2>&1 | grep --line-buffered -E '^\[INFO\] Building .*\[[0-9]+/[0-9]+\]$|BUILD|ERROR|FATAL' \
    | sed -u -e 's/^\[INFO\] /  /'
  echo "Built in $((SECONDS - started)) s."
fi
exec java -jar cli/target/switch-upgrade.jar demo "$@"
