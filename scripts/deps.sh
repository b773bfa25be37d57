#!/usr/bin/env bash
# Installs everything zhifa needs on Debian 12: the build tools and libraries
# (apt-get), Chromium for the browser tests, and the web app's npm packages
# (npm ci). Idempotent: installs only what is missing; uses sudo when not root.
#   scripts/deps.sh          everything
#   scripts/deps.sh --run    only what `make run` needs (no browser)
#   scripts/deps.sh --bench  everything plus nginx and wrk for `make bench`
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential meson ninja-build pkg-config python3
  libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libssl-dev
  libcmocka-dev sqlite3 clang-format
  libzip-dev libexpat1-dev libxlsxwriter-dev
)
# PostgreSQL backend (issue 5): libpq to build; the server and psql for the
# test pass on a throwaway cluster (scripts/pg.sh)
packages+=(libpq-dev postgresql postgresql-client)
# Node.js: the machines come with Node 20 and npm; Debian 12's own nodejs is
# 18, too old for Vite 8 (needs 20.19+), so it is only a fallback.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
if [ "${1:-}" != "--run" ]; then
  packages+=(chromium fonts-noto-cjk)
fi
# Enforcement documents as PDF (issue 9): cairo + pango to build and run the
# renderer, libqrencode for the verification QR code, the Noto CJK fonts the
# documents are set in (their Sans face covers CJK Extension B, e.g. 𠀤);
# poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm) only for the tests.
# fonttools cuts the Noto CJK faces down to the characters documents use at
# build time (data/fonts, scripts/subset_fonts.py): a quarter of the CPU per
# document and a ninth of the file, as cairo 1.16 embeds the full faces'
# subroutines in every subset (docs/internals/documents.md, "Fonts").
packages+=(libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-cjk fonttools)
if [ "${1:-}" != "--run" ]; then
  packages+=(poppler-utils)
fi
# Issue 12 (proof harness): clang builds the libFuzzer targets that `make
# test` runs briefly (tests/fuzz); `--bench` adds nginx (the static-file
# ceiling) and wrk (the load generator) for `make bench`.
if [ "${1:-}" != "--run" ]; then
  packages+=(clang libclang-rt-14-dev) # libFuzzer's runtime is only a Recommends of clang-14
fi
if [ "${1:-}" = "--bench" ]; then
  packages+=(nginx wrk)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)')
if [ "$node_ok" != 1 ]; then
  echo "deps: Node.js $(node --version) is too old: the web build (Vite 8) needs 20.19 or newer" >&2
  exit 1
fi

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.zhifa-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "deps: npm ci"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
