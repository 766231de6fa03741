#!/usr/bin/env bash
# Refreshes docs/screenshots from the real front end: the screenshot UI tests (built ui/ in
# headless Chromium, data from the real CLI) and the home screen of the real app under Xvfb.
# The test command writes the same pictures under target/screenshots and never touches
# docs/; this is the one command that does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export KEYLINE_SCREENSHOTS="$PWD/docs/screenshots"
(cd ui && npm run --silent build)
cargo build --locked -p keyline-desktop -p keyline-cli
(cd ui && npx vitest run --config vitest.ui.config.ts tests/ui/screenshots.test.ts tests/ui/workflow-screenshots.test.ts)
(cd ui && xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" npx vitest run --config vitest.e2e.config.ts tests/e2e/home.test.ts)
echo "Refreshed docs/screenshots; review with git diff --stat docs/screenshots"
