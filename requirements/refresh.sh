#!/usr/bin/env bash
# Refresh the locks from pyproject.toml's ranges to the newest versions that satisfy them:
#   bash requirements/refresh.sh
# then run the tests (README's second command) and commit the locks only if they pass.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install -q uv
compile() { python3 -m uv pip compile pyproject.toml --python-version 3.11 --universal --generate-hashes --upgrade -q "$@"; }
compile -o requirements/run.lock
compile --extra test -o requirements/test.lock
echo "requirements/run.lock and requirements/test.lock refreshed; now run the tests"
