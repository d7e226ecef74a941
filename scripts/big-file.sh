#!/usr/bin/env bash
# Streaming check: runs Coffer with a 128 MiB heap, uploads a 2 GiB file, downloads it again and
# checks that the SHA-256 of what came back, the digest Coffer computed and the original agree.
# Then signs the same file with sign-stream (ECDSA P-256, RSA-PSS, Ed25519ph), checks the first two
# with openssl and all three with verify-stream. A server that held a file in memory could not
# survive this.
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
echo "  $INFO"

# sign-stream over the whole file at constant memory; openssl checks what it can (Debian's openssl
# 3.0 has no Ed25519ph, so that one is checked by verify-stream only)
J=(-u big:big-file-password -H 'Content-Type: application/json')
S=(-u big:big-file-password -H 'Content-Type: application/octet-stream')
for TYPE in ecdsa-p256 rsa-3072 ed25519; do
  curl -sf "${J[@]}" -d "{\"name\":\"$TYPE\",\"type\":\"$TYPE\"}" "$C/keys" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["publicKey"], end="")' >"$WORK/$TYPE.pub.pem"
  START=$(date +%s.%N)
  SIG=$(curl -sf "${S[@]}" -X POST -T "$WORK/big.bin" "$C/keys/$TYPE/sign-stream" \
    | sed -E 's/.*"signature":"([^"]+)".*/\1/')
  SIGNED=$(date +%s.%N)
  echo "$SIG" | sed 's/^coffer:v[0-9]*://' | base64 -d >"$WORK/$TYPE.sig"
  case $TYPE in
    ecdsa-p256) openssl dgst -sha256 -verify "$WORK/$TYPE.pub.pem" -signature "$WORK/$TYPE.sig" "$WORK/big.bin" ;;
    rsa-3072) openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 \
      -sigopt rsa_mgf1_md:sha256 -verify "$WORK/$TYPE.pub.pem" -signature "$WORK/$TYPE.sig" "$WORK/big.bin" ;;
    ed25519) echo "(Ed25519ph: no openssl check on 3.0)" ;;
  esac
  CHECKED=$(date +%s.%N)
  VALID=$(curl -sf "${S[@]}" -H "Coffer-Signature: $SIG" -X POST -T "$WORK/big.bin" \
    "$C/keys/$TYPE/verify-stream")
  VERIFIED=$(date +%s.%N)
  [ "$VALID" = '{"valid":true}' ] || { echo "FAIL: verify-stream with $TYPE said $VALID"; exit 1; }
  python3 -c "import sys; s,a,b,c=map(float,sys.argv[1:5]); m=$SIZE_MB; print(f'  {sys.argv[5]}: sign-stream {a-s:.1f} s ({m/(a-s):.0f} MiB/s), openssl {b-a:.1f} s, verify-stream {c-b:.1f} s ({m/(c-b):.0f} MiB/s)')" \
    "$START" "$SIGNED" "$CHECKED" "$VERIFIED" "$TYPE"
done
rm "$WORK/big.bin"
echo "download"
GOT=$(curl -sf -u big:big-file-password "$C/files/big/big.bin" | sha256sum | cut -d' ' -f1)
STORED=$(echo "$INFO" | sed -E 's/.*"sha256":"([0-9a-f]+)".*/\1/')

grep -E 'dev.coffer.files.transfer' "$WORK/coffer.log" | sed 's/.*dev.coffer.files.transfer *: /  log: /'
kill -0 "$PID" || { echo "FAIL: the server died"; exit 1; }
echo "original  $SUM"
echo "coffer    $STORED"
echo "download  $GOT"
if [ "$SUM" = "$GOT" ] && [ "$SUM" = "$STORED" ]; then
  echo "OK: ${SIZE_MB} MiB up and down intact and signed with a 128 MiB heap"
else
  echo "FAIL: digests differ"
  exit 1
fi
