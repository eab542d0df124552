#!/usr/bin/env bash
# Smoke test of the real desktop app: start bin/brink on the embedded
# default model in a virtual X display, take a screenshot, and check that
# the window drew something (not a blank screen) and that the process is
# still running. Leaves the screenshot in bin/smoke.png.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bin/smoke.png
rm -f "$out"
export LANG=C.UTF-8
xvfb-run -a -s '-screen 0 1600x1000x24' bash -c '
  ./bin/brink & pid=$!
  sleep 8
  if ! kill -0 $pid 2>/dev/null; then echo "smoke: brink exited early"; exit 1; fi
  import -window root '"$out"'
  kill $pid
'
colours=$(convert "$out" -format '%k' info:)
echo "smoke: screenshot has $colours colours"
if [ "$colours" -lt 50 ]; then
  echo "smoke: the window looks blank"
  exit 1
fi
