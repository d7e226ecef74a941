#!/usr/bin/env bash
# Smoke test: builds the jar, starts it on a free port with an empty storage folder, walks the
# README's cookbook with curl alone, checks every answer, stops the server and prints
# "N passed, N failed" as its last line. Exit status 0 only when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "ok    $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL  $1${2:+: $2}"; }
# expect NAME EXPECTED ACTUAL
expect() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected '$2', got '$3'"; fi; }
# expect_match NAME REGEX TEXT
expect_match() { if printf '%s' "$3" | grep -Eq -- "$2"; then pass "$1"; else fail "$1" "'$3' does not match /$2/"; fi; }
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {"d": d}))' "$1"; }

./mvnw -q -B -DskipTests package || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
JAR=$(ls target/coffer-*.jar | grep -v plain | head -n 1)
WORK=$(mktemp -d /tmp/coffer-smoke.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export COFFER="http://127.0.0.1:$PORT"

java -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --coffer.storage-dir="$WORK/storage" >"$WORK/coffer.log" 2>&1 &
SERVER=$!
cleanup() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "$COFFER/actuator/health" >/dev/null && break; sleep 0.5; done

# --- start-up: generated admin password, printed once and in a 0600 file ------------------
expect "health is public" 200 "$(curl -s -o /dev/null -w '%{http_code}' $COFFER/actuator/health)"
expect "admin password file is 0600" 600 "$(stat -c %a "$WORK/storage/admin-password" 2>/dev/null)"
ADMIN_PW="$(cat "$WORK/storage/admin-password")"
expect "generated password logged once" 1 "$(grep -c "$ADMIN_PW" "$WORK/coffer.log")"

# --- accounts and tokens (README: Accounts and tokens) --------------------------------------
out=$(curl -s -u admin:$ADMIN_PW $COFFER/api/v1/me)
expect "GET /me as admin" "admin True" "$(echo "$out" | json 'd["username"] + " " + str(d["admin"])')"

code=$(curl -s -o "$WORK/out" -w '%{http_code}' -u admin:$ADMIN_PW -H 'Content-Type: application/json' \
  -d '{"username":"alice","password":"correct horse battery","quotaBytes":10737418240}' \
  $COFFER/api/v1/users)
expect "create user alice" 201 "$code"
expect "list users" "['admin', 'alice']" "$(curl -s -u admin:$ADMIN_PW $COFFER/api/v1/users | json '[u["username"] for u in d]')"
expect "read user" "10737418240" "$(curl -s -u admin:$ADMIN_PW $COFFER/api/v1/users/alice | json 'd["quotaBytes"]')"
expect "patch user quota unlimited" "None" "$(curl -s -u admin:$ADMIN_PW -X PATCH -H 'Content-Type: application/json' \
  -d '{"quotaBytes":-1,"disabled":false}' $COFFER/api/v1/users/alice | json 'd["quotaBytes"]')"
expect "non-admin cannot list users" 403 "$(curl -s -o /dev/null -w '%{http_code}' -u alice:'correct horse battery' $COFFER/api/v1/users)"

code=$(curl -s -o /dev/null -w '%{http_code}' -u alice:'correct horse battery' -X PUT -H 'Content-Type: application/json' \
  -d '{"currentPassword":"correct horse battery","newPassword":"a new long password"}' \
  $COFFER/api/v1/me/password)
expect "change own password" 204 "$code"
expect "old password refused" 401 "$(curl -s -o /dev/null -w '%{http_code}' -u alice:'correct horse battery' $COFFER/api/v1/me)"

TOKEN=$(curl -s -u alice:'a new long password' -H 'Content-Type: application/json' \
  -d '{"name":"ci","expiresInDays":30}' $COFFER/api/v1/tokens | sed -E 's/.*"token":"([^"]+)".*/\1/')
expect_match "token created" '^coffer_' "$TOKEN"
expect "GET /me with token" alice "$(curl -s -H "Authorization: Bearer $TOKEN" $COFFER/api/v1/me | json 'd["username"]')"
TOKEN_ID=$(curl -s -H "Authorization: Bearer $TOKEN" $COFFER/api/v1/tokens | json 'd[0]["id"]')
expect "token list has no secret" "None" "$(curl -s -H "Authorization: Bearer $TOKEN" $COFFER/api/v1/tokens | json 'd[0].get("token")')"

# --- errors ---------------------------------------------------------------------------------
hdr=$(curl -s -D - -o "$WORK/out" $COFFER/api/v1/me)
expect_match "401 is problem+json" 'application/problem\+json' "$hdr"
expect_match "401 has Basic challenge" 'WWW-Authenticate: Basic realm="coffer"' "$hdr"

# --- API docs and metrics -------------------------------------------------------------------
expect "OpenAPI is public" 200 "$(curl -s -o /dev/null -w '%{http_code}' $COFFER/v3/api-docs)"
expect "Swagger UI is public" 200 "$(curl -s -o /dev/null -w '%{http_code}' $COFFER/swagger-ui/index.html)"
expect "prometheus for admin" 200 "$(curl -s -o /dev/null -w '%{http_code}' -u admin:$ADMIN_PW $COFFER/actuator/prometheus)"
expect "prometheus not for users" 403 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" $COFFER/actuator/prometheus)"

# --- files (README: Files) -----------------------------------------------------------------
AUTH="Authorization: Bearer $TOKEN"
head -c 300000 /dev/urandom > "$WORK/report.pdf"
SUM=$(sha256sum "$WORK/report.pdf" | cut -d' ' -f1)
expect "upload new file" 201 "$(curl -s -o "$WORK/out" -w '%{http_code}' -H "$AUTH" -T "$WORK/report.pdf" $COFFER/api/v1/files/docs/report.pdf)"
expect "FileInfo has sha256" "$SUM" "$(json 'd["sha256"]' < "$WORK/out")"
ETAG=$(json 'd["etag"]' < "$WORK/out")
expect "replace file" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -T "$WORK/report.pdf" $COFFER/api/v1/files/docs/report.pdf)"
expect "If-None-Match: * refuses replace" 412 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'If-None-Match: *' -T "$WORK/report.pdf" $COFFER/api/v1/files/docs/report.pdf)"
expect "If-Match stale etag" 412 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'If-Match: "stale"' -T "$WORK/report.pdf" $COFFER/api/v1/files/docs/report.pdf)"
expect "client digest checked" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "X-Checksum-Sha256: $SUM" -T "$WORK/report.pdf" $COFFER/api/v1/files/docs/report.pdf)"
expect "wrong client digest refused" 400 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "X-Checksum-Sha256: $(printf '0%.0s' $(seq 64))" -T "$WORK/report.pdf" $COFFER/api/v1/files/docs/report.pdf)"
expect "Repr-Digest checked" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "Repr-Digest: sha-256=:$(openssl dgst -sha256 -binary "$WORK/report.pdf" | base64):" -T "$WORK/report.pdf" $COFFER/api/v1/files/docs/report.pdf)"
echo a > "$WORK/a.jpg"; echo b > "$WORK/b.jpg"
expect "form upload" 2 "$(curl -s -H "$AUTH" -F file=@"$WORK/a.jpg" -F file=@"$WORK/b.jpg" $COFFER/api/v1/files/photos | json 'len(d)')"
curl -s -H "$AUTH" -o "$WORK/down.pdf" $COFFER/api/v1/files/docs/report.pdf
expect "download intact" "$SUM" "$(sha256sum "$WORK/down.pdf" | cut -d' ' -f1)"
hdr=$(curl -s -I -H "$AUTH" $COFFER/api/v1/files/docs/report.pdf | tr -d '\r')
expect_match "download is nosniff" 'X-Content-Type-Options: nosniff' "$hdr"
expect_match "download has Content-Disposition" "Content-Disposition: attachment; filename=\"report.pdf\"; filename\\*=UTF-8''report.pdf" "$hdr"
ETAG=$(printf '%s\n' "$hdr" | sed -n 's/^ETag: //Ip')
expect "range gives 206" "206 1024" "$(curl -s -o "$WORK/part" -w '%{http_code} %{size_download}' -H "$AUTH" -H 'Range: bytes=0-1023' $COFFER/api/v1/files/docs/report.pdf)"
expect "unsatisfiable range gives 416" 416 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'Range: bytes=900000-' $COFFER/api/v1/files/docs/report.pdf)"
expect "If-None-Match gives 304" 304 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "If-None-Match: $ETAG" $COFFER/api/v1/files/docs/report.pdf)"
expect "traversal refused" 400 "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is -H "$AUTH" $COFFER/api/v1/files/docs/../../etc/passwd)"
expect "list home" "['docs', 'photos']" "$(curl -s -H "$AUTH" $COFFER/api/v1/dirs | json 'sorted(e["name"] for e in d["entries"])')"
expect "list sorted by size" "report.pdf" "$(curl -s -H "$AUTH" "$COFFER/api/v1/dirs/docs?sort=size&order=desc&limit=100" | json 'd["entries"][0]["name"]')"
expect "list recursive" 5 "$(curl -s -H "$AUTH" "$COFFER/api/v1/dirs?recursive=true" | json 'len(d["entries"])')"
expect "mkdir" 201 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X POST $COFFER/api/v1/dirs/projects/2025)"
expect "mkdir again" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X POST $COFFER/api/v1/dirs/projects/2025)"
expect "delete non-empty folder refused" 409 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X DELETE $COFFER/api/v1/dirs/projects)"
expect "delete folder recursive" 204 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X DELETE "$COFFER/api/v1/dirs/projects?recursive=true")"
expect "copy folder" 201 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' -d '{"from":"docs","to":"docs-backup","overwrite":true}' $COFFER/api/v1/ops/copy)"
expect "move file" "archive/2025/report.pdf" "$(curl -s -H "$AUTH" -H 'Content-Type: application/json' -d '{"from":"docs/report.pdf","to":"archive/2025/report.pdf"}' $COFFER/api/v1/ops/move | json 'd["path"]')"
expect "move onto existing refused" 409 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'Content-Type: application/json' -d '{"from":"docs-backup/report.pdf","to":"archive/2025/report.pdf"}' $COFFER/api/v1/ops/move)"
curl -s -H "$AUTH" -o "$WORK/docs.zip" $COFFER/api/v1/archive/docs-backup
expect "zip archive" "report.pdf" "$(python3 -c 'import sys, zipfile; print(",".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$WORK/docs.zip")"
expect "delete file" 204 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -X DELETE $COFFER/api/v1/files/archive/2025/report.pdf)"
expect "deleted file is gone" 404 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" $COFFER/api/v1/files/archive/2025/report.pdf)"

# --- resumable uploads (README: Resumable uploads (tus)) ------------------------------------
TUS="Tus-Resumable: 1.0.0"
expect_match "tus discovery" 'Tus-Version: 1.0.0' "$(curl -s -i -H "$AUTH" -X OPTIONS $COFFER/api/v1/uploads | tr -d '\r')"
SIZE=$(stat -c %s "$WORK/report.pdf")
UPLOAD=$(curl -s -i -H "$AUTH" -H "$TUS" -H "Upload-Length: $SIZE" \
  -H "Upload-Metadata: path $(printf %s isos/big.iso | base64 -w0)" \
  -X POST $COFFER/api/v1/uploads | tr -d '\r' | sed -n 's/^location: //Ip')
expect_match "tus create" '/api/v1/uploads/' "$UPLOAD"
head -c 100000 "$WORK/report.pdf" > "$WORK/chunk1"
expect "tus first chunk" 204 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "$TUS" -H 'Content-Type: application/offset+octet-stream' -H 'Upload-Offset: 0' -X PATCH -T "$WORK/chunk1" "$UPLOAD")"
OFFSET=$(curl -s -I -H "$AUTH" -H "$TUS" "$UPLOAD" | tr -d '\r' | sed -n 's/^upload-offset: //Ip')
expect "tus HEAD offset" 100000 "$OFFSET"
expect "tus wrong offset" 409 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "$TUS" -H 'Content-Type: application/offset+octet-stream' -H 'Upload-Offset: 5' -X PATCH -T "$WORK/chunk1" "$UPLOAD")"
tail -c +$((OFFSET + 1)) "$WORK/report.pdf" > "$WORK/rest"
expect "tus bad checksum" 460 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "$TUS" -H 'Content-Type: application/offset+octet-stream' -H "Upload-Offset: $OFFSET" -H "Upload-Checksum: sha256 $(printf x | openssl dgst -sha256 -binary | base64)" -X PATCH -T "$WORK/rest" "$UPLOAD")"
expect "tus rest with checksum" 204 "$(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H "$TUS" -H 'Content-Type: application/offset+octet-stream' -H "Upload-Offset: $OFFSET" -H "Upload-Checksum: sha256 $(openssl dgst -sha256 -binary "$WORK/rest" | base64)" -X PATCH -T "$WORK/rest" "$UPLOAD")"
curl -s -H "$AUTH" -o "$WORK/tus.out" $COFFER/api/v1/files/isos/big.iso
expect "tus file complete" "$SUM" "$(sha256sum "$WORK/tus.out" | cut -d' ' -f1)"

# --- keys and encryption (README: Keys and encryption) -------------------------------------
H=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
expect "create fernet key" 201 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" \
  -d '{"name":"legacy","type":"fernet","exportable":true}' $COFFER/api/v1/keys)"
FTOKEN=$(curl -s "${H[@]}" -d '{"text":"hello"}' $COFFER/api/v1/keys/legacy/encrypt | json 'd["ciphertext"]')
expect_match "en: fernet token" '^gAAAAA' "$FTOKEN"
expect "de: decrypt it" hello "$(curl -s "${H[@]}" -d "{\"ciphertext\":\"$FTOKEN\"}" $COFFER/api/v1/keys/legacy/decrypt | json 'd["text"]')"
FKEY=$(curl -s -H "Authorization: Bearer $TOKEN" $COFFER/api/v1/keys/legacy/export | json 'd["keys"]["1"]')
expect_match "gk: export the key" '^[A-Za-z0-9_-]{43}=$' "$FKEY"
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import cryptography' 2>/dev/null; then
  expect "python decrypts coffer's token" hello "$(/usr/bin/python3 -c 'import sys; from cryptography.fernet import Fernet; print(Fernet(sys.argv[1].encode()).decrypt(sys.argv[2].encode()).decode())' "$FKEY" "$FTOKEN")"
  PYKEY=$(/usr/bin/python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
  PYTOKEN=$(/usr/bin/python3 -c 'import sys; from cryptography.fernet import Fernet; print(Fernet(sys.argv[1].encode()).encrypt(b"from python").decode())' "$PYKEY")
  expect "import python's key" 201 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" \
    -d "{\"name\":\"py\",\"type\":\"fernet\",\"key\":\"$PYKEY\"}" $COFFER/api/v1/keys/import)"
  expect "coffer decrypts python's token" "from python" "$(curl -s "${H[@]}" -d "{\"ciphertext\":\"$PYTOKEN\"}" $COFFER/api/v1/keys/py/decrypt | json 'd["text"]')"
else
  fail "python3-cryptography" "Debian's /usr/bin/python3 with python3-cryptography is required"
fi
expect "create aes key" 201 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -d '{"name":"orders"}' $COFFER/api/v1/keys)"
CT=$(curl -s "${H[@]}" -d '{"plaintext":"c2VjcmV0","associatedData":"b3JkZXItNDI="}' $COFFER/api/v1/keys/orders/encrypt | json 'd["ciphertext"]')
expect_match "aes ciphertext format" '^coffer:v1:' "$CT"
expect "aes decrypt" c2VjcmV0 "$(curl -s "${H[@]}" -d "{\"ciphertext\":\"$CT\",\"associatedData\":\"b3JkZXItNDI=\"}" $COFFER/api/v1/keys/orders/decrypt | json 'd["plaintext"]')"
expect "wrong associated data is opaque 400" "400 decryption-failed" "$(curl -s "${H[@]}" -d "{\"ciphertext\":\"$CT\"}" $COFFER/api/v1/keys/orders/decrypt | json 'str(d["status"]) + " " + d["code"]')"
expect "rotate" 2 "$(curl -s "${H[@]}" -X POST $COFFER/api/v1/keys/orders/rotate | json 'd["latestVersion"]')"
expect_match "rewrap to v2" '^coffer:v2:' "$(curl -s "${H[@]}" -d "{\"ciphertext\":\"$CT\",\"associatedData\":\"b3JkZXItNDI=\"}" $COFFER/api/v1/keys/orders/rewrap | json 'd["ciphertext"]')"
expect_match "datakey" '^coffer:v2:' "$(curl -s "${H[@]}" -d '{"bits":256}' $COFFER/api/v1/keys/orders/datakey | json 'd["ciphertext"]')"
expect "export refused unless exportable" 403 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" $COFFER/api/v1/keys/orders/export)"
expect "random hex" 64 "$(curl -s "${H[@]}" -d '{"bytes":32,"format":"hex"}' $COFFER/api/v1/random | json 'len(d["random"])')"
expect "hash sha2-256" 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 \
  "$(curl -s "${H[@]}" -d '{"input":"aGVsbG8="}' $COFFER/api/v1/hash | json 'd["sum"]')"

# --- signatures, HMAC, RSA and streams (README: Keys and encryption) ------------------------
expect "create ed25519 key" 201 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -d '{"name":"release","type":"ed25519"}' $COFFER/api/v1/keys)"
curl -s "${H[@]}" $COFFER/api/v1/keys/release | json 'd["publicKey"]' > "$WORK/release.pub.pem"
head -c 5000 /dev/urandom > "$WORK/app.tar.gz"
SIG=$(curl -s "${H[@]}" -d "{\"input\":\"$(base64 -w0 < "$WORK/app.tar.gz")\"}" $COFFER/api/v1/keys/release/sign | json 'd["signature"]')
expect_match "sign" '^coffer:v1:' "$SIG"
echo "$SIG" | sed 's/^coffer:v[0-9]*://' | base64 -d > "$WORK/sig.bin"
expect_match "openssl verifies the signature" 'Signature Verified Successfully' \
  "$(openssl pkeyutl -verify -pubin -inkey "$WORK/release.pub.pem" -rawin -in "$WORK/app.tar.gz" -sigfile "$WORK/sig.bin" 2>&1)"
expect "verify signature" True "$(curl -s "${H[@]}" -d "{\"input\":\"$(base64 -w0 < "$WORK/app.tar.gz")\",\"signature\":\"$SIG\"}" $COFFER/api/v1/keys/release/verify | json 'd["valid"]')"
expect "verify wrong input" False "$(curl -s "${H[@]}" -d "{\"text\":\"other\",\"signature\":\"$SIG\"}" $COFFER/api/v1/keys/release/verify | json 'd["valid"]')"
expect "encrypt on a signing key refused" 400 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -d '{"text":"x"}' $COFFER/api/v1/keys/release/encrypt)"
MAC=$(curl -s "${H[@]}" -d '{"text":"hello"}' $COFFER/api/v1/keys/orders/hmac | json 'd["hmac"]')
expect_match "hmac" '^coffer:v[0-9]+:' "$MAC"
expect "verify hmac" True "$(curl -s "${H[@]}" -d "{\"text\":\"hello\",\"hmac\":\"$MAC\"}" $COFFER/api/v1/keys/orders/verify | json 'd["valid"]')"
expect "create rsa key" 201 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -d '{"name":"vault","type":"rsa-2048","exportable":true}' $COFFER/api/v1/keys)"
RCT=$(curl -s "${H[@]}" -d '{"text":"a secret of any length"}' $COFFER/api/v1/keys/vault/encrypt | json 'd["ciphertext"]')
expect "rsa round trip" "a secret of any length" "$(curl -s "${H[@]}" -d "{\"ciphertext\":\"$RCT\"}" $COFFER/api/v1/keys/vault/decrypt | json 'd["text"]')"
expect_match "rsa export is PKCS#8" 'BEGIN PRIVATE KEY' "$(curl -s "${H[@]}" $COFFER/api/v1/keys/vault/export | json 'd["keys"]["1"]')"
B=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/octet-stream')
head -c 1000000 /dev/urandom > "$WORK/big.iso"
curl -s --fail "${B[@]}" -X POST -T "$WORK/big.iso" -o "$WORK/big.iso.cofs" $COFFER/api/v1/keys/orders/encrypt-stream
curl -s --fail "${B[@]}" --data-binary @"$WORK/big.iso.cofs" -o "$WORK/big.iso.out" $COFFER/api/v1/keys/orders/decrypt-stream
expect "stream round trip" "$(sha256sum < "$WORK/big.iso")" "$(sha256sum < "$WORK/big.iso.out")"
head -c 500000 "$WORK/big.iso.cofs" > "$WORK/cut.cofs"
curl -s --fail "${B[@]}" --data-binary @"$WORK/cut.cofs" -o /dev/null $COFFER/api/v1/keys/orders/decrypt-stream
rc=$?
if [ "$rc" -ne 0 ]; then pass "truncated stream fails visibly (curl exit $rc)"; else fail "truncated stream fails visibly" "curl exited 0"; fi

expect "delete refused until allowed" 409 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -X DELETE $COFFER/api/v1/keys/orders)"
curl -s -o /dev/null "${H[@]}" -X PATCH -d '{"deletionAllowed":true}' $COFFER/api/v1/keys/orders
expect "delete key" 204 "$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" -X DELETE $COFFER/api/v1/keys/orders)"

# --- clean-up flows last: revoke the token, delete the user ---------------------------------
expect "revoke token" 204 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -X DELETE $COFFER/api/v1/tokens/$TOKEN_ID)"
expect "revoked token refused" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" $COFFER/api/v1/me)"
expect "delete user with purge" 204 "$(curl -s -o /dev/null -w '%{http_code}' -u admin:$ADMIN_PW -X DELETE "$COFFER/api/v1/users/alice?purge=true")"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
