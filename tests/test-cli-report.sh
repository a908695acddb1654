#!/usr/bin/env bash
# connecteur-cli report / outreach, as a script uses them: the printed ids,
# the JSON shapes, revisions, co-financing by connector kind, the exit
# statuses (2 malformed arguments, 1 refused values, with a message naming
# the problem).
# Usage: test-cli-report.sh PATH_TO_connecteur-cli
set -u
cli="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C.UTF-8
failures=0

fail() { echo "not ok - $*"; failures=$((failures + 1)); }
pass() { echo "ok - $*"; }
expect_status() { # expected actual what
  if [ "$1" -eq "$2" ]; then pass "$3 (exit $2)"; else fail "$3: exit $2, expected $1"; fi
}
run() { "$cli" "$@" --data-dir "$dir/data"; }
db="$dir/data/connecteur.db"
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchone(); c.commit(); print(r[0] if r else "")' "$db" "$1"; }
is_uuid() { [[ "$1" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]]; }

company=$(run add --name "Fleurs de Lise" --postcode 35000)
other=$(run add --name "Garage Dupont" --postcode 19100)

# ---- report add -----------------------------------------------------------
id=$(run report add --company "$company" --date 2026-12-03 --summary "Visite du magasin" \
       --satisfaction 4 --time-spent 90 --maturity-before 2 --maturity-after 3 \
       --action-done "Fiche Google créée" --next-step "Devis site" --next-step "Former la vendeuse" \
       --connected-commerce yes); st=$?
expect_status 0 $st "report add"
is_uuid "$id" && pass "report add prints the id" || fail "report add printed: $id"
[ "$(sql "select count(*) from outbox where entity_type='report' and entity_id='$id' and op='upsert'")" = 1 ] \
  && pass "the report is queued for the platform" || fail "no outbox entry for the report"
[ "$(sql "select count(*) from events where kind='report' and detail='Visite du magasin'")" = 1 ] \
  && pass "the timeline has the report" || fail "no report event"

# ---- report show ----------------------------------------------------------
out=$(run report show "$id"); st=$?
expect_status 0 $st "report show"
echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
keys = {"id", "company_id", "appointment_id", "created_at", "updated_at", "revision", "written_at", "date",
        "summary", "actions_done", "next_steps", "maturity_before", "maturity_after", "time_spent_minutes",
        "satisfaction", "connected_commerce", "cofinancing", "revisions"}
assert set(r) == keys, set(r) ^ keys
assert r["revision"] == 1 and len(r["revisions"]) == 1, r
assert r["next_steps"] == ["Devis site", "Former la vendeuse"], r
assert r["actions_done"] == ["Fiche Google créée"], r
assert r["satisfaction"] == 4 and r["time_spent_minutes"] == 90, r
assert r["maturity_before"] == 2 and r["maturity_after"] == 3, r
assert r["connected_commerce"] is True and r["appointment_id"] is None, r
assert r["cofinancing"] == {"requested": False, "amount_eur": None, "status": "none"}, r
' && pass "show has the documented shape" || fail "show output: $out"

# ---- report correct -------------------------------------------------------
out=$(run report correct "$id" --summary "Visite du magasin (corrigé)" --satisfaction 5); st=$?
expect_status 0 $st "report correct"
[ "$out" = 2 ] && pass "correct prints revision 2" || fail "correct printed: $out"
run report show "$id" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["revision"] == 2 and r["summary"] == "Visite du magasin (corrigé)" and r["satisfaction"] == 5, r
assert r["next_steps"] == ["Devis site", "Former la vendeuse"], r
revs = r["revisions"]
assert [v["revision"] for v in revs] == [1, 2], revs
assert revs[0]["summary"] == "Visite du magasin" and revs[0]["satisfaction"] == 4, revs[0]
' && pass "revision 1 unchanged, revision 2 current" || fail "revisions after correct"

# ---- report list ----------------------------------------------------------
run report add --company "$other" --date 2026-11-02 --summary "Appel" >/dev/null
out=$(run report list --format json); st=$?
expect_status 0 $st "report list --format json"
echo "$out" | python3 -c '
import json, sys
l = json.load(sys.stdin)
assert [r["summary"] for r in l] == ["Visite du magasin (corrigé)", "Appel"], l
assert l[0]["revision"] == 2 and "revisions" not in l[0], l[0]
' && pass "list: newest first, current revisions" || fail "list output: $out"
n=$(run report list --company "$company" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 1 ] && pass "list --company filters" || fail "list --company gave $n"
out=$(run report list --company "$company")
[[ "$out" == "$id"$'\t'"2026-12-03"$'\t'"Fleurs de Lise"$'\t'* ]] && pass "text list: id, date, company, summary" || fail "text list: $out"
run report list --format xml >/dev/null 2>&1; expect_status 2 $? "list --format xml"
run report list --company nope >/dev/null 2>&1; expect_status 1 $? "list of an unknown company"

# ---- bad arguments (2) and refused values (1) -----------------------------
run report add --company "$company" --summary "x" >/dev/null 2>&1; expect_status 2 $? "add without --date"
err=$(run report add --company "$company" --date 2026-12-03 --summary x --satisfaction bien 2>&1 >/dev/null); st=$?
expect_status 2 $st "add with a satisfaction that is not a number"
[[ "$err" == *"--satisfaction"* ]] && pass "the message names --satisfaction" || fail "error: $err"
err=$(run report add --company "$company" --date 2026-12-03 --summary x --satisfaction 7 2>&1 >/dev/null); st=$?
expect_status 1 $st "add with satisfaction 7"
[[ "$err" == *"satisfaction"* ]] && pass "the message names the satisfaction" || fail "error: $err"
err=$(run report add --company "$company" --date 2026-02-30 --summary x 2>&1 >/dev/null); st=$?
expect_status 1 $st "add with 2026-02-30"
[[ "$err" == *"YYYY-MM-DD"* ]] && pass "the message names the date format" || fail "error: $err"
run report add --company "$company" --date 2026-12-03 --summary "   " >/dev/null 2>&1; expect_status 1 $? "add with an empty summary"
run report add --company "$company" --date 2026-12-03 --summary x --maturity-after 9 >/dev/null 2>&1; expect_status 1 $? "add with level 9"
run report add --company "$company" --date 2026-12-03 --summary x --time-spent -5 >/dev/null 2>&1; expect_status 1 $? "add with a negative time"
run report add --company nope --date 2026-12-03 --summary x >/dev/null 2>&1; expect_status 1 $? "add for an unknown company"
run report add --company "$company" --date 2026-12-03 --summary x --appointment nope >/dev/null 2>&1; expect_status 1 $? "add with an unknown appointment"
run report add --company "$company" --date 2026-12-03 --summary x --cofinancing-amount 12,345 >/dev/null 2>&1; expect_status 2 $? "add with three decimals of euro"
run report correct nope --summary x >/dev/null 2>&1; expect_status 1 $? "correct an unknown report"
run report show >/dev/null 2>&1; expect_status 2 $? "show without id"
run report frobnicate >/dev/null 2>&1; expect_status 2 $? "unknown report command"
[ "$(sql "select count(*) from reports")" = 2 ] && pass "nothing written by the refused commands" || fail "reports: $(sql "select count(*) from reports")"

# ---- co-financing ---------------------------------------------------------
err=$(run report add --company "$company" --date 2026-12-03 --summary "Cofinancement" --cofinancing-amount 1500.50 2>&1 >/dev/null); st=$?
expect_status 1 $st "co-financing refused to a charter connector"
[[ "$err" == *"labelled"* ]] && pass "the message says only labelled connectors may" || fail "error: $err"
sql "insert into connector_profile (id, kind, label_expires_on, updated_at) values (1, 'labelled', '2027-03-31', 'now')" >/dev/null
cid=$(run report add --company "$company" --date 2026-12-04 --summary "Cofinancement" --cofinancing-amount 1500.50); st=$?
expect_status 0 $st "co-financing accepted from a labelled connector"
run report show "$cid" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["cofinancing"] == {"requested": True, "amount_eur": 1500.5, "status": "requested"}, r["cofinancing"]
' && pass "co-financing shown as the platform has it" || fail "co-financing: $(run report show "$cid")"

# ---- outreach -------------------------------------------------------------
oid=$(run outreach add --date 2026-11-20 --kind workshop --title "Atelier Vendre en ligne" --reached 25 --leads 3 --notes "CCI Rennes"); st=$?
expect_status 0 $st "outreach add"
is_uuid "$oid" && pass "outreach add prints the id" || fail "outreach add printed: $oid"
[ "$(sql "select count(*) from outbox where entity_type='outreach' and entity_id='$oid' and op='upsert'")" = 1 ] \
  && pass "the outreach is queued for the platform" || fail "no outbox entry for the outreach"
run outreach add --date 2027-01-15 --kind call --title "Phoning" >/dev/null
out=$(run outreach list --format json); st=$?
expect_status 0 $st "outreach list --format json"
echo "$out" | python3 -c '
import json, sys
l = json.load(sys.stdin)
assert [o["title"] for o in l] == ["Phoning", "Atelier Vendre en ligne"], l
o = l[1]
assert set(o) == {"id", "date", "kind", "title", "smes_reached", "leads", "notes"}, o
assert o["kind"] == "workshop" and o["smes_reached"] == 25 and o["leads"] == 3 and o["notes"] == "CCI Rennes", o
assert l[0]["smes_reached"] == 0 and l[0]["leads"] == 0, l[0]
' && pass "outreach list: newest first, documented shape" || fail "outreach list: $out"
n=$(run outreach list --from 2026-11-01 --to 2026-12-31 --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = 1 ] && pass "outreach list --from --to" || fail "outreach list range gave $n"
out=$(run outreach list --to 2026-12-31)
[[ "$out" == "$oid"$'\t'"2026-11-20"$'\t'"workshop"$'\t'"Atelier Vendre en ligne"$'\t'* ]] && pass "outreach text list" || fail "outreach text list: $out"
run outreach add --date 2026-11-20 --kind party --title x >/dev/null 2>&1; expect_status 2 $? "outreach add with an unknown kind"
run outreach add --date 2026-11-20 --kind event >/dev/null 2>&1; expect_status 2 $? "outreach add without --title"
run outreach add --date 2026-11-20 --kind event --title x --reached beaucoup >/dev/null 2>&1; expect_status 2 $? "outreach add with reached not a number"
run outreach add --date 2026-11-20 --kind event --title x --leads -2 >/dev/null 2>&1; expect_status 1 $? "outreach add with negative leads"
err=$(run outreach add --date 20/11/2026 --kind event --title x 2>&1 >/dev/null); st=$?
expect_status 1 $st "outreach add with a French date"
[[ "$err" == *"YYYY-MM-DD"* ]] && pass "the message names the date format" || fail "error: $err"
run outreach list --from yesterday >/dev/null 2>&1; expect_status 2 $? "outreach list --from yesterday"

# ---- a lead becomes a company ---------------------------------------------
lead=$(run outreach to-company "$oid" --name "Boulangerie Martin" --postcode 35000); st=$?
expect_status 0 $st "outreach to-company"
run show "$lead" --format json | python3 -c '
import json, sys
c = json.load(sys.stdin)
assert c["status"] == "lead" and c["tags"] == ["Atelier Vendre en ligne"] and c["postcode"] == "35000", c
' && pass "the lead is a company with status lead and the outreach tag" || fail "lead company: $(run show "$lead" --format json)"
run outreach to-company nope --name "X" >/dev/null 2>&1; expect_status 1 $? "to-company of an unknown outreach"
run outreach to-company "$oid" >/dev/null 2>&1; expect_status 2 $? "to-company without --name"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all passed"
