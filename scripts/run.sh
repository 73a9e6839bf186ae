#!/usr/bin/env bash
# Set up, index the sample corpus in corpus/, then open the web app (or ask one question).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1  # the bundled model needs no network
. .venv/bin/activate
boardqa index corpus
if [ -f app.py ]; then
  exec streamlit run app.py --server.headless true
else
  boardqa ask "what was agency spend in 2014/15"
fi
