#!/usr/bin/env bash
# Start-up of the command line against a script doing the seed's queries (docs/benchmarks.md, "Start-up"):
# starts a lab of the seed's size (35 racks x 2 leaves + 4 spines), then times, N runs each,
#   --help and plan with plain `java -jar`, the same through scripts/switch-upgrade (class-data sharing archive
#   and JIT flags), and a Python script asking Prometheus the seed's queries (inventory, then the three metrics
#   of the candidate and of its sibling, one switch per query).
# Usage: bash scripts/bench-startup.sh [RUNS]   (default 10; needs cli/target/switch-upgrade.jar, python3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
jar=cli/target/switch-upgrade.jar
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -DskipTests package" >&2; exit 2; }
work="$(mktemp -d)"
export SWITCH_UPGRADE_CACHE="$work/cache"
echo "Starting a 74-switch lab in $work ..."
java -jar "$jar" lab --racks 35 --spines 4 --state-dir "$work/lab" > "$work/lab.log" 2>&1 &
lab=$!
trap 'kill "$lab" 2>/dev/null; wait "$lab" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Lab up" "$work/lab.log" && break; sleep 1; done
grep -q "Lab up" "$work/lab.log" || { echo "the lab did not start:"; cat "$work/lab.log"; exit 1; }
prom="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["prometheusUrl"])' "$work/lab/lab.json")"
echo "Prometheus $prom; load average $(cut -d' ' -f1-3 /proc/loadavg)"

cat > "$work/seed.py" <<'PY'
# The seed's way: list the switches on the from-version, pick one at random, then ask the three metrics of the
# candidate and of its sibling one switch and one metric per query.
import json, random, sys, urllib.parse, urllib.request
prom = sys.argv[1]
def query(q):
    data = urllib.parse.urlencode({"query": q}).encode()
    with urllib.request.urlopen(prom + "/api/v1/query", data) as r:
        return json.load(r)["data"]["result"]
leaves = [s["metric"] for s in query('fabric_switch_os_info{datacenter="lab1",role="leaf",version="5.9.1"}')]
c = random.choice(leaves)
sib = [s for s in leaves if s["rack"] == c["rack"] and s["pod"] == c["pod"] and s["instance"] != c["instance"]]
pre = {}
for name in [c["instance"]] + [s["instance"] for s in sib]:
    pre[name] = {
        "bgp_peer_status": query('count(fabric_switch_bgp_peer_status{instance=~"%s"} == 0)' % name),
        "interface_link_status": query('count(fabric_switch_interface_link_status{instance=~"%s"} == 2)' % name),
        "health_global_status": query('fabric_switch_health_global_status{instance=~"%s"} == 0' % name)}
print("Cross-checking switch metrics with sibling switch:", " ".join(pre))
PY
for _ in $(seq 1 60); do
  n="$(python3 - "$prom" <<'PY'
import json, sys, urllib.parse, urllib.request
q = urllib.parse.urlencode({"query": "count(fabric_switch_os_info)"}).encode()
r = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/query", q))["data"]["result"]
print(r[0]["value"][1] if r else 0)
PY
)"
  [ "$n" = "74" ] && break; sleep 1
done

plan=(plan --prometheus="$prom" --datacenter=lab1 --role=leaf --from-version=5.9.1 --report-dir="$work/report")
measure() { # label, then the command; prints median and min wall ms over $runs runs, and the peak RSS
  local label="$1"; shift
  local times=() rss=0
  for _ in $(seq 1 "$runs"); do
    local start end kib
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/rss" "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    kib=$(tail -1 "$work/rss"); [ "$kib" -gt "$rss" ] && rss=$kib
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  printf '%-44s median %5d ms  min %5d ms  peak RSS %4d MiB\n' "$label" "${sorted[$(( runs / 2 ))]}" "${sorted[0]}" $(( rss / 1024 ))
}
echo "$runs runs each:"
measure "java -jar switch-upgrade.jar --help" java -jar "$jar" --help
scripts/switch-upgrade --help > /dev/null   # the first run writes the class-data sharing archive
measure "scripts/switch-upgrade --help (CDS + flags)" scripts/switch-upgrade --help
measure "java -jar switch-upgrade.jar plan" java -jar "$jar" "${plan[@]}"
scripts/switch-upgrade "${plan[@]}" > /dev/null || true
measure "scripts/switch-upgrade plan (CDS + flags)" scripts/switch-upgrade "${plan[@]}"
SWITCH_UPGRADE_CDS=0 measure "scripts/switch-upgrade plan (flags, no CDS)" scripts/switch-upgrade "${plan[@]}"
measure "python3 seed-style plan (7 queries)" python3 "$work/seed.py" "$prom"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
