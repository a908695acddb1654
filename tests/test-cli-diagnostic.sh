#!/usr/bin/env bash
# connecteur-cli diagnostic / referential, as a CCI batch script uses them:
# the JSON shapes, the exit statuses, bad answers files and bad questionnaires.
# Usage: test-cli-diagnostic.sh PATH_TO_connecteur-cli SOURCE_ROOT
set -u
cli="$1"
src="$2"
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
count_diagnostics() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from diagnostics").fetchone()[0])' "$dir/data/connecteur.db"; }

# ---- referential check ------------------------------------------------------
for f in "$src"/data/referential/*.json; do
  out=$("$cli" referential check "$f"); st=$?
  expect_status 0 $st "referential check $(basename "$f")"
  [[ "$out" == *"valid"* ]] && pass "check reports $(basename "$f") valid" || fail "check output: $out"
done
sed 's/"min": 40/"min": 10/' "$src/tests/data/referential-small.json" > "$dir/bad-levels.json"
err=$("$cli" referential check "$dir/bad-levels.json" 2>&1 >/dev/null); st=$?
expect_status 1 $st "referential check refuses thresholds out of order"
[[ "$err" == *"bad-levels.json"* && "$err" == *"levels[2]"* ]] && pass "the error names the file and the member" || fail "error: $err"
"$cli" referential check >/dev/null 2>&1; expect_status 2 $? "referential check without a file"

# ---- template ---------------------------------------------------------------
run diagnostic template > "$dir/template.json"; expect_status 0 $? "diagnostic template"
python3 - "$dir/template.json" <<'PY' && pass "template has the documented shape" || fail "template shape"
import json, sys
t = json.load(open(sys.argv[1]))
assert t["questionnaire"] == "commerce-connecte" and isinstance(t["version"], int)
kinds = set()
for q in t["questions"]:
    assert set(("id", "dimension", "kind", "choices")) <= set(q), q
    kinds.add(q["kind"])
    assert (q["dimension"] is None) == (q["kind"] == "profile"), q
    for c in q["choices"]:
        assert set(("id", "label", "points")) <= set(c), c
        assert (c["points"] is None) == (q["kind"] == "profile")
assert kinds == {"single", "multiple", "profile"}, kinds
PY
run diagnostic template --questionnaire e-export | grep -q '"questionnaire" : "e-export"' && pass "template of e-export" || fail "template e-export"
run diagnostic template --questionnaire nope >/dev/null 2>&1; expect_status 1 $? "template of an unknown questionnaire"

# ---- run ----------------------------------------------------------------------
company=$(run add --name "Fleurs de Lise" --postcode 35000)

# Best answer everywhere: 100 in every dimension, the top level.
python3 - "$dir/template.json" "$dir/best.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
answers = {}
for q in t["questions"]:
    if q["kind"] == "profile":
        answers[q["id"]] = q["choices"][0]["id"]
    elif q["kind"] == "single":
        answers[q["id"]] = max(q["choices"], key=lambda c: c["points"])["id"]
    else:
        answers[q["id"]] = [c["id"] for c in q["choices"] if c["points"] > 0]
json.dump({"questionnaire": t["questionnaire"], "answers": answers}, open(sys.argv[2], "w"))
PY
out=$(run diagnostic run --company "$company" --answers "$dir/best.json"); st=$?
expect_status 0 $st "diagnostic run"
echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert set(r) == {"id", "overall", "level", "scores"}, r
assert r["overall"] == 100, r
assert all(v == 100 for v in r["scores"].values()) and len(r["scores"]) >= 6, r
' && pass "run prints id, overall, level and 100 everywhere" || fail "run output: $out"
best_id=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
best_level=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["level"])')

# Nothing answered: everything counts as "don't know".
echo '{"questionnaire": "commerce-connecte", "answers": {}}' > "$dir/empty.json"
out=$(run diagnostic run --company "$company" --answers "$dir/empty.json")
echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["overall"] == 0 and all(v == 0 for v in r["scores"].values()), r
' && pass "unanswered questions count as don't know" || fail "empty answers: $out"
[ "$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["level"])')" != "$best_level" ] \
  && pass "the level differs between 0 and 100" || fail "same level for 0 and 100"

# An overall of exactly 62.5 (computed as 62.49999… in floating point)
# rounds half up, as the questionnaire's README says.
out=$(run diagnostic run --company "$company" --answers "$src/tests/data/answers-half-point.json")
[ "$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["overall"])')" = 63 ] \
  && pass "62.5 rounds to 63" || fail "half-point rounding: $out"

# Unknown question or choice: an error naming it, nothing stored.
before=$(count_diagnostics)
echo '{"questionnaire": "commerce-connecte", "answers": {"pas-une-question": "oui"}}' > "$dir/bad-q.json"
err=$(run diagnostic run --company "$company" --answers "$dir/bad-q.json" 2>&1 >/dev/null); st=$?
expect_status 1 $st "run with an unknown question"
[[ "$err" == *"pas-une-question"* ]] && pass "the error names the question" || fail "error: $err"
q=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); print([q["id"] for q in t["questions"] if q["kind"]=="single"][0])' "$dir/template.json")
echo "{\"questionnaire\": \"commerce-connecte\", \"answers\": {\"$q\": \"choix-inconnu\"}}" > "$dir/bad-c.json"
err=$(run diagnostic run --company "$company" --answers "$dir/bad-c.json" 2>&1 >/dev/null); st=$?
expect_status 1 $st "run with an unknown choice"
[[ "$err" == *"choix-inconnu"* ]] && pass "the error names the choice" || fail "error: $err"
echo '{"questionnaire": ' > "$dir/broken.json"
run diagnostic run --company "$company" --answers "$dir/broken.json" >/dev/null 2>&1; expect_status 1 $? "run with broken JSON"
echo '{"questionnaire": "commerce-connecte", "version": 99, "answers": {}}' > "$dir/v99.json"
err=$(run diagnostic run --company "$company" --answers "$dir/v99.json" 2>&1 >/dev/null); st=$?
expect_status 1 $st "run with a version that does not exist"
[[ "$err" == *"99"* ]] && pass "the error names the version" || fail "error: $err"
run diagnostic run --company "no-such-company" --answers "$dir/empty.json" >/dev/null 2>&1; expect_status 1 $? "run for an unknown company"
run diagnostic run --company "$company" >/dev/null 2>&1; expect_status 2 $? "run without --answers"
[ "$(count_diagnostics)" -eq "$before" ] && pass "failed runs stored nothing" || fail "failed runs stored a diagnostic"

# ---- show and list ------------------------------------------------------------
run diagnostic show "$best_id" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r["overall"] == 100 and r["completed_at"] and r["questionnaire"] == "commerce-connecte"
assert r["answers"] and "reference" in r and r["actions"] == [], r
' && pass "show gives the answers and the result scored again" || fail "show"
run diagnostic show "nope" >/dev/null 2>&1; expect_status 1 $? "show an unknown diagnostic"
[ "$(run diagnostic list --company "$company" | wc -l)" -eq 3 ] && pass "list shows the three diagnostics" || fail "list"
run diagnostic list --company "$company" --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
assert [r["overall"] for r in rows] == [100, 0, 63], rows
' && pass "list json, oldest first" || fail "list json"
run show "$company" --format json | grep -q '"status" : "diagnosed"' && pass "the company is now diagnosed" || fail "status"

echo "$failures failed"
[ "$failures" -eq 0 ]
