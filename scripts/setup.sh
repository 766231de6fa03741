#!/usr/bin/env bash
# Installs whatever Keyline needs and is missing, and nothing else: system packages through
# apt (with sudo only when not root), the front end's packages through `npm ci`, and
# tauri-driver (major 2) and cargo-nextest through cargo. Quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Tauri 2 on Linux (with D-Bus and xdg-open, which opening a report or its folder uses),
# plus Xvfb and WebKitWebDriver for end-to-end tests, Chromium for UI tests, the PDF
# tools the report tests read PDFs back with, and desktop-file-validate for the package test
# (the Tauri bundler itself comes with the front end's npm packages).
packages=(
  build-essential pkg-config curl file ca-certificates
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev librsvg2-dev libjavascriptcoregtk-4.1-dev
  libayatana-appindicator3-dev libxdo-dev libssl-dev libdbus-1-dev xdg-utils
  xvfb xauth webkit2gtk-driver chromium poppler-utils qpdf imagemagick fonts-liberation2
  desktop-file-utils
)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is not installed: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo nextest --version >/dev/null 2>&1; then
  say "Installing cargo-nextest"
  cargo install cargo-nextest --locked
fi
if ! tauri-driver --help >/dev/null 2>&1 || ! cargo install --list | grep -q '^tauri-driver v2\.'; then
  say "Installing tauri-driver 2"
  cargo install tauri-driver --version '^2' --locked
fi

# npm ci only when the lock file changed since the last install.
stamp=ui/node_modules/.keyline-lock.sha256
want="$(sha256sum ui/package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "Installing front-end packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund)
  echo "$want" >"$stamp"
fi
