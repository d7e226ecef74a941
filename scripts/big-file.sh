#!/usr/bin/env bash
# Streaming check: runs Coffer with a 128 MiB heap, uploads a 2 GiB file, downloads it again and
# checks that the SHA-256 of what came back, the digest Coffer computed and the original agree.
# A server that held a file in memory could not survive this.
#
#   scripts/big-file.sh                       # the JDK on PATH
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java SIZE_MB=2048 scripts/big-file.sh
#   SENDFILE=false scripts/big-file.sh        # download through the memory-mapped path instead
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
SIZE_MB=${SIZE_MB:-2048}
SENDFILE=${SENDFILE:-true}

JAR=$(ls target/coffer-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -q -B -DskipTests package
  JAR=$(ls target/coffer-*.jar | grep -v plain | head -n 1)
fi

WORK=$(mktemp -d /tmp/coffer-big.XXXXXX)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
COFFER_STORAGE_DIR="$WORK/storage" COFFER_ADMIN_PASSWORD=big-file-admin \
  "$JAVA" -Xmx128m -XX:+ExitOnOutOfMemoryError -jar "$JAR" --server.port="$PORT" \
  --coffer.files.sendfile="$SENDFILE" >"$WORK/coffer.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/coffer.log" >&2; exit 1; }
  sleep 0.5
done
C="http://127.0.0.1:$PORT/api/v1"
curl -sf -u admin:big-file-admin -H 'Content-Type: application/json' \
  -d '{"username":"big","password":"big-file-password"}' "$C/users" >/dev/null

echo "writing ${SIZE_MB} MiB of random data"
head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom >"$WORK/big.bin"
SUM=$(sha256sum "$WORK/big.bin" | cut -d' ' -f1)

echo "upload (heap -Xmx128m)"
INFO=$(curl -sf -u big:big-file-password -H "X-Checksum-Sha256: $SUM" -T "$WORK/big.bin" "$C/files/big/big.bin")
rm "$WORK/big.bin"
echo "  $INFO"
echo "download"
GOT=$(curl -sf -u big:big-file-password "$C/files/big/big.bin" | sha256sum | cut -d' ' -f1)
STORED=$(echo "$INFO" | sed -E 's/.*"sha256":"([0-9a-f]+)".*/\1/')

grep -E 'dev.coffer.files.transfer' "$WORK/coffer.log" | sed 's/.*dev.coffer.files.transfer *: /  log: /'
kill -0 "$PID" || { echo "FAIL: the server died"; exit 1; }
echo "original  $SUM"
echo "coffer    $STORED"
echo "download  $GOT"
if [ "$SUM" = "$GOT" ] && [ "$SUM" = "$STORED" ]; then
  echo "OK: ${SIZE_MB} MiB up and down intact with a 128 MiB heap"
else
  echo "FAIL: digests differ"
  exit 1
fi
