#!/usr/bin/env bash
# Installs what the shared web page's browser test needs, only when it is
# missing: Debian's chromium (apt; needs root or sudo, CI runs as root),
# Node.js and npm, and playwright-core at the version pinned in
# web/test/package-lock.json (npm ci; no browser download: the test drives
# /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(chromium nodejs npm)
missing=()
for p in "${pkgs[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
    *) dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue ;;
  esac
  missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "webdeps: playwright-core $(node -p 'require("./web/test/package.json").dependencies["playwright-core"]') needs Node.js 20 or later; this is $(node --version)" >&2
  exit 1
fi
want=$(node -p 'require("./web/test/package-lock.json").packages["node_modules/playwright-core"].version')
have=$(node -p 'try { require("./web/test/node_modules/playwright-core/package.json").version } catch (e) { "" }')
if [ "$have" != "$want" ]; then
  (cd web/test && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts)
fi
