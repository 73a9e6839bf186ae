#!/usr/bin/env bash
# Set up, index the sample corpus in corpus/, then open the web app (or ask one question).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1  # the bundled model needs no network
. .venv/bin/activate
boardqa index corpus
if [ -f app.py ]; then
  # 127.0.0.1 unless BOARDQA_HOST says otherwise (e.g. BOARDQA_HOST=0.0.0.0 to serve the network)
  exec streamlit run app.py --server.headless true --server.address "${BOARDQA_HOST:-127.0.0.1}"
else
  boardqa ask "what was agency spend in 2014/15"
fi
