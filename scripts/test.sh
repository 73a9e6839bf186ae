#!/usr/bin/env bash
# Set up (with the browser for UI tests), then run the test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export HF_HUB_OFFLINE=1  # the tests use the bundled model and must not reach the network
. .venv/bin/activate
python -m pytest -q "$@"
