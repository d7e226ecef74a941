# Shared helpers for the benchmark scripts: build the jar once, start Coffer on a free port with
# an empty storage folder, stop it on exit. Source it; do not run it.

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_jar: the server jar (BENCH_JAR when set, to compare a build kept aside), built when stale
bench_jar() {
  local jar
  if [ -n "${BENCH_JAR:-}" ]; then
    echo "$BENCH_JAR"
    return
  fi
  jar=$(ls target/coffer-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
  if [ -z "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
    ./mvnw -q -B -DskipTests package >&2
    jar=$(ls target/coffer-*.jar | grep -v plain | head -n 1)
  fi
  echo "$jar"
}

# bench_start_coffer HEAP [extra args...]: sets COFFER_PORT, COFFER_URL, COFFER_PID, BENCH_DIR
# (a BENCH_DIR already set is kept, so a restart after bench_stop_coffer finds the same storage)
bench_start_coffer() {
  local heap=$1
  shift
  local jar java
  jar=$(bench_jar)
  java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  BENCH_DIR=${BENCH_DIR:-$(mktemp -d /tmp/coffer-bench.XXXXXX)}
  COFFER_PORT=$(bench_free_port)
  COFFER_URL="http://127.0.0.1:$COFFER_PORT"
  BENCH_ADMIN_PASSWORD="bench-admin-password"
  "$java" "-Xmx$heap" -jar "$jar" \
    --server.address=127.0.0.1 --server.port="$COFFER_PORT" \
    --coffer.storage-dir="$BENCH_DIR/storage" \
    --coffer.accounts.admin-password="$BENCH_ADMIN_PASSWORD" \
    --logging.level.root=WARN "$@" >"$BENCH_DIR/coffer.log" 2>&1 &
  COFFER_PID=$!
  trap bench_cleanup EXIT
  for _ in $(seq 1 360); do  # 3 minutes: a loaded machine starts it slowly
    curl -sf "$COFFER_URL/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$COFFER_PID" 2>/dev/null || { cat "$BENCH_DIR/coffer.log" >&2; return 1; }
    sleep 0.5
  done
  echo "Coffer did not start" >&2
  return 1
}

bench_stop_coffer() {
  kill "$COFFER_PID" 2>/dev/null && wait "$COFFER_PID" 2>/dev/null || true
  COFFER_PID=""
}

bench_cleanup() {
  # wait returns the server's exit status (143 after kill), which must not stop the clean-up.
  if [ -n "${COFFER_PID:-}" ]; then
    kill "$COFFER_PID" 2>/dev/null && wait "$COFFER_PID" 2>/dev/null || true
  fi
  [ -n "${BENCH_EXTRA_CLEANUP:-}" ] && eval "$BENCH_EXTRA_CLEANUP"
  [ -n "${BENCH_DIR:-}" ] && rm -rf "$BENCH_DIR"
  return 0
}

# bench_wrk SECONDS URL [wrk args...]: prints requests/s
bench_wrk() {
  local seconds=$1 url=$2
  shift 2
  wrk -t2 -c32 -d"${seconds}s" "$@" "$url" | awk '/Requests\/sec/ {print $2}'
}

bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}
