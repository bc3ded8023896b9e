#!/usr/bin/env bash
# Prepares the virtual environment for the Python compatibility suites in Tests/Compatibility:
# Polar's official SDK (polar-sdk), the OpenAPI contract checker, the SMTP sink of the mail tests, and
# selenium for the browser tests in Tests/Browser. Idempotent: it reinstalls
# only when a requirements file changed. The last line printed is the environment's python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-compat"
requirements=(
    "$root/Tests/Compatibility/requirements.txt"
    "$root/Tests/Compatibility/requirements-openapi.txt"
    "$root/Tests/Compatibility/requirements-mail.txt"
    "$root/Tests/Browser/requirements.txt"
)
stamp="$venv/.requirements.sha256"
wanted="$(cat "${requirements[@]}" | sha256sum | cut -d' ' -f1)"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv" >&2
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        $(printf -- '-r %q ' "${requirements[@]}") >&2
    echo "$wanted" >"$stamp"
fi
echo "$venv/bin/python"
