#!/usr/bin/env bash
# Fuzzes every operation of the served OpenAPI document with schemathesis against a fresh server.
#
#   scripts/fuzz.sh                      # 1,000 examples per operation, every phase
#   EXAMPLES=50 scripts/fuzz.sh          # a quicker pass
#   scripts/fuzz.sh --include-tag events # extra arguments go to `st run`
#   CONFIGURATION=debug scripts/fuzz.sh  # against a debug build (quicker to build)
#   RUNS=portal scripts/fuzz.sh          # only the portal run (`org`, `portal` or both)
#
# The run fails on any 5xx, any response the document does not describe (status, content type,
# headers, schema), any request that takes longer than 10 s (a hang), or a server that dies.
# Organization routes run with an all-scopes organization token; the customer portal's with a
# customer session. schemathesis comes from PyPI into .venv-fuzz (once). A fuzzing script, not a
# test: it takes a while and belongs to no CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES=${EXAMPLES:-1000}
RUNS=${RUNS:-org portal}
CONFIGURATION=${CONFIGURATION:-release}
VENV="$PWD/.venv-fuzz"
if [ ! -x "$VENV/bin/st" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'schemathesis>=4.3,<5'
fi

swift build -c "$CONFIGURATION" --product polar-server
work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
".build/$CONFIGURATION/polar-server" serve --port "$port" --database "sqlite://$work/fuzz.sqlite" --log-level notice >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; echo "server log: $work/server.log"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 0.1; done

# The bootstrap token, printed once at first start.
token=$(grep -o 'polar_oat_[A-Za-z0-9]*' "$work/server.log" | head -n 1)
[ -n "$token" ] || { echo "no organization token in the server log" >&2; exit 1; }
# A customer and its session, for the portal.
customer=$(curl -fsS -X POST "$base/v1/customers/" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"email":"fuzz@example.com","name":"Fuzz"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
session=$(curl -fsS -X POST "$base/v1/customer-sessions/" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"customer_id\":\"$customer\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')

# Run in the scratch folder, where schemathesis keeps its cache.
run() {
    (cd "$work" && "$VENV/bin/st" run "$base/openapi.json" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
        --phases examples,coverage,fuzzing,stateful --max-examples "$EXAMPLES" --request-timeout 10 \
        --continue-on-failure --suppress-health-check all --report-dir "$work/reports" "$@")
}

status=0
case " $RUNS " in *" org "*) run --header "Authorization: Bearer $token" --exclude-tag customer_portal "$@" || status=1 ;; esac
case " $RUNS " in *" portal "*) run --header "Authorization: Bearer $session" --include-tag customer_portal "$@" || status=1 ;; esac
kill -0 "$server" 2>/dev/null || { echo "the server died" >&2; status=1; }
exit $status
