#!/usr/bin/env bash
# Smoke test: builds the jar, starts it on a free port with an empty storage folder, runs the
# README's own shell blocks top to bottom (so a cookbook that stops being true fails here), then
# checks what the cookbook does not show (start-up, error statuses, security headers), stops the
# server and prints "N passed, N failed" as its last line. Exit status 0 only when nothing failed.
#
# How README blocks run (see cookbook_script below): every ```bash or ```sh block of README.md runs,
# in order, in one `bash -euo pipefail` shell whose working folder holds storage/ (so
# storage/admin-password is there) and whatever the blocks create; COFFER points at this server;
# curl is wrapped to add --fail-with-body (unless the command already has -f/--fail), so an HTTP
# error fails the block. `<!-- smoke: skip REASON -->` on the line before a fence skips that block;
# lines between `<!-- smoke` and `-->` (hidden when the README is rendered) run as shell too, for
# set-up and assertions. A failure names the README line of the failing command.
#
# SKIP_BUILD=1 uses the jar already in target/; README=path runs another copy of the README.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
README=${README:-$ROOT/README.md}

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok    $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL  $1${2:+: $2}"; }
# expect NAME EXPECTED ACTUAL
expect() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi; }
# expect_match NAME REGEX TEXT
expect_match() { if printf '%s' "$3" | grep -Eq -- "$2"; then pass "$1"; else fail "$1" "'$3' does not match /$2/"; fi; }
# expect_contains NAME STRING TEXT
expect_contains() { if printf '%s' "$3" | grep -Fq -- "$2"; then pass "$1"; else fail "$1" "'$3' does not contain '$2'"; fi; }
# status CURL-ARGS...: the HTTP status only
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# cookbook_script README: a bash script whose line N is README line N when that line is inside a
# runnable block (or a hidden `<!-- smoke` block) and empty otherwise, so $LINENO is the README's
# line number. Fence lines become markers that report each block.
cookbook_script() {
  awk '
    function quote(s) { gsub(/\047/, "", s); return "\047" s "\047" }
    NR == 1 { print ". \"$SMOKE_PRELUDE\""; next }
    fence && $0 ~ "^[ \t]*" fence "[ \t]*$" {
      fence = ""
      print (run ? "__block_done" : "")
      run = 0; next
    }
    fence { print (run ? $0 : ""); next }
    hidden && /^[ \t]*-->[ \t]*$/ { hidden = 0; print ""; next }
    hidden { print; next }
    /^[ \t]*<!-- smoke[ \t]*$/ { hidden = 1; print ""; next }
    match($0, /^[ \t]*(```+|~~~+)/) {
      fence = substr($0, RSTART, RLENGTH); sub(/^[ \t]*/, "", fence)
      lang = substr($0, RSTART + RLENGTH); sub(/^[ \t]*/, "", lang); sub(/[ \t].*/, "", lang)
      if (lang != "bash" && lang != "sh") { run = 0; print ""; }
      else if (skip != "") { run = 0; print "__block_skip " NR " " quote(heading) " " quote(skip) }
      else { run = 1; print "__block " NR " " quote(heading) }
      skip = ""; next
    }
    /^[ \t]*<!-- smoke: skip/ {
      skip = $0; sub(/^[ \t]*<!-- smoke: skip[: \t]*/, "", skip); sub(/[ \t]*-->.*/, "", skip)
      sub(/^\(/, "", skip); sub(/\)$/, "", skip)
      if (skip == "") skip = "no reason given"
      print ""; next
    }
    /^#+ / { heading = $0; sub(/^#+ /, "", heading) }
    /[^ \t]/ { skip = "" }
    { print "" }
    END { if (fence) print "echo \"README: a code block is never closed\" >&2; exit 1" }
  ' "$1"
}

# What every cookbook block can rely on: helpers, the curl wrapper, the failure report.
write_prelude() {
  cat <<'EOF'
__line=0 __heading=prelude
__block() { __line=$1; __heading=$2; echo "--- README.md:$1 ($2)"; }
__block_done() { echo "ok    README.md:$__line ($__heading)" >> "$SMOKE_RESULTS"; }
__block_skip() { echo "skip  README.md:$1 ($2): $3" >> "$SMOKE_RESULTS"; }
# An HTTP error fails the command (and so the block), with the problem+json body in the log.
# (`|| return`: the caller's line fails, where the ERR trap sees it, not this function's.)
curl() {
  local a fail=--fail-with-body
  for a in "$@"; do
    case $a in --fail | --fail-with-body | -[!-]*f*) fail= ;; esac
  done
  command curl -sS ${fail:+"$fail"} "$@" || return
}
# For hidden checks of error paths: expect_status CODE CURL-ARGS...
expect_status() {
  local want=$1 got; shift
  got=$(command curl -s -o /dev/null -w '%{http_code}' "$@") || true
  [ "$got" = "$want" ] || { echo "expected HTTP $want, got $got: curl $*" >&2; return 1; }
}
trap 'echo "FAIL  README.md:$LINENO (block at line $__line, $__heading): $(sed -n "${LINENO}p" "$SMOKE_README")" >> "$SMOKE_RESULTS"' ERR
EOF
}

if [ "${SKIP_BUILD:-}" != 1 ]; then
  ./mvnw -q -B -DskipTests package || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
fi
# the terminal client's cookbook runs the client (built by ./mvnw verify; built here when missing)
if [ ! -f cli/target/coffer-cli.jar ]; then
  ./mvnw -q -B -f cli/pom.xml -DskipTests package || { echo "client build failed"; echo "0 passed, 1 failed"; exit 1; }
fi
JAR=$(ls target/coffer-*.jar | grep -v plain | head -n 1)
WORK=$(mktemp -d /tmp/coffer-smoke.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export COFFER="http://127.0.0.1:$PORT"

java -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --coffer.storage-dir="$WORK/storage" >"$WORK/coffer.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
# A busy machine can take minutes to start it; give up only when it has died or after 5 minutes.
for _ in $(seq 1 600); do
  curl -sf "$COFFER/actuator/health" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.5
done
if ! curl -sf "$COFFER/actuator/health" >/dev/null; then
  tail -n 30 "$WORK/coffer.log"
  echo "the server did not start"; echo "0 passed, 1 failed"; exit 1
fi

# --- start-up: generated admin password, printed once and in a 0600 file ------------------
expect "health is public" 200 "$(status $COFFER/actuator/health)"
expect "admin password file is 0600" 600 "$(stat -c %a "$WORK/storage/admin-password" 2>/dev/null)"
ADMIN_PW="$(cat "$WORK/storage/admin-password")"
expect "generated password logged once" 1 "$(grep -c "$ADMIN_PW" "$WORK/coffer.log")"

# --- the README's blocks, top to bottom -----------------------------------------------------
cookbook_script "$README" >"$WORK/cookbook.sh"
write_prelude >"$WORK/prelude.sh"
: >"$WORK/results"
(cd "$WORK" && COFFER_REPO="$ROOT" SMOKE_PRELUDE="$WORK/prelude.sh" SMOKE_RESULTS="$WORK/results" SMOKE_README="$README" \
  bash -euo pipefail "$WORK/cookbook.sh") >"$WORK/cookbook.log" 2>&1
rc=$?
cat "$WORK/results"
PASSED=$((PASSED + $(grep -c '^ok ' "$WORK/results")))
if [ "$rc" -ne 0 ]; then
  grep -q '^FAIL ' "$WORK/results" || fail "README blocks" "exit status $rc"
  FAILED=$((FAILED + $(grep -c '^FAIL ' "$WORK/results")))
  echo "--- last lines of the cookbook's output"
  tail -n 25 "$WORK/cookbook.log" | cut -c 1-1000 | cat -v
elif ! grep -q '^ok ' "$WORK/results"; then
  fail "README blocks" "no runnable block found in $README"
fi

# --- beyond the cookbook: its own user, so nothing here depends on the README's state ---------
A=(-u admin:"$ADMIN_PW")
J=(-H 'Content-Type: application/json')
expect "create user for checks" 201 "$(status "${A[@]}" "${J[@]}" -d '{"username":"checker","password":"checker password"}' $COFFER/api/v1/users)"
U=(-u checker:'checker password')
TOKEN=$(curl -s "${U[@]}" "${J[@]}" -d '{"name":"checks"}' $COFFER/api/v1/tokens | jq -r .token)
expect_match "token format" '^coffer_' "$TOKEN"
AUTH="Authorization: Bearer $TOKEN"
H=(-H "$AUTH" "${J[@]}")

hdr=$(curl -s -D - -o /dev/null $COFFER/api/v1/me | tr -d '\r')
expect_match "401 is problem+json" 'Content-Type: application/problem\+json' "$hdr"
expect_match "401 has Basic challenge" 'WWW-Authenticate: Basic realm="coffer"' "$hdr"
expect "wrong password is 401" 401 "$(status -u checker:wrong-password $COFFER/api/v1/me)"
expect "non-admin cannot list users" 403 "$(status "${U[@]}" $COFFER/api/v1/users)"
expect "OpenAPI is public" 200 "$(status $COFFER/v3/api-docs)"
expect "Swagger UI is public" 200 "$(status $COFFER/swagger-ui/index.html)"
expect "prometheus for admin" 200 "$(status "${A[@]}" $COFFER/actuator/prometheus)"
expect "prometheus not for users" 403 "$(status -H "$AUTH" $COFFER/actuator/prometheus)"

head -c 300000 /dev/urandom >"$WORK/file"
SUM=$(sha256sum "$WORK/file" | cut -d' ' -f1)
F=$COFFER/api/v1/files/f/file
expect "upload" 201 "$(status -H "$AUTH" -T "$WORK/file" $F)"
expect "If-None-Match: * refuses replace" 412 "$(status -H "$AUTH" -H 'If-None-Match: *' -T "$WORK/file" $F)"
expect "stale If-Match refused" 412 "$(status -H "$AUTH" -H 'If-Match: "stale"' -T "$WORK/file" $F)"
expect "wrong client digest refused" 400 "$(status -H "$AUTH" -H "X-Checksum-Sha256: $(printf '0%.0s' $(seq 64))" -T "$WORK/file" $F)"
expect "download intact" "$SUM" "$(curl -s -H "$AUTH" $F | sha256sum | cut -d' ' -f1)"
hdr=$(curl -s -I -H "$AUTH" $F | tr -d '\r')
expect_match "download is nosniff" 'X-Content-Type-Options: nosniff' "$hdr"
expect_match "download has Content-Disposition" "Content-Disposition: attachment; filename=\"file\"; filename\\*=UTF-8''file" "$hdr"
expect_contains "download has Repr-Digest" "Repr-Digest: sha-256=:$(openssl dgst -sha256 -binary "$WORK/file" | base64):" "$hdr"
expect "unsatisfiable range gives 416" 416 "$(status -H "$AUTH" -H 'Range: bytes=900000-' $F)"
expect "traversal refused" 400 "$(status --path-as-is -H "$AUTH" $COFFER/api/v1/files/f/../../etc/passwd)"
expect "missing file 404" 404 "$(status -H "$AUTH" $COFFER/api/v1/files/f/nothing)"
expect "non-empty folder delete refused" 409 "$(status -H "$AUTH" -X DELETE $COFFER/api/v1/dirs/f)"
expect "copy" 201 "$(status -H "$AUTH" "${J[@]}" -d '{"from":"f/file","to":"g/file"}' $COFFER/api/v1/ops/copy)"
expect "move onto existing refused" 409 "$(status -H "$AUTH" "${J[@]}" -d '{"from":"g/file","to":"f/file"}' $COFFER/api/v1/ops/move)"

TUS=(-H "$AUTH" -H 'Tus-Resumable: 1.0.0')
UPLOAD=$(curl -s -i "${TUS[@]}" -H 'Upload-Length: 300000' -H "Upload-Metadata: path $(printf t/file | base64 -w0)" \
  -X POST $COFFER/api/v1/uploads | tr -d '\r' | sed -n 's/^location: //Ip')
OCT=(-H 'Content-Type: application/offset+octet-stream')
expect "tus wrong offset" 409 "$(status "${TUS[@]}" "${OCT[@]}" -H 'Upload-Offset: 5' -X PATCH -T "$WORK/file" "$UPLOAD")"
expect "tus bad checksum" 460 "$(status "${TUS[@]}" "${OCT[@]}" -H 'Upload-Offset: 0' \
  -H "Upload-Checksum: sha256 $(printf x | openssl dgst -sha256 -binary | base64)" -X PATCH -T "$WORK/file" "$UPLOAD")"
expect "tus without Tus-Resumable" 412 "$(status -H "$AUTH" -I "$UPLOAD")"
expect "tus upload" 204 "$(status "${TUS[@]}" "${OCT[@]}" -H 'Upload-Offset: 0' -X PATCH -T "$WORK/file" "$UPLOAD")"
expect "tus file complete" "$SUM" "$(curl -s -H "$AUTH" $COFFER/api/v1/files/t/file | sha256sum | cut -d' ' -f1)"

expect "create key" 201 "$(status "${H[@]}" -d '{"name":"k"}' $COFFER/api/v1/keys)"
CT=$(curl -s "${H[@]}" -d '{"text":"x","associatedData":"YQ=="}' $COFFER/api/v1/keys/k/encrypt | jq -r .ciphertext)
expect "wrong associated data is one opaque 400" "400 decryption-failed decryption failed" \
  "$(curl -s "${H[@]}" -d "{\"ciphertext\":\"$CT\"}" $COFFER/api/v1/keys/k/decrypt | jq -r '"\(.status) \(.code) \(.detail)"')"
expect "bad base64 names the field" 400 "$(status "${H[@]}" -d '{"plaintext":"!!"}' $COFFER/api/v1/keys/k/encrypt)"
expect "export refused unless exportable" 403 "$(status "${H[@]}" $COFFER/api/v1/keys/k/export)"
expect "another user's key is 404" 404 "$(status "${A[@]}" "${J[@]}" -d '{"text":"x"}' $COFFER/api/v1/keys/k/encrypt)"
expect "delete refused until allowed" 409 "$(status "${H[@]}" -X DELETE $COFFER/api/v1/keys/k)"
expect "create signing key" 201 "$(status "${H[@]}" -d '{"name":"s","type":"ed25519"}' $COFFER/api/v1/keys)"
expect "encrypt on a signing key refused" 400 "$(status "${H[@]}" -d '{"text":"x"}' $COFFER/api/v1/keys/s/encrypt)"
SIG=$(curl -s "${H[@]}" -d '{"text":"x"}' $COFFER/api/v1/keys/s/sign | jq -r .signature)
expect "verify wrong input is false" false "$(curl -s "${H[@]}" -d "{\"text\":\"y\",\"signature\":\"$SIG\"}" $COFFER/api/v1/keys/s/verify | jq .valid)"

B=(-H "$AUTH" -H 'Content-Type: application/octet-stream')
curl -s --fail "${B[@]}" --data-binary @"$WORK/file" -o "$WORK/file.cofs" $COFFER/api/v1/keys/k/encrypt-stream
expect "stream round trip" "$SUM" "$(curl -s --fail "${B[@]}" --data-binary @"$WORK/file.cofs" $COFFER/api/v1/keys/k/decrypt-stream | sha256sum | cut -d' ' -f1)"
expect "stream as JSON is 415" 415 "$(status "${H[@]}" --data-binary @"$WORK/file.cofs" $COFFER/api/v1/keys/k/decrypt-stream)"

TOKEN_ID=$(curl -s -H "$AUTH" $COFFER/api/v1/tokens | jq -r '.[0].id')
expect "revoke token" 204 "$(status -H "$AUTH" -X DELETE $COFFER/api/v1/tokens/$TOKEN_ID)"
expect "revoked token refused" 401 "$(status -H "$AUTH" $COFFER/api/v1/me)"
expect "delete user with purge" 204 "$(status "${A[@]}" -X DELETE "$COFFER/api/v1/users/checker?purge=true")"
expect "purged user is gone" 404 "$(status "${A[@]}" $COFFER/api/v1/users/checker)"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
