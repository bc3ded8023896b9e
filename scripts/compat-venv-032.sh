#!/usr/bin/env bash
# Prepares a virtual environment with polar-sdk 0.32 (the previous SDK generation, which cannot
# share a venv with 1.x). Idempotent; the last line printed is the environment's python.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-compat-032"
requirements="$root/Tests/Compatibility/requirements-sdk-032.txt"
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv" >&2
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
    echo "$wanted" >"$stamp"
fi
echo "$venv/bin/python"
