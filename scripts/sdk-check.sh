#!/usr/bin/env bash
# The SDK as a user gets it: builds and installs it with the README's command, starts the server
# jar on a free port with an empty storage folder, runs sdk/example (a program on the installed
# jar: nested upload, list, download to a file, encrypt, decrypt, a typed error) against it and
# stops the server. Exit status 0 only when every check passed. Builds the server jar if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -ntp -f sdk/pom.xml install

JAR=$(ls target/coffer-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -ntp -q -DskipTests package
  JAR=$(ls target/coffer-*.jar | grep -v plain | head -n 1)
fi
WORK=$(mktemp -d /tmp/coffer-sdk-check.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export COFFER_URL="http://127.0.0.1:$PORT" COFFER_USER=admin
COFFER_PASSWORD="sdk-check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export COFFER_PASSWORD

COFFER_ADMIN_PASSWORD="$COFFER_PASSWORD" java -jar "$JAR" --server.address=127.0.0.1 \
  --server.port="$PORT" --coffer.storage-dir="$WORK/storage" >"$WORK/coffer.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  curl -sf "$COFFER_URL/actuator/health" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/coffer.log"; echo "the server did not start"; exit 1; }
  sleep 0.5
done
curl -sf "$COFFER_URL/actuator/health" >/dev/null || { tail -n 50 "$WORK/coffer.log"; echo "the server is not healthy"; exit 1; }

./mvnw -B -ntp -q -f sdk/example/pom.xml compile exec:java
