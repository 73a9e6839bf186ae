#!/usr/bin/env bash
# Create .venv (if missing) and install boardqa into it with the pinned versions.
#
#   bash scripts/setup.sh          # the assistant and its test tools
#   bash scripts/setup.sh --test   # also Chromium for the browser tests (apt, when root)
#
# Safe to run again: pip leaves what is already installed alone.
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
for arg in "$@"; do
  case "$arg" in
    --test) with_browser=1 ;;
    *) echo "usage: bash scripts/setup.sh [--test]" >&2; exit 2 ;;
  esac
done

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "${PYTHON:-python3}" -m venv .venv
fi
py=.venv/bin/python

# torch first and on its own: pip then takes the local CPU wheel (find-links) instead of the
# multi-GB CUDA build that sentence-transformers would otherwise pull in.
"$py" -m pip install --quiet torch==2.13.0
"$py" -m pip install --quiet -c constraints.txt -e '.[test,milvus]'  # milvus: the Milvus Lite store the tests also run against

if [ "$with_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing chromium (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y chromium
  else
    echo "setup: /usr/bin/chromium is missing and this is not root — browser tests need" \
         "\`sudo apt-get install -y chromium\`" >&2
  fi
fi
# the ONNX copy of the model that indexing and answering run (exported once into ~/.cache/boardqa)
HF_HUB_OFFLINE=1 "$py" -c 'from assistant.indexing.embed import prepare; from assistant.settings import Settings; prepare(Settings())'
echo "setup: ready ($("$py" -c 'import assistant; print("boardqa", assistant.__version__)'))"
