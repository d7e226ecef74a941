#!/usr/bin/env bash
# Large folders, from one run: listing pages of folders of 10k and 100k small files (1M on
# request), the whole folder in pages of 1,000 against `rclone serve http` listing it, and the
# archive of the folder against `zip -r -0`; the server at -Xmx128m, its peak RSS printed.
#
#   bench/folders.sh                              # 10k and 100k files
#   SIZES="10000 100000 1000000" bench/folders.sh # and the 1M scale check (minutes to create)
#
# Settings (environment): HEAP (default 128m), SIZES (folder sizes, default "10000 100000"),
# BAR_SIZE (the folder the bars are measured on, default 100000; must be in SIZES), FILE_BYTES
# (default 100), ROUNDS (median of, default 5), WARM (warm-up requests per folder, default 40).
# Needs rclone, zip, curl and python3. The files are made directly on disk under the server's
# storage folder (with their digest attribute, as uploads leave it), between two starts of the
# server: the second start reconciles the recorded usage with what is on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

HEAP=${HEAP:-128m}
SIZES=${SIZES:-"10000 100000"}
BAR_SIZE=${BAR_SIZE:-100000}
FILE_BYTES=${FILE_BYTES:-100}
ROUNDS=${ROUNDS:-5}
WARM=${WARM:-40}

for tool in rclone zip curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y rclone zip curl python3)" >&2; exit 1; }
done
case " $SIZES " in *" $BAR_SIZE "*) ;; *) echo "BAR_SIZE ($BAR_SIZE) must be one of SIZES ($SIZES)" >&2; exit 1 ;; esac

RCLONE_PID=""
BENCH_EXTRA_CLEANUP='[ -n "$RCLONE_PID" ] && kill "$RCLONE_PID" 2>/dev/null; true'

# ---- a user, then the folders made on disk while the server is down --------------------------
bench_start_coffer "$HEAP"
USER_PW=bench-password-123
curl -sf -u "admin:$BENCH_ADMIN_PASSWORD" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench\",\"password\":\"$USER_PW\"}" "$COFFER_URL/api/v1/users" >/dev/null
for n in $SIZES; do
  curl -sf -u "bench:$USER_PW" -X POST "$COFFER_URL/api/v1/dirs/big$n" >/dev/null
done
bench_stop_coffer
HOME_DIR="$BENCH_DIR/storage/homes/bench"
for n in $SIZES; do
  started=$(date +%s)
  python3 - "$HOME_DIR/big$n" "$n" "$FILE_BYTES" <<'PY'
import hashlib, multiprocessing, os, sys
folder, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def make(part):
    # Two processes, each every other file: creating is system calls, and one waits while the
    # other runs.
    for i in range(part, count, 2):
        path = os.path.join(folder, "f%07d" % i)
        content = os.urandom(size)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, content)
        try:
            os.setxattr(fd, "user.coffer.sha256", hashlib.sha256(content).hexdigest().encode())
        except OSError:
            pass
        os.close(fd)
with multiprocessing.Pool(2) as pool:
    pool.map(make, [0, 1])
PY
  echo "made $n files of $FILE_BYTES bytes in $(( $(date +%s) - started )) s" >&2
done
sync
bench_start_coffer "$HEAP"
TOKEN=$(curl -sf -u "bench:$USER_PW" -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' "$COFFER_URL/api/v1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
USED=$(curl -sf -H "Authorization: Bearer $TOKEN" "$COFFER_URL/api/v1/me" | python3 -c 'import json,sys; print(json.load(sys.stdin)["usedBytes"])')

echo "java: $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -n 1)  heap: $HEAP  files: $FILE_BYTES bytes  usage reconciled: $USED bytes  load: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- listing pages: a keep-alive client, times in milliseconds, medians ----------------------
list_folder() {
  python3 - "$COFFER_PORT" "$TOKEN" "$1" "$ROUNDS" "$WARM" <<'PY'
import http.client, json, statistics, sys, time, urllib.parse
port, token, n, rounds, warm = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
conn = http.client.HTTPConnection("127.0.0.1", int(port))
def page(limit, cursor=None, sort="name"):
    query = {"limit": limit, "sort": sort}
    if cursor:
        query["cursor"] = cursor
    started = time.perf_counter()
    conn.request("GET", "/api/v1/dirs/big%d?%s" % (n, urllib.parse.urlencode(query)),
                 headers={"Authorization": "Bearer " + token})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        sys.exit("HTTP %d: %s" % (response.status, body[:300]))
    return elapsed * 1000, json.loads(body)
def whole(limit):
    started, cursor, seen, pages = time.perf_counter(), None, 0, 0
    while True:
        _, listing = page(limit, cursor)
        seen += len(listing["entries"])
        pages += 1
        cursor = listing.get("nextCursor")
        if not cursor:
            break
    if seen != n:
        sys.exit("listed %d entries of %d" % (seen, n))
    return (time.perf_counter() - started) * 1000, pages
_, first = page(100)
second_cursor = first["nextCursor"]
# A cursor from the middle of the folder: the name of entry n/2 (f%07d), as a page would end.
cursor = None
for _ in range(max(1, (n // 2) // 10000)):
    _, listing = page(min(10000, n // 2), cursor)
    cursor = listing.get("nextCursor")
mid_cursor = cursor
for _ in range(warm):
    page(100); page(100, second_cursor); page(100, mid_cursor); page(1000, mid_cursor)
med = lambda f: statistics.median(f() for _ in range(rounds))
print("first100", "%.1f" % med(lambda: page(100)[0]))
print("second100", "%.1f" % med(lambda: page(100, second_cursor)[0]))
print("middle100", "%.1f" % med(lambda: page(100, mid_cursor)[0]))
print("page1000", "%.1f" % med(lambda: page(1000, mid_cursor)[0]))
print("size100", "%.1f" % med(lambda: page(100, sort="size")[0]))
runs = [whole(1000) for _ in range(min(rounds, 3) if n <= 100000 else 1)]
print("whole1000", "%.0f" % statistics.median(r[0] for r in runs))
print("pages", runs[0][1])
PY
}

declare -A R
for n in $SIZES; do
  while read -r key value; do R[$n.$key]=$value; done < <(list_folder "$n")
done

# ---- rclone serve http listing the same folder (no directory cache: each listing reads it) ----
RCLONE_PORT=$(bench_free_port)
rclone serve http "$HOME_DIR" --addr "127.0.0.1:$RCLONE_PORT" --dir-cache-time 0s \
  --read-only >"$BENCH_DIR/rclone.log" 2>&1 &
RCLONE_PID=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$RCLONE_PORT/" && break; sleep 0.2; done
rclone_ms() {
  curl -sf -o "$BENCH_DIR/rclone.html" -w '%{time_total}' "http://127.0.0.1:$RCLONE_PORT/big$1/" \
    | awk '{printf "%.0f", $1 * 1000}'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
# Rounds of the whole-folder comparisons: up to 3, one above 100,000 files (minutes each).
rounds_for() { if [ "$1" -gt 100000 ]; then echo 1; else echo $(( ROUNDS < 3 ? ROUNDS : 3 )); fi; }
for n in $SIZES; do
  rclone_ms "$n" >/dev/null
  R[$n.rclone_entries]=$(grep -o 'href="f[0-9]*"' "$BENCH_DIR/rclone.html" | wc -l)
  times=()
  for _ in $(seq 1 "$(rounds_for "$n")"); do times+=("$(rclone_ms "$n")"); done
  R[$n.rclone]=$(median "${times[@]}")
done

# ---- the archive against zip -r -0 of the same folder, alternating ----------------------------
archive_ms() {
  curl -sf -o "$BENCH_DIR/big.zip" -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
    "$COFFER_URL/api/v1/archive/big$1" | awk '{printf "%.0f", $1 * 1000}'
}
zip_ms() {
  local started
  started=$(date +%s%N)
  (cd "$HOME_DIR" && zip -q -r -0 - "big$1" >"$BENCH_DIR/zip.zip")
  echo $(( ($(date +%s%N) - started) / 1000000 ))
}
for n in $SIZES; do
  if ! archive_ms "$n" >/dev/null; then
    echo "the archive of $n files failed" >&2
    R[$n.archive]=failed R[$n.zip]=- R[$n.zip_entries]=0
    continue
  fi
  R[$n.zip_entries]=$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$BENCH_DIR/big.zip")
  [ "${R[$n.zip_entries]}" -eq "$n" ] || { echo "the archive holds ${R[$n.zip_entries]} entries, not $n" >&2; exit 1; }
  R[$n.zip_bytes]=$(stat -c %s "$BENCH_DIR/big.zip")
  archive_times=() zip_times=()
  for _ in $(seq 1 "$(rounds_for "$n")"); do
    archive_times+=("$(archive_ms "$n")")
    zip_times+=("$(zip_ms "$n")")
  done
  R[$n.archive]=$(median "${archive_times[@]}")
  R[$n.zip]=$(median "${zip_times[@]}")
done
RSS_MB=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$COFFER_PID/status" 2>/dev/null || echo "? (server gone)")
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- report ------------------------------------------------------------------------------------
echo
printf '%-10s %10s %10s %10s %10s %10s %12s %12s\n' files "first 100" "2nd 100" "mid 100" "page 1000" "size 100" "all by 1000" "per page"
for n in $SIZES; do
  printf '%-10s %8s ms %8s ms %8s ms %8s ms %8s ms %9s ms %9s ms\n' "$n" "${R[$n.first100]}" \
    "${R[$n.second100]}" "${R[$n.middle100]}" "${R[$n.page1000]}" "${R[$n.size100]}" \
    "${R[$n.whole1000]}" "$(awk -v t="${R[$n.whole1000]}" -v p="${R[$n.pages]}" 'BEGIN {printf "%.1f", t / p}')"
done
echo
printf '%-10s %12s %12s %8s %12s %12s %8s\n' files "all by 1000" "rclone" ratio archive "zip -r -0" ratio
for n in $SIZES; do
  printf '%-10s %9s ms %9s ms %8s %9s ms %9s ms %8s\n' "$n" "${R[$n.whole1000]}" "${R[$n.rclone]}" \
    "$(bench_ratio "${R[$n.whole1000]}" "${R[$n.rclone]}")" "${R[$n.archive]}" "${R[$n.zip]}" \
    "$( [ "${R[$n.archive]}" = failed ] && echo - || bench_ratio "${R[$n.archive]}" "${R[$n.zip]}")"
done
B=$BAR_SIZE
echo
echo "bars on $B files:"
echo "  first page of 100:        ${R[$B.first100]} ms (bar <= 100 ms)"
echo "  cursor page / first page: $(bench_ratio "${R[$B.middle100]}" "${R[$B.first100]}") (middle), $(bench_ratio "${R[$B.second100]}" "${R[$B.first100]}") (second) (bar <= 1.5)"
echo "  whole folder by 1000:     ${R[$B.whole1000]} ms; rclone serve http: ${R[$B.rclone]} ms (${R[$B.rclone_entries]} entries); ratio $(bench_ratio "${R[$B.whole1000]}" "${R[$B.rclone]}") (bar < 1)"
echo "  archive:                  ${R[$B.archive]} ms (${R[$B.zip_entries]} entries, ${R[$B.zip_bytes]:-?} bytes); zip -r -0: ${R[$B.zip]} ms; ratio $( [ "${R[$B.archive]}" = failed ] && echo - || bench_ratio "${R[$B.archive]}" "${R[$B.zip]}") (bar <= 2)"
echo "  server peak RSS:          $RSS_MB MiB (-Xmx$HEAP)"
echo "  load average at the end:  $LOAD_END"
