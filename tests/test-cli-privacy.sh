#!/usr/bin/env bash
# connecteur-cli privacy, as a script uses it: the export folder and its
# private modes, erase refused without --yes (exit 2, nothing touched) and
# complete with it, retention listing only closed companies past the period.
# Usage: test-cli-privacy.sh PATH_TO_connecteur-cli
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
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2], sys.argv[3:]).fetchone(); c.commit(); print(r[0] if r else "")' "$db" "$@"; }
mode() { stat -c %a "$1"; }

company=$(run add --name "Mercerie Obéline" --postcode 35000 --notes "Passe le mardi" --status closed)
other=$(run add --name "Garage Dupont" --postcode 19100 --status closed)
run appointment add --company "$company" --start "2026-12-03 09:30" --end "2026-12-03 10:30" --mode on_site --subject "Visite" >/dev/null \
  || fail "appointment add"

# ---- export ---------------------------------------------------------------
mkdir -p "$dir/out"
folder=$(run privacy export "$company" --out-dir "$dir/out" 2>/dev/null)
expect_status 0 $? "privacy export"
[ -d "$folder" ] && pass "export folder printed" || fail "export folder: '$folder'"
[ "$(mode "$folder")" = 700 ] && pass "folder 0700" || fail "folder mode $(mode "$folder")"
[ "$(mode "$folder/company.json")" = 600 ] && pass "company.json 0600" || fail "json mode $(mode "$folder/company.json")"
python3 - "$folder/company.json" <<'PY' && pass "export contents" || fail "export contents"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["company"]["name"] == "Mercerie Obéline"
assert len(d["appointments"]) == 1
assert "Garage" not in open(sys.argv[1]).read()
PY
run privacy export no-such-id --out-dir "$dir/out" >/dev/null 2>&1
expect_status 1 $? "export of an unknown company"
run privacy export >/dev/null 2>&1
expect_status 2 $? "export without an id"

# ---- retention ------------------------------------------------------------
sql "UPDATE companies SET last_activity_at = '2015-01-01T00:00:00.000000Z' WHERE id = ?" "$company" >/dev/null
listed=$(run privacy retention --years 3 2>/dev/null)
expect_status 0 $? "privacy retention"
case "$listed" in
  *"$company"*Mercerie*) pass "old closed company proposed" ;;
  *) fail "retention listed: $listed" ;;
esac
case "$listed" in
  *"$other"*) fail "a recent closed company was proposed" ;;
  *) pass "recent closed company kept" ;;
esac
[ -z "$(run privacy retention --years 0 2>/dev/null)" ] && pass "retention 0 proposes nothing" || fail "retention 0"
run privacy retention --years -4 >/dev/null 2>&1
expect_status 2 $? "negative years"

# ---- erase ----------------------------------------------------------------
message=$(run privacy erase "$company" 2>&1 >/dev/null)
expect_status 2 $? "erase without --yes"
case "$message" in
  *"cannot be undone"*--yes*) pass "erase explains" ;;
  *) fail "erase message: $message" ;;
esac
[ "$(sql "SELECT count(*) FROM companies WHERE id = ?" "$company")" = 1 ] && pass "nothing erased without --yes" || fail "erased without --yes"

run privacy erase "$company" --yes >/dev/null
expect_status 0 $? "erase --yes"
python3 - "$db" "$company" "Obéline" <<'PY' && pass "no trace left in any table" || fail "traces left"
import sqlite3, sys
db, *needles = sys.argv[1:]
c = sqlite3.connect(db)
tables = [r[0] for r in c.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
found = []
for t in tables:
    cols = [r[1] for r in c.execute('PRAGMA table_info("%s")' % t.replace('"', '""'))]
    for col in cols:
        for n in needles:
            q = 'SELECT count(*) FROM "%s" WHERE instr(CAST("%s" AS BLOB), CAST(? AS BLOB)) > 0' % (t, col)
            if c.execute(q, (n,)).fetchone()[0]:
                found.append("%s.%s" % (t, col))
print(found, file=sys.stderr)
sys.exit(1 if found else 0)
PY
[ -z "$(run list --search "Obéline")" ] && pass "search finds nothing" || fail "search still finds it"
[ "$(sql "SELECT count(*) FROM outbox WHERE op = 'delete'")" = 0 ] && pass "never shared: no delete queued" || fail "delete queued"
run privacy erase "$company" --yes >/dev/null 2>&1
expect_status 1 $? "erase twice"
[ -n "$(run show "$other")" ] && pass "other company kept" || fail "other company gone"

# Shared with the platform: the erasure is queued as a delete.
sql "UPDATE companies SET revision = 7 WHERE id = ?" "$other" >/dev/null
run privacy erase "$other" --yes >/dev/null
expect_status 0 $? "erase a shared company"
[ "$(sql "SELECT op || ' ' || base_revision FROM outbox WHERE entity_id = ?" "$other")" = "delete 7" ] \
  && pass "shared: delete queued on its revision" || fail "outbox: $(sql "SELECT group_concat(op) FROM outbox WHERE entity_id = ?" "$other")"

if [ "$failures" -gt 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
