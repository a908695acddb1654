#!/usr/bin/env bash
# connecteur-cli registry search and add --from-registry, against a
# directory on the loopback interface serving answers of the recorded shape.
# Usage: test-cli-registry.sh PATH_TO_connecteur-cli SOURCE_ROOT
set -u
cli="$1"
data="$2/tests/data/registry"
dir=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8
# Whatever this machine's network: the directory is on the loopback.
export GIO_USE_NETWORK_MONITOR=base
export GIO_USE_PROXY_RESOLVER=dummy
failures=0

fail() { echo "not ok - $*"; failures=$((failures + 1)); }
pass() { echo "ok - $*"; }
expect_status() { # expected actual what
  if [ "$1" -eq "$2" ]; then pass "$3 (exit $2)"; else fail "$3: exit $2, expected $1"; fi
}

# The directory: answers by the words asked for, logs every request.
cat > "$dir/server.py" <<'EOF'
import http.server, json, sys, urllib.parse
data, port_file, log_file = sys.argv[1], sys.argv[2], sys.argv[3]
def load(name):
    with open(f"{data}/{name}", encoding="utf-8") as f:
        return json.load(f)
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def send(self, status, body, headers=()):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        q = query.get("q", [""])[0]
        with open(log_file, "a", encoding="utf-8") as log:
            log.write(url.query + "\n")
        if url.path != "/search":
            return self.send(404, {"erreur": "not found"})
        if "lefevre" in q:
            body = load("search-lefevre.json")
            if "code_postal" in query:
                body["results"] = [r for r in body["results"] if r["siege"]["code_postal"] == query["code_postal"][0]]
                body["total_results"] = len(body["results"])
            return self.send(200, body)
        if q.isdigit() and len(q) == 9:
            body = load("search-lefevre.json")
            body["results"] = [r for r in body["results"] if r["siren"] == q]
            body["total_results"] = len(body["results"])
            return self.send(200, body)
        if q == "down":
            return self.send(503, {"erreur": "maintenance"})
        if q == "busy":
            return self.send(429, {"erreur": "trop de requêtes"}, [("Retry-After", "30")])
        return self.send(200, {"results": [], "total_results": 0, "page": 1, "per_page": 10, "total_pages": 0})
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
EOF
python3 "$dir/server.py" "$data" "$dir/port" "$dir/requests.log" &
server_pid=$!
for _ in $(seq 50); do [ -s "$dir/port" ] && break; sleep 0.1; done
[ -s "$dir/port" ] || { echo "not ok - the test directory did not start"; exit 1; }
url="http://127.0.0.1:$(cat "$dir/port")"

run() { "$cli" "$@" --data-dir "$dir/data"; }

# search: one tab-separated line per company, closed ones marked
out=$(run registry search boulangerie lefevre --registry-url "$url"); st=$?
expect_status 0 $st "registry search"
[ "$(echo "$out" | wc -l)" -eq 3 ] && pass "three companies found" || fail "search printed: $out"
echo "$out" | grep -q $'^812453678\tBOULANGERIE LEFEVRE\t19100 BRIVE-LA-GAILLARDE\t10.71C\t3 to 5 employees$' \
  && pass "a line carries SIREN, name, place, activity, headcount" || fail "line: $(echo "$out" | head -1)"
echo "$out" | grep -q $'^433129871\t.*\tclosed$' && pass "the closed company is marked" || fail "closed: $out"
grep -q 'q=boulangerie%20lefevre&page=1&per_page=10' "$dir/requests.log" \
  && pass "the query is sent as the directory documents it" || fail "request: $(cat "$dir/requests.log")"

# json: every field, and a filter on the postcode
json=$(run registry search lefevre --postcode 87000 --format json --registry-url "$url"); st=$?
expect_status 0 $st "registry search --format json"
echo "$json" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
assert doc["total"] == 1 and doc["from_cache"] is False, doc
r = doc["results"][0]
for key in ("siren", "siret", "name", "naf", "naf_label", "headcount", "address", "postcode", "commune",
            "founded_on", "legal_form", "category", "revenue", "revenue_year", "revenue_bracket",
            "establishments", "open_establishments", "closed"):
    assert key in r, key
assert r["siret"] == "52347891500011" and r["postcode"] == "87000" and r["commune"] == "LIMOGES"
assert r["address"] == "ZONE ARTISANALE DU MOULIN, 4 RUE DES ARTISANS"
assert r["revenue"] == 1250000 and r["revenue_bracket"] == "500k-2m" and r["establishments"] == 3
assert r["closed"] is False
' && pass "json carries every field, filtered by postcode" || fail "json: $json"
grep -q 'code_postal=87000' "$dir/requests.log" && pass "the postcode filter is sent" || fail "no code_postal"

# nothing found, a refused query, a directory in trouble
out=$(run registry search "atelier inconnu" --registry-url "$url"); st=$?
expect_status 0 $st "search without a match"
[ -z "$out" ] && pass "nothing printed" || fail "printed: $out"
run registry search ab --registry-url "$url" >/dev/null 2>&1; expect_status 2 $? "a two-letter search"
run registry search lefevre --format xml --registry-url "$url" >/dev/null 2>&1; expect_status 2 $? "unknown format"
run registry search lefevre --postcode 123 --registry-url "$url" >/dev/null 2>&1; expect_status 2 $? "bad postcode"
err=$(run registry search down --registry-url "$url" 2>&1 >/dev/null); st=$?
expect_status 1 $st "directory answering 503"
[[ "$err" == *"503"* ]] && pass "the message gives the error" || fail "503 message: $err"
err=$(run registry search busy --registry-url "$url" 2>&1 >/dev/null); st=$?
expect_status 1 $st "directory answering 429"
[[ "$err" == *"30 seconds"* ]] && pass "the message gives the wait asked for" || fail "429 message: $err"
"$cli" registry frobnicate >/dev/null 2>&1; expect_status 2 $? "unknown registry command"
"$cli" registry --help | grep -q "registry search" && pass "registry --help" || fail "registry --help"

# the directory unreachable: what was found before is shown, with a warning
out=$(run registry search lefevre --registry-url "http://127.0.0.1:9" 2>"$dir/err"); st=$?
expect_status 0 $st "search with the directory unreachable"
[ "$(echo "$out" | wc -l)" -eq 3 ] && pass "the companies found before are shown" || fail "cached: $out"
grep -q "found before" "$dir/err" && pass "with a warning" || fail "warning: $(cat "$dir/err")"
run registry search "atelier inconnu" --registry-url "http://127.0.0.1:9" >/dev/null 2>&1
expect_status 1 $? "unreachable, nothing found before"

# add --from-registry: the company as the directory knows it, options on top
n_before=$(wc -l < "$dir/requests.log")
id=$(run add --from-registry "812 453 678" --tags "boulangerie" --registry-url "$url"); st=$?
expect_status 0 $st "add --from-registry"
[[ "$id" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] && pass "it prints the new id" || fail "add printed '$id'"
[ "$(wc -l < "$dir/requests.log")" -eq $((n_before + 1)) ] && pass "one request" || fail "requests: $(tail -3 "$dir/requests.log")"
run show "$id" --format json | python3 -c '
import json, sys
c = json.load(sys.stdin)
assert c["name"] == "BOULANGERIE LEFEVRE", c["name"]
assert c["siren"] == "812453678" and c["siret"] == "81245367800011"
assert c["naf"] == "10.71C" and c["headcount"] == "02" and c["revenue"] == "100k-500k"
assert c["address"] == "12 BIS AVENUE DE LA LIBERATION" and c["postcode"] == "19100"
assert c["commune"] == "BRIVE-LA-GAILLARDE" and c["department"] == "19"
assert c["founded_on"] == "2015-09-01", c.get("founded_on")
assert c["tags"] == ["boulangerie"]
' && pass "the company carries the directory's data" || fail "company: $(run show "$id" --format json)"
run show "$id" | grep -q "2015" && pass "show prints the creation date" || fail "show: $(run show "$id")"

id2=$(run add --from-registry 52347891500011 --name "Maison Lefèvre" --registry-url "$url"); st=$?
expect_status 0 $st "add --from-registry with a SIRET and --name"
run show "$id2" --format json | grep -q '"name" : "Maison Lefèvre"' && pass "--name overrides the directory" || fail "name"

run add --from-registry 798112348 --registry-url "$url" >/dev/null 2>"$dir/err"; st=$?
expect_status 1 $st "add --from-registry of a SIREN the directory does not know"
grep -q "798 112 348" "$dir/err" && pass "the message names it" || fail "message: $(cat "$dir/err")"
run add --from-registry 812453679 --registry-url "$url" >/dev/null 2>&1; expect_status 2 $? "add --from-registry with a mistyped SIREN"

# Unreachable: the company looked up before is still added, with a warning.
id3=$(run add --from-registry 433129871 --registry-url "http://127.0.0.1:9" 2>"$dir/err"); st=$?
expect_status 0 $st "add --from-registry from what was fetched before"
grep -q "last looked up" "$dir/err" && pass "with a warning" || fail "warning: $(cat "$dir/err")"
run show "$id3" --format json | grep -q '"siret" : "43312987100011"' && pass "with the directory's data" || fail "cached add"
[ "$(run list | wc -l)" -eq 3 ] && pass "three companies in the portfolio" || fail "list: $(run list)"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
