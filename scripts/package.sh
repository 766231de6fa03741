#!/usr/bin/env bash
# Builds the Debian package of Keyline, and an RPM of the same files: the release desktop app
# (through the Tauri bundler, the pinned @tauri-apps/cli in ui/), its menu entry and icons, the
# `keyline` command in /usr/bin, and the licences in /usr/share/doc/keyline. Writes only under the target folder
# ($CARGO_TARGET_DIR, else target/) and prints the package's path last.
#
#   scripts/package.sh            set up what is missing first, then build
#   KEYLINE_SKIP_SETUP=1 ...      skip the set-up (the test command has just run it)
#
# One release build serves everything: a single cargo invocation builds the desktop app and the
# CLI together (their shared crates compiled once, with one set of features), the bundler then
# packages what it built (`tauri bundle`), and the package test installs the result.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
if [ "${KEYLINE_SKIP_SETUP:-}" != 1 ]; then scripts/setup.sh; fi
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
export CARGO_TARGET_DIR="$target"
release="$target/release"
staging="$release/package-files"

# The version comes from the workspace (Cargo.toml): tauri.conf.json names none.
version="$(cargo metadata --locked --no-deps --format-version 1 |
  node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
           process.stdout.write(m.packages.find((p) => p.name === "keyline-desktop").version)')"
deb_arch="$(dpkg --print-architecture)"
say "Keyline $version: front end, release build of the desktop app and the CLI"
(cd ui && npm run --silent build)
# What `tauri build` would compile (the front end embedded, as `tauri/custom-protocol` selects),
# with the CLI in the same build.
cargo build --release --locked -p keyline-desktop -p keyline-cli --features tauri/custom-protocol

# Every third-party licence the installed programs carry: the Rust crates compiled into
# keyline and keyline-desktop (normal dependencies on this platform) and the npm packages
# built into the window's front end, each licence text once with the packages it covers.
mkdir -p "$staging"
host="$(rustc -vV | sed -n 's/^host: //p')"
cargo metadata --locked --format-version 1 --filter-platform "$host" >"$staging/metadata.json"
node - "$staging/metadata.json" ui/package-lock.json ui/node_modules "$version" \
  >"$staging/THIRD-PARTY-NOTICES" <<'EOF'
const fs = require("fs");
const path = require("path");
const [metadataFile, lockFile, nodeModules, version] = process.argv.slice(2);
const LICENCE_FILE = /^(licen[cs]e|copying|notice|copyright|unlicense)([-._].*)?$/i;
function texts(dir) {
  let names = [];
  try { names = fs.readdirSync(dir).sort(); } catch { return []; }
  return names
    .filter((n) => LICENCE_FILE.test(n) && fs.statSync(path.join(dir, n)).isFile())
    .map((n) => fs.readFileSync(path.join(dir, n), "utf8").replace(/\r\n/g, "\n").trim());
}

// Rust: the normal-dependency closure of the two programs.
const meta = JSON.parse(fs.readFileSync(metadataFile, "utf8"));
const byId = new Map(meta.packages.map((p) => [p.id, p]));
const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
const members = new Set(meta.workspace_members);
const roots = meta.packages.filter((p) => p.name === "keyline-desktop" || p.name === "keyline-cli");
const seen = new Set();
const queue = roots.map((p) => p.id);
while (queue.length) {
  const id = queue.pop();
  if (seen.has(id)) continue;
  seen.add(id);
  for (const d of nodes.get(id)?.deps ?? []) {
    if (d.dep_kinds.some((k) => k.kind === null)) queue.push(d.pkg);
  }
}
const crates = [...seen]
  .filter((id) => !members.has(id))
  .map((id) => byId.get(id))
  .map((p) => ({
    name: p.name, version: p.version, licence: p.license ?? "(see its licence file)",
    texts: texts(path.dirname(p.manifest_path)),
  }));

// npm: the packages the built front end is made from (its dependencies, Svelte's runtime and
// the NHS design system's styles), with everything they depend on.
const lock = JSON.parse(fs.readFileSync(lockFile, "utf8")).packages;
const wanted = [...Object.keys(lock[""].dependencies ?? {}), "svelte", "nhsuk-frontend"];
const npmSeen = new Set();
const npmQueue = [...wanted];
while (npmQueue.length) {
  const name = npmQueue.pop();
  if (npmSeen.has(name) || !lock[`node_modules/${name}`]) continue;
  npmSeen.add(name);
  npmQueue.push(...Object.keys(lock[`node_modules/${name}`].dependencies ?? {}));
}
const npm = [...npmSeen].map((name) => {
  const entry = lock[`node_modules/${name}`];
  return { name, version: entry.version, licence: entry.license ?? "(see its licence file)",
           texts: texts(path.join(nodeModules, name)) };
});

const byName = (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version, "en", { numeric: true });
const all = [...crates, ...npm].sort(byName);
const groups = new Map();
for (const p of all) {
  for (const t of p.texts) {
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t).push(`${p.name} ${p.version}`);
  }
}
const row = (p) => `  ${`${p.name} ${p.version}`.padEnd(44)} ${p.licence}${p.texts.length ? "" : " (no licence text shipped with it)"}`;
const out = [
  `Third-party software in Keyline ${version}`,
  "",
  "Keyline itself is under the MIT licence: LICENSE, beside this file.",
  "Its reports embed the Liberation Sans fonts (Red Hat, Inc.; Google Corporation), under the",
  "SIL Open Font License 1.1: OFL-Liberation-Sans.txt, beside this file.",
  "The window is drawn by the system's WebKitGTK and GTK, installed as package dependencies,",
  "not shipped here.",
  "",
  `Rust crates compiled into keyline and keyline-desktop (${crates.length}):`,
  ...crates.sort(byName).map(row),
  "",
  `npm packages built into the window's front end (${npm.length}):`,
  ...npm.sort(byName).map(row),
  "",
  "The licence texts, each once, after the packages it comes with:",
];
for (const [text, names] of groups) {
  out.push("", "=".repeat(78), names.join(", "), "-".repeat(78), text);
}
process.stdout.write(out.join("\n") + "\n");
EOF
gzip -9nf "$staging/THIRD-PARTY-NOTICES"

# What only this run knows: where the release CLI and the notices are (CARGO_TARGET_DIR).
cat >"$staging/tauri.package.json" <<EOF
{
  "bundle": {
    "linux": {
      "deb": {
        "files": {
          "/usr/bin/keyline": "$release/keyline",
          "/usr/share/doc/keyline/THIRD-PARTY-NOTICES.gz": "$staging/THIRD-PARTY-NOTICES.gz"
        }
      },
      "rpm": {
        "files": {
          "/usr/bin/keyline": "$release/keyline",
          "/usr/share/doc/keyline/THIRD-PARTY-NOTICES.gz": "$staging/THIRD-PARTY-NOTICES.gz"
        }
      }
    }
  }
}
EOF

say "The Debian and RPM packages (Tauri bundler)"
rm -rf "$release/bundle/deb" "$release/bundle/rpm"
(cd src-tauri && "$root/ui/node_modules/.bin/tauri" bundle --ci --bundles deb,rpm \
  --config "$staging/tauri.package.json")
# Named like the package inside it (the bundler names the file after the product, Keyline).
rpms=("$release"/bundle/rpm/*-"$version"-1."$(uname -m)".rpm)
rpm="$release/bundle/rpm/keyline-$version-1.$(uname -m).rpm"
if [ "${rpms[0]}" != "$rpm" ]; then mv "${rpms[0]}" "$rpm"; fi
say "Built $rpm (for Fedora and RHEL-like systems; not installed by the tests)"

built=("$release"/bundle/deb/*_"$version"_"$deb_arch".deb)
deb="$release/bundle/deb/keyline_${version}_${deb_arch}.deb"
if [ "${built[0]}" != "$deb" ]; then mv "${built[0]}" "$deb"; fi
say "Built $deb"
echo "$deb"
