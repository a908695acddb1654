#!/usr/bin/env bash
# connecteur-cli sync / lead, as a script or cron uses them, against the
# loopback platform (cn-platform-server): what was pushed, pulled and left
# pending is printed; a sync that cannot finish exits 1 with the reason and
# loses nothing; a 503 with Retry-After is waited out; leads are listed and
# adopted; the token never comes from the command line.
# Usage: test-cli-sync.sh PATH_TO_connecteur-cli PATH_TO_cn-platform-server
set -u
cli="$1"
server="$2"
dir=$(mktemp -d)
export LC_ALL=C.UTF-8
export CONNECTEUR_SYNC_BACKOFF_MS=5
failures=0

"$server" --token secret-token > "$dir/server.out" 2> "$dir/server.err" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do [ -s "$dir/server.out" ] && break; sleep 0.1; done
url=$(head -n 1 "$dir/server.out")
control=${url%/api/v1}/_control

fail() { echo "not ok - $*"; failures=$((failures + 1)); }
pass() { echo "ok - $*"; }
expect_status() { # expected actual what
  if [ "$1" -eq "$2" ]; then pass "$3 (exit $2)"; else fail "$3: exit $2, expected $1"; fi
}
run() { "$cli" "$@" --data-dir "$dir/data"; }
post() { python3 -c 'import sys,urllib.request; r=urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST")); print(r.read().decode())' "$control/$1" "$2"; }
get() { python3 -c 'import sys,urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' "$control/$1"; }
count_records() { get "records?type=$1" | python3 -c 'import json,sys; print(sum(1 for r in json.load(sys.stdin)["records"] if not r["deleted"]))'; }

[[ "$url" == http://127.0.0.1:*/api/v1 ]] && pass "the platform listens on $url" || fail "no platform: $(cat "$dir/server.err")"

shared=$(run add --name "Fleurs de Lise" --siret 73282932000074 --postcode 35000)
run edit "$shared" --consent-share yes > /dev/null
private=$(run add --name "Cabinet Discret" --postcode 19100)
run appointment add --company "$shared" --start "2026-12-03T09:30" --end "2026-12-03T11:00" --mode on_site --subject "Diagnostic" > /dev/null
run appointment add --company "$private" --start "2026-12-04T09:30" --end "2026-12-04T10:00" --mode phone --subject "Visite privée" > /dev/null

# ---- status without network ------------------------------------------------
out=$(run sync --status); st=$?
expect_status 0 $st "sync --status"
grep -q "Never synced" <<< "$out" && pass "never synced yet" || fail "status: $out"
grep -q "Pending: 2 changes to send, 1 waiting for the connector" <<< "$out" \
  && pass "status counts what waits and what is held" || fail "status: $out"

# ---- no token: nothing sent --------------------------------------------------
out=$(DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent run sync --url "$url" 2>&1); st=$?
expect_status 1 $st "sync without token"
grep -q "CONNECTEUR_TOKEN" <<< "$out" && pass "says how to give the token" || fail "message: $out"

# ---- a refused token ----------------------------------------------------------
out=$(CONNECTEUR_TOKEN=wrong run sync --url "$url" 2>&1); st=$?
expect_status 1 $st "sync with a refused token"
grep -q "refused the access token" <<< "$out" && pass "says the token was refused" || fail "message: $out"

# ---- plain http to another host is refused ------------------------------------
out=$(CONNECTEUR_TOKEN=secret-token run sync --url "http://plateforme.example/api/v1" 2>&1); st=$?
expect_status 2 $st "sync over plain http to a remote host"
grep -q "https://" <<< "$out" && pass "asks for https" || fail "message: $out"

# ---- a first sync, through two 503 with Retry-After ------------------------------
post faults '{"fail_503": {"count": 2, "retry_after": 1, "path": "push"}}' > /dev/null
post lead '{"name": "Garage du Lac", "contact_name": "Lucie Martin"}' > /dev/null
start=$(date +%s)
out=$(CONNECTEUR_TOKEN=secret-token run sync --url "$url" 2>&1); st=$?
end=$(date +%s)
expect_status 0 $st "sync"
grep -q "Sent: 2 changes applied" <<< "$out" && pass "prints what was pushed" || fail "output: $out"
grep -q "Received: 1 change" <<< "$out" && pass "prints what was pulled" || fail "output: $out"
grep -q "Pending: 0 changes to send, 1 waiting" <<< "$out" && pass "prints what is left" || fail "output: $out"
[ $((end - start)) -ge 2 ] && pass "waited as Retry-After asked" || fail "did not wait for Retry-After ($((end - start)) s)"
[ "$(count_records company)" = 1 ] && pass "one company on the platform" || fail "companies: $(count_records company)"
[ "$(count_records appointment)" = 1 ] && pass "one appointment on the platform" || fail "appointments: $(count_records appointment)"
get requests | grep -q "Discret" && fail "the private company travelled" || pass "the private company never travelled"
# Anywhere but the Authorization header: paths, queries, other headers, bodies.
get requests | python3 -c '
import json, sys
for r in json.load(sys.stdin)["requests"]:
    headers = r.get("headers") or {}
    items = headers.items() if isinstance(headers, dict) else [(h.get("name"), h.get("value")) for h in headers]
    rest = [r.get("path"), r.get("query"), r.get("body")] + [v for k, v in items if (k or "").lower() != "authorization"]
    if any("secret-token" in (x or "") for x in rest):
        sys.exit(1)
' && pass "the token only in the Authorization header" || fail "the token appears outside the Authorization header"

# ---- a completed diagnostic travels as its summary ---------------------------------
printf '{"questionnaire": "commerce-connecte", "answers": {}}' > "$dir/answers.json"
run diagnostic run --company "$shared" --answers "$dir/answers.json" > /dev/null; st=$?
expect_status 0 $st "diagnostic run"
out=$(CONNECTEUR_TOKEN=secret-token run sync --url "$url" 2>&1); st=$?
expect_status 0 $st "sync of the diagnostic"
diag=$(get "records?type=diagnostic" | python3 -c '
import json, sys
records = [r for r in json.load(sys.stdin)["records"] if not r["deleted"]]
d = records[0]["data"] if len(records) == 1 else {}
ok = (d.get("questionnaire_id") == "commerce-connecte" and isinstance(d.get("questionnaire_version"), int)
      and 1 <= d.get("level", 0) <= 5 and 0 <= d.get("overall", -1) <= 100
      and isinstance(d.get("scores"), dict) and len(d["scores"]) > 0 and d.get("completed_at"))
print("ok" if ok else json.dumps(records))')
[ "$diag" = ok ] && pass "the diagnostic reached the platform with its level and scores" || fail "diagnostic: $diag"

# ---- the platform down: exit 1, nothing lost -------------------------------------
run outreach add --date 2026-11-20 --kind workshop --title "Atelier vitrine" > /dev/null
post faults '{"fail_500": 100}' > /dev/null
out=$(CONNECTEUR_TOKEN=secret-token run sync --url "$url" 2>&1); st=$?
expect_status 1 $st "sync while the platform fails"
grep -q "keeps failing" <<< "$out" && pass "says the platform keeps failing" || fail "message: $out"
grep -q "Pending: 1 change to send" <<< "$out" && pass "the change is still pending" || fail "output: $out"
post reset-faults '{}' > /dev/null
out=$(CONNECTEUR_TOKEN=secret-token run sync --url "$url" 2>&1); st=$?
expect_status 0 $st "sync once the platform is back"
[ "$(count_records outreach)" = 1 ] && pass "the awareness action arrived once" || fail "outreach: $(count_records outreach)"

# ---- leads -----------------------------------------------------------------------
out=$(run lead list); st=$?
expect_status 0 $st "lead list"
grep -q "Garage du Lac" <<< "$out" && pass "the lead is listed" || fail "lead list: $out"
json=$(run lead list --format json)
lead=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])[0]["id"])' "$json")
company=$(run lead adopt "$lead"); st=$?
expect_status 0 $st "lead adopt"
run show "$company" | grep -q "Garage du Lac" && pass "the lead became a company" || fail "no company $company"
[ "$(run lead list --format json)" = "[]" ] && pass "an adopted lead leaves the list" || fail "still listed"
run lead adopt 00000000-0000-4000-8000-000000000000 > /dev/null 2>&1; st=$?
expect_status 1 $st "lead adopt of an unknown id"
run lead list --format xml > /dev/null 2>&1; st=$?
expect_status 2 $st "lead list with an unknown format"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
