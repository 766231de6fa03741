#!/usr/bin/env bash
# The package test: installs the Debian package that scripts/package.sh built, uses what it
# installed as a user would (the `keyline` command, the desktop app under Xvfb through
# tauri-driver), removes it, and checks that nothing it installed is left. The package is
# removed even when a check fails. Writes only under temporary folders and the target folder.
#
#   tests/package/test.sh [PATH.deb]    default: the one scripts/package.sh built
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
export PATH="$HOME/.cargo/bin:$PATH"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() {
  echo "package test: $*" >&2
  exit 1
}
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
version="$(cargo metadata --locked --no-deps --format-version 1 |
  node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
           process.stdout.write(m.packages.find((p) => p.name === "keyline-desktop").version)')"
deb="${1:-$target/release/bundle/deb/keyline_${version}_$(dpkg --print-architecture).deb}"
case "$deb" in /*) ;; *) deb="$root/$deb" ;; esac
[ -f "$deb" ] || fail "no package at $deb: build it with ./dev package"

is_installed() { [ "$(dpkg-query -W -f='${Status}' keyline 2>/dev/null)" = "install ok installed" ]; }
# A Keyline installed by someone on purpose is not ours to replace and remove.
if is_installed; then
  fail "the keyline package is already installed here; remove it first (apt-get remove keyline)"
fi

say "What the package holds ($(basename "$deb"))"
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = keyline ] || fail "the package is named $(field Package), not keyline"
[ "$(field Version)" = "$version" ] || fail "the package's version is $(field Version), the workspace's $version"
depends="$(field Depends)"
for needed in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -qE "(^|, )$needed( |,|$)" <<<"$depends" || fail "Depends ($depends) lacks $needed"
done
contents="$(dpkg-deb -c "$deb" | awk '{print $6}' | sed -E 's|^\.?/?|/|')"
for file in /usr/bin/keyline /usr/bin/keyline-desktop /usr/share/applications/Keyline.desktop \
  /usr/share/icons/hicolor/32x32/apps/keyline-desktop.png \
  /usr/share/icons/hicolor/128x128/apps/keyline-desktop.png \
  /usr/share/doc/keyline/LICENSE /usr/share/doc/keyline/OFL-Liberation-Sans.txt \
  /usr/share/doc/keyline/THIRD-PARTY-NOTICES.gz; do
  grep -qxF "$file" <<<"$contents" || fail "the package lacks $file"
done
echo "Depends: $depends"

# The RPM beside it: no RPM tools here, so its lead is read (magic, then the package's name).
rpm="$(dirname "$deb")/../rpm/keyline-$version-1.$(uname -m).rpm"
if [ -z "${1:-}" ]; then
  [ -f "$rpm" ] || fail "no RPM at $rpm"
  [ "$(head -c 4 "$rpm" | od -An -tx1 | tr -d ' \n')" = edabeedb ] || fail "$rpm is not an RPM"
  [ "$(dd if="$rpm" bs=1 skip=10 count=8 status=none | tr -d '\0')" = keyline ] || fail "$rpm is not the keyline package"
  echo "RPM: $(basename "$rpm") ($(du -k "$rpm" | cut -f1) KiB)"
fi

work="$(mktemp -d)"
installed=""
cleanup() {
  local status=$?
  if [ -n "$installed" ]; then
    say "Removing the package"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq keyline >/dev/null || status=1
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

say "Installing it (apt-get install)"
installed=1
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
installed_files="$(dpkg-query -L keyline)"
desktop=/usr/share/applications/Keyline.desktop
grep -qx "Exec=keyline-desktop" "$desktop" || fail "$desktop does not start keyline-desktop"
grep -qx "Name=Keyline" "$desktop" || fail "$desktop does not name Keyline"
grep -qx "Icon=keyline-desktop" "$desktop" || fail "$desktop has no icon"
desktop-file-validate "$desktop" || fail "$desktop is not a valid menu entry"
[ -x /usr/bin/keyline ] && [ -x /usr/bin/keyline-desktop ] || fail "keyline or keyline-desktop is not in /usr/bin"
echo "Installed size: $(dpkg-query -W -f='${Installed-Size}' keyline) KiB"

say "The installed keyline command"
got="$(/usr/bin/keyline --version)"
[ "$got" = "keyline $version" ] || fail "keyline --version says '$got', not 'keyline $version'"
echo "$got"
# As a user with a home of their own in $work: the demo's signing identity, the signer
# trusted and anything else the command keeps stay there.
as_user() {
  HOME="$work/home" KEYLINE_HOME="$work/keyline-home" XDG_DATA_HOME="$work/data" \
    XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" "$@"
}
as_user /usr/bin/keyline demo --db "$work/d.sqlite3" --pdf "$work/d.pdf"
[ "$(head -c 5 "$work/d.pdf")" = "%PDF-" ] || fail "keyline demo wrote no PDF"
as_user /usr/bin/keyline --db "$work/d.sqlite3" inspections list
as_user /usr/bin/keyline trust add "$work/d.pdf"
as_user /usr/bin/keyline verify "$work/d.pdf"

say "The installed desktop app under Xvfb (tauri-driver)"
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" node tests/package/app.mjs check

say "Removing it (apt-get remove)"
installed=""
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq keyline >/dev/null
if is_installed; then fail "keyline is still installed"; fi
left=""
while IFS= read -r path; do
  if [ -f "$path" ] || [ -L "$path" ]; then left+="$path "; fi
done <<<"$installed_files"
[ -z "$left" ] || fail "removing the package left $left"
echo "The package is removed and none of its files is left"
say "Package test passed"
