#!/usr/bin/env bash
# The test command: installs what the tests run against (real Prometheus, Alertmanager, OpenSSH server), then
# builds and tests every default module. The Jenkins plugin needs the Jenkins repository: `mvn -P jenkins verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
