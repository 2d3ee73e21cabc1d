#!/usr/bin/env bash
# Lighthouse (Performance + Accessibility) against a running server, with Debian's Chromium
# emulating a tablet. Called by `BENCH_LIGHTHOUSE=1 make bench`; can also be run by hand:
#
#   LH_BASE_URL=http://127.0.0.1:8000 LH_COOKIE='sessionid=...' \
#     scripts/lighthouse.sh login=/login/ step=/encounters/1/step/history/
#
# Lighthouse is the npm package pinned in scripts/lighthouse/package.json (+ lock). It is
# installed with `npm ci` into var/lighthouse/ (git-ignored, like all of var/), never into the
# source tree. Needs Node.js >= 18.16, npm and Chromium (CHROME_PATH, default /usr/bin/chromium).
#
# Settings (documented in BENCHMARKS.md): form factor "mobile" (a touch device: mobile scoring
# and the default simulated throttling, slow 4G + 4x CPU slowdown, which is stricter than clinic
# Wi-Fi) at 810x1080 CSS px, device scale factor 2 (a 10-inch tablet in portrait).
#
# Writes var/bench/lighthouse/<name>.json (full report) and scores.json; prints one line per page.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
PINNED="$HERE/lighthouse"
INSTALL="$REPO/var/lighthouse"
OUT="${LH_OUT:-$REPO/var/bench/lighthouse}"
BASE_URL="${LH_BASE_URL:?set LH_BASE_URL, e.g. http://127.0.0.1:8000}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

case "$BASE_URL" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) echo "lighthouse.sh only audits a local server (http://127.0.0.1:PORT)" >&2; exit 2 ;;
esac
[ -x "$CHROME_PATH" ] || { echo "Chromium not found at $CHROME_PATH (set CHROME_PATH)" >&2; exit 2; }
command -v node >/dev/null || { echo "node not found: Lighthouse needs Node.js >= 18.16" >&2; exit 2; }
[ "$#" -gt 0 ] || { echo "usage: $0 name=/path/ [name=/path/ ...]" >&2; exit 2; }

# Install (or refresh) the pinned Lighthouse when package.json or the lock file changed.
if ! cmp -s "$PINNED/package-lock.json" "$INSTALL/package-lock.json" \
    || ! cmp -s "$PINNED/package.json" "$INSTALL/package.json" \
    || [ ! -x "$INSTALL/node_modules/.bin/lighthouse" ]; then
  command -v npm >/dev/null || { echo "npm not found: cannot install Lighthouse" >&2; exit 2; }
  mkdir -p "$INSTALL"
  cp "$PINNED/package.json" "$PINNED/package-lock.json" "$INSTALL/"
  (cd "$INSTALL" && npm ci --no-audit --no-fund --loglevel=error)
fi
LIGHTHOUSE="$INSTALL/node_modules/.bin/lighthouse"

mkdir -p "$OUT"
# The app sits behind a TLS proxy in production; say so, as the proxy would. The session
# cookie (LH_COOKIE) goes with every page except the login page, which is audited signed out.
ANONYMOUS='{"X-Forwarded-Proto": "https"}'
SIGNED_IN="$ANONYMOUS"
if [ -n "${LH_COOKIE:-}" ]; then
  SIGNED_IN="{\"X-Forwarded-Proto\": \"https\", \"Cookie\": \"$LH_COOKIE\"}"
fi

names=()
for spec in "$@"; do
  name="${spec%%=*}"
  path="${spec#*=}"
  names+=("$name")
  HEADERS="$SIGNED_IN"
  case "$path" in /login/*) HEADERS="$ANONYMOUS" ;; esac
  "$LIGHTHOUSE" "$BASE_URL$path" \
    --quiet \
    --output=json --output-path="$OUT/$name.json" \
    --only-categories=performance,accessibility \
    --form-factor=mobile \
    --screenEmulation.mobile=true \
    --screenEmulation.width=810 --screenEmulation.height=1080 \
    --screenEmulation.deviceScaleFactor=2 \
    --throttling-method=simulate \
    --max-wait-for-load=45000 \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" \
    --extra-headers="$HEADERS"
done

# One summary file: scores, and any request that left 127.0.0.1.
node - "$OUT" "$BASE_URL" "${names[@]}" <<'EOF'
const fs = require("fs");
const path = require("path");
const [out, baseUrl, ...names] = process.argv.slice(2);
const own = new URL(baseUrl).host;
const scores = {};
for (const name of names) {
  const report = JSON.parse(fs.readFileSync(path.join(out, `${name}.json`), "utf8"));
  const score = (c) => (report.categories[c] && report.categories[c].score !== null)
    ? Math.round(report.categories[c].score * 100) : null;
  const requests = ((report.audits["network-requests"] || {}).details || {}).items || [];
  const external = requests.map((r) => r.url)
    .filter((u) => /^https?:/.test(u) && new URL(u).host !== own);
  const failed = Object.values(report.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
    .map((a) => a.id);
  const s = report.configSettings;
  scores[name] = {
    url: report.finalDisplayedUrl || report.finalUrl,
    performance: score("performance"),
    accessibility: score("accessibility"),
    metrics: Object.fromEntries(["first-contentful-paint", "largest-contentful-paint",
      "total-blocking-time", "cumulative-layout-shift", "speed-index"]
      .map((id) => [id, report.audits[id] && report.audits[id].displayValue])),
    requests: requests.length,
    external,
    failed_binary_audits: failed,
    runtime_error: report.runtimeError ? report.runtimeError.message : null,
    settings: `Lighthouse ${report.lighthouseVersion}, ${report.environment.hostUserAgent.match(/Chrome\/[\d.]+/)}, ` +
      `formFactor ${s.formFactor}, ${s.screenEmulation.width}x${s.screenEmulation.height} ` +
      `@${s.screenEmulation.deviceScaleFactor}x, throttling ${s.throttlingMethod} ` +
      `(RTT ${s.throttling.rttMs} ms, ${Math.round(s.throttling.throughputKbps)} kbit/s, ` +
      `CPU x${s.throttling.cpuSlowdownMultiplier})`,
  };
  console.log(`${name}: performance ${scores[name].performance}, accessibility ` +
    `${scores[name].accessibility}, ${requests.length} requests, ${external.length} to other hosts` +
    (failed.length ? ` (failed: ${failed.join(", ")})` : ""));
}
fs.writeFileSync(path.join(out, "scores.json"), JSON.stringify(scores, null, 1));
EOF
