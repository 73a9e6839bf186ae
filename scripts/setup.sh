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

# only what is missing: a machine whose npm came with its own Node.js cannot take Debian's npm beside it
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
if [ "$with_browser" = 1 ] && [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]} (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
  else
    echo "setup: ${missing[*]} missing and this is not root — browser tests need" \
         "\`sudo apt-get install -y ${missing[*]}\`" >&2
  fi
fi
# axe-core for the browser tests' accessibility check, installed here once, never fetched while testing
AXE_VERSION=4.11.0
if [ "$with_browser" = 1 ] && [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null; then
    npm install --silent --no-audit --no-fund --prefix .cache/axe "axe-core@$AXE_VERSION"
  else
    echo "setup: npm is missing — the accessibility test needs \`apt-get install -y npm\`" >&2
  fi
fi
# the ONNX copy of the model that indexing and answering run (exported once into ~/.cache/boardqa)
# quietly: the weights' loading bar and onnxruntime's advice to pre-process are not for the user
HF_HUB_OFFLINE=1 HF_HUB_DISABLE_PROGRESS_BARS=1 "$py" -c 'import logging; logging.disable(logging.WARNING)
from transformers.utils import logging as tl; tl.disable_progress_bar()
from assistant.indexing.embed import prepare; from assistant.settings import Settings; prepare(Settings())'
echo "setup: ready ($("$py" -c 'import assistant; print("boardqa", assistant.__version__)'))"
