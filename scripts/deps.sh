#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Brink's build and tests need, only
# when one is missing: a C compiler and the X11/GL headers for Fyne's
# desktop driver, and Xvfb, xauth and ImageMagick for the window smoke test.
set -euo pipefail
pkgs=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev poppler-utils
      libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth imagemagick time)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
