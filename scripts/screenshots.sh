#!/usr/bin/env bash
# Refreshes docs/screenshots from the real front end: the screenshot UI tests (built ui/ in
# headless Chromium, data from the real CLI), the home screen of the real app under Xvfb,
# and pages of the real demo report PDF.
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
# The report as a board member reads it: pages 1 (the executive summary) and 3 (findings) of
# the real `keyline demo` PDF, in a throwaway database and Keyline folder.
demo="$(mktemp -d)"
trap 'rm -rf "$demo"' EXIT
KEYLINE_HOME="$demo/home" target/debug/keyline demo --db "$demo/demo.sqlite3" --pdf "$demo/demo.pdf" >/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$demo/demo.pdf" "$KEYLINE_SCREENSHOTS/report-page-1"
pdftoppm -png -r 80 -f 3 -l 3 -singlefile "$demo/demo.pdf" "$KEYLINE_SCREENSHOTS/report-page-2"
# The board pack from a smaller fictional alliance (about 200 inspections; the full one takes
# minutes in a debug build): its summary page and the wards table.
KEYLINE_HOME="$demo/home" target/debug/keyline demo --alliance --inspections 200 \
  --db "$demo/alliance.sqlite3" --pdf "$demo/pack.pdf" >/dev/null 2>&1
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$demo/pack.pdf" "$KEYLINE_SCREENSHOTS/board-pack-page-1"
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$demo/pack.pdf" "$KEYLINE_SCREENSHOTS/board-pack-page-2"
echo "Refreshed docs/screenshots; review with git diff --stat docs/screenshots"
