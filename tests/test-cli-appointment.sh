#!/usr/bin/env bash
# connecteur-cli appointment, as a connector's script uses it: add, list
# (text, JSON, iCalendar), export, set-status, the exit statuses and the
# messages of bad arguments.  Times are typed and shown in French time.
# Usage: test-cli-appointment.sh PATH_TO_connecteur-cli
set -u
cli="$1"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LC_ALL=C.UTF-8
# The machine's zone must not matter.
export TZ=America/New_York
failures=0

fail() { echo "not ok - $*"; failures=$((failures + 1)); }
pass() { echo "ok - $*"; }
expect_status() { # expected actual what
  if [ "$1" -eq "$2" ]; then pass "$3 (exit $2)"; else fail "$3: exit $2, expected $1"; fi
}
run() { "$cli" "$@" --data-dir "$dir/data"; }
count() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$dir/data/connecteur.db" "$1"; }
is_uuid() { [[ "$1" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]]; }

company=$(run add --name "Café Éléonore" --postcode 19000)
other=$(run add --name "Garage Dupuis" --postcode 19100)

# ---- add ------------------------------------------------------------------------
out=$(run appointment add --company "$company" --start 2026-12-03T09:30 --end 2026-12-03T10:30 \
      --mode on_site --location "12 rue de l’Église, Tulle" --subject "Diagnostic numérique" 2>"$dir/err"); st=$?
expect_status 0 $st "appointment add"
is_uuid "$out" && pass "add prints the new id" || fail "add output: $out"
[ ! -s "$dir/err" ] && pass "no warning without overlap" || fail "unexpected stderr: $(cat "$dir/err")"
first="$out"

# Summer time, the other company, overlapping nothing.
summer=$(run appointment add --company "$other" --start "2026-07-07 14:00" --end "2026-07-07 15:00" \
         --mode phone --subject "Suivi") || fail "add in summer"

# Overlap: stored, with a warning naming the other one.
out=$(run appointment add --company "$other" --start 2026-12-03T10:00 --end 2026-12-03T11:00 \
      --mode video --subject "Appel visio" 2>"$dir/err"); st=$?
expect_status 0 $st "an overlapping appointment is allowed"
is_uuid "$out" && pass "overlapping add prints its id" || fail "overlap output: $out"
grep -q "Diagnostic numérique" "$dir/err" && grep -q "$first" "$dir/err" \
  && pass "the warning names the overlapped appointment" || fail "warning: $(cat "$dir/err")"
overlapping="$out"

# Bad arguments: exit 2, a message naming the problem, nothing stored.
before=$(count "select count(*) from appointments")
err=$(run appointment add --company "$company" --start 2026-12-03T10:30 --end 2026-12-03T09:30 \
      --mode on_site --subject "À l’envers" 2>&1 >/dev/null); st=$?
expect_status 2 $st "add with the end before the start"
[[ "$err" == *"end after"* ]] && pass "the error says the end must come after the start" || fail "error: $err"
err=$(run appointment add --company "$company" --start 2026-12-03T09:30 --end 2026-12-03T09:30 \
      --mode on_site --subject "Nul" 2>&1 >/dev/null); st=$?
expect_status 2 $st "add with the end equal to the start"
err=$(run appointment add --company "$company" --start demain --end 2026-12-03T09:30 \
      --mode on_site --subject "x" 2>&1 >/dev/null); st=$?
expect_status 2 $st "add with an unreadable start"
[[ "$err" == *"demain"* ]] && pass "the error names the bad time" || fail "error: $err"
err=$(run appointment add --company "$company" --start 2026-03-29T02:30 --end 2026-03-29T03:30 \
      --mode on_site --subject "x" 2>&1 >/dev/null); st=$?
expect_status 2 $st "add at a time skipped by the change to summer time"
err=$(run appointment add --company "$company" --start 2026-12-03T09:30 --end 2026-12-03T10:30 \
      --mode visio --subject "x" 2>&1 >/dev/null); st=$?
expect_status 2 $st "add with an unknown mode"
[[ "$err" == *"visio"* ]] && pass "the error names the mode" || fail "error: $err"
err=$(run appointment add --company "$company" --start 2026-12-03T09:30 --end 2026-12-03T10:30 \
      --mode phone --subject "   " 2>&1 >/dev/null); st=$?
expect_status 2 $st "add with an empty subject"
[[ "$err" == *"subject"* ]] && pass "the error is about the subject" || fail "error: $err"
run appointment add --company "$company" --start 2026-12-03T09:30 --end 2026-12-03T10:30 --mode phone >/dev/null 2>&1
expect_status 2 $? "add without --subject"
err=$(run appointment add --company no-such-company --start 2026-12-03T09:30 --end 2026-12-03T10:30 \
      --mode phone --subject "x" 2>&1 >/dev/null); st=$?
expect_status 1 $st "add for an unknown company"
[[ "$err" == *"no-such-company"* ]] && pass "the error names the company" || fail "error: $err"
[ "$(count "select count(*) from appointments")" -eq "$before" ] && pass "refused adds stored nothing" || fail "a refused add stored something"
[ "$(count "select count(*) from outbox where entity_type = 'appointment'")" -eq 3 ] \
  && pass "one outbox entry per appointment" || fail "outbox: $(count "select count(*) from outbox where entity_type = 'appointment'")"

# ---- list -----------------------------------------------------------------------
out=$(run appointment list); st=$?
expect_status 0 $st "list"
[ "$(echo "$out" | wc -l)" -eq 3 ] && pass "list shows three lines" || fail "list: $out"
echo "$out" | head -1 | grep -q "$summer" && pass "list is by start time" || fail "order: $out"
echo "$out" | grep "$first" | grep -q "2026-12-03 09:30–10:30" && pass "text shows French time" || fail "text: $out"
echo "$out" | grep "$summer" | grep -q "2026-07-07 14:00–15:00" && pass "text shows French summer time" || fail "text: $out"
echo "$out" | grep "$first" | grep -q "Café Éléonore" && pass "text shows the company" || fail "text: $out"

run appointment list --format json > "$dir/list.json"; expect_status 0 $? "list --format json"
python3 - "$dir/list.json" "$first" "$company" "$summer" <<'PY' && pass "json has the platform's members, UTC times" || fail "json: $(cat "$dir/list.json")"
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 3, rows
keys = {"id", "company_id", "company_name", "starts_at", "ends_at", "mode", "location",
        "subject", "status", "origin", "notes"}
for r in rows:
    assert set(r) == keys, r
first = [r for r in rows if r["id"] == sys.argv[2]][0]
assert first["company_id"] == sys.argv[3] and first["company_name"] == "Café Éléonore", first
assert first["starts_at"] == "2026-12-03T08:30:00Z" and first["ends_at"] == "2026-12-03T09:30:00Z", first
assert first["mode"] == "on_site" and first["status"] == "planned" and first["origin"] == "connector", first
assert first["location"] == "12 rue de l’Église, Tulle" and first["subject"] == "Diagnostic numérique", first
summer = [r for r in rows if r["id"] == sys.argv[4]][0]
assert summer["starts_at"] == "2026-07-07T12:00:00Z" and summer["location"] is None, summer
assert [r["starts_at"] for r in rows] == sorted(r["starts_at"] for r in rows)
PY

n=$(run appointment list --from 2026-12-03 --to 2026-12-03 --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -eq 2 ] && pass "--from/--to select local days, --to included" || fail "range gave $n"
n=$(run appointment list --from 2026-12-04 --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -eq 0 ] && pass "--from alone" || fail "--from 2026-12-04 gave $n"
n=$(run appointment list --to 2026-07-07 --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -eq 1 ] && pass "--to alone" || fail "--to 2026-07-07 gave $n"
n=$(run appointment list --company "$other" --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" -eq 2 ] && pass "--company" || fail "--company gave $n"
run appointment list --from 2026-12-32 >/dev/null 2>&1; expect_status 2 $? "list with a bad date"
run appointment list --from 2026-12-05 --to 2026-12-01 >/dev/null 2>&1; expect_status 2 $? "list with --to before --from"
run appointment list --format xml >/dev/null 2>&1; expect_status 2 $? "list with an unknown format"
run appointment list --company no-such-company >/dev/null 2>&1; expect_status 1 $? "list for an unknown company"

# ---- iCalendar ---------------------------------------------------------------------
run appointment list --format ics --from 2026-12-01 --to 2026-12-31 > "$dir/list.ics"; expect_status 0 $? "list --format ics"
python3 - "$dir/list.ics" "$first" <<'PY' && pass "ics on stdout: CRLF, TZID Europe/Paris, wall time, UID, summary" || fail "ics: $(head -c 400 "$dir/list.ics")"
import sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
assert all(len(l) <= 75 for l in raw.split(b"\r\n"))
text = raw.replace(b"\r\n ", b"").decode("utf-8")
assert text.count("BEGIN:VEVENT") == 2, text
assert "DTSTART;TZID=Europe/Paris:20261203T093000\r\n" in text
assert "UID:%s@connecteur\r\n" % sys.argv[2] in text
assert "SUMMARY:Diagnostic numérique — Café Éléonore\r\n" in text
assert "LOCATION:12 rue de l’Église\\, Tulle\r\n" in text
assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n" in text
PY

run appointment export -o "$dir/all.ics"; expect_status 0 $? "export"
[ "$(grep -c "BEGIN:VEVENT" "$dir/all.ics")" -eq 3 ] && pass "export writes every appointment" || fail "export: $(grep -c BEGIN:VEVENT "$dir/all.ics")"
run appointment export -o "$dir/summer.ics" --from 2026-07-01 --to 2026-07-31; expect_status 0 $? "export a range"
[ "$(grep -c "BEGIN:VEVENT" "$dir/summer.ics")" -eq 1 ] && grep -q "DTSTART;TZID=Europe/Paris:20260707T140000" "$dir/summer.ics" \
  && pass "the range holds the summer appointment at 14:00 French time" || fail "summer.ics"
run appointment export >/dev/null 2>&1; expect_status 2 $? "export without -o"
run appointment export -o "$dir/no/such/dir.ics" >/dev/null 2>&1; expect_status 1 $? "export to a missing directory"
[ ! -e "$dir/no" ] && pass "nothing written there" || fail "a directory appeared"

# ---- set-status ----------------------------------------------------------------------
events_before=$(count "select count(*) from events where kind = 'appointment'")
run appointment set-status "$first" done; expect_status 0 $? "set-status done"
run appointment list --format json | python3 -c "
import json, sys
rows = {r['id']: r for r in json.load(sys.stdin)}
assert rows['$first']['status'] == 'done', rows
" && pass "the status is stored" || fail "status not stored"
[ "$(count "select count(*) from events where kind = 'appointment'")" -eq $((events_before + 1)) ] \
  && pass "the status change is in the timeline" || fail "no timeline event"
[ "$(count "select detail from events where kind = 'appointment' order by at desc limit 1")" = "$(printf 'done\tDiagnostic numérique')" ] \
  && pass "the event says done and the subject" || fail "event detail"
run appointment set-status "$overlapping" cancelled; expect_status 0 $? "set-status cancelled"
run appointment list --format ics | grep -q "STATUS:CANCELLED" && pass "a cancelled appointment is CANCELLED in ics" || fail "ics status"
run appointment set-status "$summer" no_show; expect_status 0 $? "set-status no_show"
run appointment set-status "$summer" planned; expect_status 0 $? "set-status planned"
err=$(run appointment set-status "$first" postponed 2>&1 >/dev/null); st=$?
expect_status 2 $st "set-status with an unknown status"
[[ "$err" == *"postponed"* ]] && pass "the error names the status" || fail "error: $err"
err=$(run appointment set-status no-such-id done 2>&1 >/dev/null); st=$?
expect_status 1 $st "set-status of an unknown appointment"
[[ "$err" == *"no-such-id"* ]] && pass "the error names the appointment" || fail "error: $err"
run appointment set-status "$first" >/dev/null 2>&1; expect_status 2 $? "set-status without a status"

# ---- the group ----------------------------------------------------------------------------
run appointment --help | grep -q "set-status" && pass "appointment --help lists the commands" || fail "help"
run appointment frobnicate >/dev/null 2>&1; expect_status 2 $? "an unknown appointment command"

echo "$failures failed"
[ "$failures" -eq 0 ]
