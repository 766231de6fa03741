#!/usr/bin/env bash
# Installs what is missing, builds the front end and the desktop app, and opens it.
# Set KEYLINE_DB=/path/to/file.sqlite3 to use a database other than the per-user one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
(cd ui && npm run --silent build)
cargo build -p keyline-desktop -p keyline-cli
exec target/debug/keyline-desktop "$@"
