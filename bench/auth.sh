#!/usr/bin/env bash
# Basic-auth cost: requests/s of GET /api/v1/me with Basic credentials against the public
# /actuator/health, from one run (wrk, 32 connections, 10 s each after a warm-up).
# Bar (issue 2): /me with Basic >= 0.5x health. Set JAVA_HOME to pick the JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

bench_start_coffer 512m
basic="Authorization: Basic $(printf 'admin:%s' "$BENCH_ADMIN_PASSWORD" | base64 -w0)"

bench_wrk 5 "$COFFER_URL/actuator/health" >/dev/null
bench_wrk 5 "$COFFER_URL/api/v1/me" -H "$basic" >/dev/null

health=$(bench_wrk 10 "$COFFER_URL/actuator/health")
me=$(bench_wrk 10 "$COFFER_URL/api/v1/me" -H "$basic")
java_version=$(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -n 1)

echo "java: $java_version"
echo "GET /actuator/health           req/s: $health"
echo "GET /api/v1/me (Basic auth)    req/s: $me"
echo "ratio me/health: $(bench_ratio "$me" "$health") (bar: >= 0.5)"
