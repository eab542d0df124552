#!/usr/bin/env bash
# Tests the shared web page in a real browser (make web-test): writes the
# flagship's page and a hostile model's with bin/brinkctl share, the
# beliefs brinkctl query --json gives for the same findings, and runs
# web/test/share.test.js in Debian's headless Chromium. With
# UPDATE_SCREENSHOT=1 the flagship's screenshot replaces
# docs/share-page.png (look at it before committing).
set -euo pipefail
cd "$(dirname "$0")/.."
ctl=bin/brinkctl
model=models/us-iran.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$ctl" share "$model" -o "$work/flagship.html"
size=$(stat -c %s "$work/flagship.html")
limit=$((10 * 1000 * 1000))
if [ "$size" -ge "$limit" ]; then
  echo "FAIL: the flagship's page is $size bytes, over the 10 MB limit"
  exit 1
fi
echo "ok  the flagship's page is $size bytes (limit $limit)"

# The steps the browser takes, and brinkctl's beliefs after each.
hard=(-e proxy_incidents=multi_theater)
not=(--not iran_protests=calm)
act=(--do us_response=forceful)
scenario=red_sea_spark
cat > "$work/steps.json" <<JSON
{"hard": ["proxy_incidents", "multi_theater"], "not": ["iran_protests", "calm"],
 "do": ["us_response", "forceful"], "scenario": "$scenario",
 "compare": ["present_conditions", "maximum_pressure"],
 "docs": ["zero-sum logic", "One period: the six months", "standoff", "Prior 40% high", "emerging global challenges"]}
JSON
"$ctl" query --json "$model" > "$work/baseline.json"
"$ctl" query --json "$model" "${hard[@]}" > "$work/hard.json"
"$ctl" query --json "$model" "${hard[@]}" "${not[@]}" > "$work/hard_not.json"
"$ctl" query --json "$model" "${hard[@]}" "${not[@]}" "${act[@]}" > "$work/hard_not_do.json"
"$ctl" query --json "$model" --scenario "$scenario" > "$work/scenario.json"

"$ctl" share web/test/hostile.toml -o "$work/hostile.html"

shot="$work/share-page.png"
node web/test/share.test.js flagship "$work" "$shot"
node web/test/share.test.js hostile "$work"
if [ "${UPDATE_SCREENSHOT:-}" = 1 ]; then
  cp "$shot" docs/share-page.png
  echo "updated docs/share-page.png"
fi
