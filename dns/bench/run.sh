#!/usr/bin/env bash
# Benchmark: dnsperf against Flotilla's DNS and, in the same run, against NSD serving the same records as a static
# zone. Prints queries per second (maximum rate) and latency percentiles (at a fixed rate, from dnsperf -v).
# Needs Debian's dnsperf and nsd (apt-get install dnsperf nsd). Usage: dns/bench/run.sh [seconds] [fixed-qps]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECONDS_PER_RUN="${1:-10}"
FIXED_QPS="${2:-20000}"
SERVICES=1000
OUT="$(mktemp -d)"
FLOTILLA_PORT=15353
NSD_PORT=15354
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$OUT"
}
trap cleanup EXIT

cd "$ROOT"
./mvnw -o -q -B -pl dns test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP="dns/target/test-classes:dns/target/classes:$(cat "$OUT/cp.txt")"
java -Xms256m -Xmx256m -XX:+UseParallelGC -cp "$CP" dev.flotilla.dns.bench.DnsBenchServer \
  "$FLOTILLA_PORT" "$SERVICES" "$OUT" 2 > "$OUT/flotilla.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q ready "$OUT/flotilla.log" 2>/dev/null && break; sleep 0.2; done
cat "$OUT/flotilla.log"

# NSD with response-rate limiting off (its default limits a client to 200 answers/s), one server process.
cat > "$OUT/nsd.conf" <<NSD
server:
  ip-address: 127.0.0.1@$NSD_PORT
  server-count: 1
  username: ""
  zonesdir: "$OUT"
  database: ""
  zonelistfile: "$OUT/zone.list"
  xfrdfile: "$OUT/xfrd.state"
  pidfile: "$OUT/nsd.pid"
  logfile: "$OUT/nsd.log"
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: flotilla.internal
  zonefile: flotilla.internal.zone
NSD
nsd -d -c "$OUT/nsd.conf" &
PIDS+=($!)
sleep 1
dig @127.0.0.1 -p "$NSD_PORT" +short web.ns0.flotilla.svc.flotilla.internal >/dev/null || true

percentiles() { # per-query latencies (seconds, last field of dnsperf -v lines) → p50 p99 p99.9 in ms
  awk '$1 == ">" {print $NF}' "$1" | sort -g | awk '{a[NR]=$1} END {
    if (NR == 0) {print "no samples"; exit}
    printf "p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  (%d samples)\n",
      a[int(NR*0.5)+1]*1000, a[int(NR*0.99)+1]*1000, a[int(NR*0.999)+1]*1000, NR}'
}

for target in "flotilla:$FLOTILLA_PORT" "nsd:$NSD_PORT"; do
  name="${target%%:*}"; port="${target##*:}"
  echo "== $name: maximum rate, ${SECONDS_PER_RUN}s"
  dnsperf -s 127.0.0.1 -p "$port" -d "$OUT/queries.txt" -l "$SECONDS_PER_RUN" -c 8 -T 2 -q 200 \
    | grep -E "Queries (sent|completed|lost)|Queries per second|Average Latency|Response codes"
  echo "== $name: fixed ${FIXED_QPS} qps, ${SECONDS_PER_RUN}s"
  dnsperf -s 127.0.0.1 -p "$port" -d "$OUT/queries.txt" -l "$SECONDS_PER_RUN" -c 8 -T 2 -Q "$FIXED_QPS" -v \
    > "$OUT/$name.fixed" 2>&1 || true
  grep -E "Queries per second|Queries lost" "$OUT/$name.fixed" || true
  percentiles "$OUT/$name.fixed"
done
