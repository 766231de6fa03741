#!/usr/bin/env bash
# Every check and test Keyline has; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

step "The core crates stay free of Tauri and WebKit (cargo tree)"
for crate in keyline-core keyline-store keyline-report keyline-sign keyline-app; do
  if cargo tree --locked -p "$crate" -e normal | grep -qiE 'tauri|webkit|gtk'; then
    echo "$crate depends on Tauri, WebKit or GTK; only src-tauri may" >&2
    exit 1
  fi
done

step "Front end: build and type-check"
(cd ui && npm run --silent build && npm run --silent check)

step "Lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests (nextest)"
cargo build --locked -p keyline-desktop -p keyline-cli
cargo nextest run --workspace --locked --no-fail-fast

step "Front-end unit tests (vitest)"
(cd ui && npm run --silent test:unit)

step "UI tests: built ui/ in headless Chromium with mocked IPC"
(cd ui && npm run --silent test:ui)

step "End-to-end: the real app under Xvfb through tauri-driver"
(cd ui && xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" npm run --silent test:e2e)

step "Release package: the Debian package, built once (scripts/package.sh)"
KEYLINE_SKIP_SETUP=1 scripts/package.sh

step "Package test: install the package, use the installed app and CLI, remove it"
tests/package/test.sh

step "All checks passed"
