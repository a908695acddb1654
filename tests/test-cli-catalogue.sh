#!/usr/bin/env bash
# connecteur-cli aids, catalogue, provider and basket: the aids of a company
# for an expense (text and json), the catalogue's versions, checking and
# importing files, searching, declared links and the refusal they bring,
# and the basket printed in the plan.
# Usage: test-cli-catalogue.sh PATH_TO_connecteur-cli SOURCE_DIR
set -u
cli="$1"
srcdir="$2"
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
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

# A 12-employee clothes shop in Nantes.
id=$(run add --name "Boutique Lemoine" --postcode 44000 --naf 47.71Z --employees 12 --revenue 500k-2m)
[ -n "$id" ] && pass "company added" || fail "company not added"
[ "$(run show "$id" --format json | json 'd["employees"], d["headcount"]')" = "(12, '11')" ] \
  && pass "the exact headcount is stored, and fills the bracket" || fail "employees: $(run show "$id" --format json)"
run add --name "Faux" --employees 12 --headcount 12 >/dev/null 2>&1; expect_status 2 $? "12 employees in the 20–49 bracket"

# Today: only the model aid, half of 8 000 €.
out=$(run aids --company "$id" --expense 8000 --date 2026-11-23 --format json); st=$?
expect_status 0 $st "aids --format json"
[ "$(echo "$out" | json '[(a["id"], a["amount_eur"]) for a in d["eligible"]]')" = "[('aide-regionale-modele', 4000)]" ] \
  && pass "eligible today: the model aid, 4 000 €" || fail "eligible: $out"
echo "$out" | json '{a["id"]: a["reason"] for a in d["ineligible"]}["cheque-france-num"]' | grep -q "31/07/2021" \
  && pass "the France Num cheque is closed since 31/07/2021" || fail "France Num reason"
[ "$(echo "$out" | json 'sorted(d.keys())')" = "['eligible', 'ineligible']" ] && pass "json has eligible and ineligible" || fail "json keys"
# In 2016, advice: the regional cheque's advice part and the model aid.
out=$(run aids --company "$id" --expense 8000 --kind advice --date 2016-06-01 --format json)
[ "$(echo "$out" | json 'sorted((a["id"], a["amount_eur"]) for a in d["eligible"])')" = "[('aide-regionale-modele', 4000), ('pdl-cheque-numerique-conseil', 4000)]" ] \
  && pass "eligible in 2016 for advice" || fail "2016: $out"
echo "$out" | json '{a["id"]: a["reason"] for a in d["ineligible"]}["pdl-cheque-numerique-investissement"]' | grep -q "kind of expense" \
  && pass "the investment part is not for advice" || fail "investment reason"
text=$(run aids --company "$id" --expense 1000 --date 2026-11-23)
[[ "$text" == *"Eligible: none"* && "$text" == *"minimum of 2"* ]] && pass "text: none eligible below the floor, with the reason" || fail "text: $text"
run aids --company "$id" --expense 8000 --kind gifts >/dev/null 2>&1; expect_status 2 $? "an unknown kind"
run aids --company "$id" >/dev/null 2>&1; expect_status 2 $? "no expense"
run aids --company "$id" --expense 100 --date 2026-13-01 >/dev/null 2>&1; expect_status 2 $? "a bad date"
run aids --company nope --expense 100 >/dev/null 2>&1; expect_status 1 $? "an unknown company"

# Versions, check and import.
[ "$(run catalogue show --format json | json 'd["aids"]["imported"]')" = "False" ] && pass "aids shipped" || fail "show"
shipped=$(run catalogue show --format json | json 'd["aids"]["version"]')
printf '{ "version": 99, "aids": [ { "id": "x", "name": "X", "issuer": "I", "rate": 2 } ] }' > "$dir/broken.json"
err=$(run catalogue import "$dir/broken.json" 2>&1); st=$?
expect_status 1 $st "importing a malformed file"
[[ "$err" == *"broken.json: aids[0].rate: the rate must be between 0 and 1"* ]] && pass "the error names file, member and problem" || fail "error: $err"
[ "$(run catalogue show --format json | json 'd["aids"]["version"]')" = "$shipped" ] && pass "the catalogue in use is unchanged" || fail "version changed"
sed "s/\"version\": $shipped,/\"version\": $((shipped + 1)),/" "$srcdir/data/catalogue/aids.json" > "$dir/aids-new.json"
run catalogue check "$dir/aids-new.json" >/dev/null; expect_status 0 $? "check a newer file"
[ ! -e "$dir/data/catalogue" ] && pass "check writes nothing" || fail "check wrote"
run catalogue import "$dir/aids-new.json" >/dev/null; expect_status 0 $? "import a newer file"
[ "$(run catalogue show --format json | json 'd["aids"]["version"], d["aids"]["imported"]')" = "($((shipped + 1)), True)" ] \
  && pass "the imported file is in use" || fail "show after import"
run catalogue import "$dir/aids-new.json" >/dev/null 2>&1; expect_status 1 $? "the same version again"

# Search.
[ "$(run catalogue resources --dimension cybersecurite --level 1 --format json | json 'len(d) > 0 and all("cybersecurite" in r["dimensions"] and 1 in r["levels"] for r in d)')" = "True" ] \
  && pass "resources by dimension and level" || fail "resources"
[ "$(run catalogue testimonies --sector G --format json | json 'len(d) > 0')" = "True" ] && pass "testimonies by sector" || fail "testimonies"
run catalogue testimonies --level 9 >/dev/null 2>&1; expect_status 2 $? "a level out of range"
[ "$(run catalogue providers --region 52 --format json | json 'len(d) > 0')" = "True" ] && pass "providers by region" || fail "providers"

# The guard: a declared link refuses the provider, with exit status 4.
run provider link atelier-pixel-et-lin --kind capital --note "Associé" >/dev/null; expect_status 0 $? "declare a link"
err=$(run basket add --company "$id" --provider atelier-pixel-et-lin 2>&1); st=$?
expect_status 4 $st "recommending a provider with a declared link"
[[ "$err" == *"capital links"* ]] && pass "the refusal says why" || fail "refusal: $err"
[ "$(run basket list --company "$id" --format json | json 'len(d)')" = "0" ] && pass "nothing was added" || fail "basket not empty"
run provider link atelier-pixel-et-lin --kind cousin >/dev/null 2>&1; expect_status 2 $? "an unknown kind of link"
run provider unlink atelier-pixel-et-lin; expect_status 0 $? "withdraw the link"
run basket add --company "$id" --provider atelier-pixel-et-lin --note "Spécialiste des boutiques"; expect_status 0 $? "recommend it now"
res=$(run catalogue resources --format json | json 'd[0]["id"]')
run basket add --company "$id" --resource "$res"; expect_status 0 $? "recommend a resource"
run basket add --company "$id" --resource nope >/dev/null 2>&1; expect_status 1 $? "an unknown resource"
[ "$(run basket list --company "$id" --format json | json '[(i["kind"], i["printed"]) for i in d]')" = "[('provider', True), ('resource', True)]" ] \
  && pass "the basket lists both" || fail "basket: $(run basket list --company "$id" --format json)"
run provider rate atelier-pixel-et-lin 5 --comment "Très bien"; expect_status 0 $? "rate a provider"
run provider rate atelier-pixel-et-lin 7 >/dev/null 2>&1; expect_status 2 $? "a score out of range"

# The plan prints the basket and the aids of the expense.
echo '{"questionnaire": "commerce-connecte", "answers": {}}' > "$dir/answers.json"
run diagnostic run --company "$id" --answers "$dir/answers.json" >/dev/null || fail "diagnostic"
run plan export --company "$id" -o "$dir/plan.pdf" >/dev/null; expect_status 0 $? "plan export"
text=$(pdftotext "$dir/plan.pdf" - 2>/dev/null | tr '\n' ' ' | sed 's/[[:space:]]\+/ /g')
[[ "$text" == *"Atelier Pixel"* && "$text" == *"Spécialiste des boutiques"* ]] && pass "the plan prints the basket" || fail "basket not printed"
[[ "$text" == *"Aide régionale type"* ]] && pass "the plan prints the model aid" || fail "aid not printed"
cp "$dir/plan.pdf" "${CN_TEST_KEEP_PDF:-/dev/null}" 2>/dev/null || true

echo "1..0 # $failures failure(s)"
[ "$failures" -eq 0 ]
