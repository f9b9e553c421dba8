#!/usr/bin/env bash
# The steps of Candor's GitHub Action (action.yml), as a script so tests and
# other CI systems can run them. Configured by environment variables:
#
#   CANDOR_URLS        URLs to scan, separated by spaces or newlines
#   CANDOR_RESULT      a saved result to report and gate instead of scanning
#                      (no browser needed)
#   CANDOR_FORMAT      report format: markdown (default), table, json, sarif
#   CANDOR_FAIL_ON     broken (default), none, or a severity
#   CANDOR_BASELINE    a previous result: gate only on what is new since it
#                      (skipped with a notice when the file does not exist)
#   CANDOR_OUTPUT_DIR  where result.json and the reports go (candor-results)
#   CANDOR_ARGS        extra arguments for candor scan
#   CANDOR_BIN         a candor binary to use instead of building one
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY   set by GitHub Actions, optional
#
# Exit code: that of the gate (0, 1 for findings at or above CANDOR_FAIL_ON,
# 2 for errors). Outputs are written before the gate runs.
set -euo pipefail

action_path="${ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
format="${CANDOR_FORMAT:-markdown}"
fail_on="${CANDOR_FAIL_ON:-broken}"
out_dir="${CANDOR_OUTPUT_DIR:-candor-results}"
github_output="${GITHUB_OUTPUT:-/dev/null}"

mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# 1. Candor itself: built from the action's own source with the Go module
#    proxy; nothing else is downloaded.
candor="${CANDOR_BIN:-}"
if [ -z "$candor" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "candor action: Go is not installed; add actions/setup-go before this action" >&2
    exit 2
  fi
  candor="${RUNNER_TEMP:-$out_dir}/candor-bin/candor"
  echo "candor action: building candor from $action_path" >&2
  (cd "$action_path" && go build -trimpath -o "$candor" ./cmd/candor)
fi

# 2. The result: a fresh scan in Chromium, or the saved one given.
result="$out_dir/result.json"
if [ -n "${CANDOR_RESULT:-}" ]; then
  if [ ! -f "$CANDOR_RESULT" ]; then
    echo "candor action: result $CANDOR_RESULT does not exist" >&2
    exit 2
  fi
  if [ "$(cd "$(dirname "$CANDOR_RESULT")" && pwd)/$(basename "$CANDOR_RESULT")" != "$result" ]; then
    cp "$CANDOR_RESULT" "$result"
  fi
else
  read -r -a urls <<<"$(echo "${CANDOR_URLS:-}" | tr '\n' ' ')"
  if [ "${#urls[@]}" -eq 0 ]; then
    echo "candor action: no urls given (input urls) and no saved result (input result)" >&2
    exit 2
  fi
  if [ "${#urls[@]}" -gt 1 ]; then
    echo "candor action: one site per step (got ${#urls[@]} urls); use a job matrix, one url each, to scan several" >&2
    exit 2
  fi
  "$action_path/scripts/ensure-chromium"
  read -r -a extra <<<"${CANDOR_ARGS:-}"
  # The scan never fails the step on findings; the gate below does.
  "$candor" scan "${urls[@]}" -f json -o "$result" --fail-on none "${extra[@]}"
fi

# 3. Reports: the chosen format, SARIF for code scanning, and the Markdown
#    report in the job summary.
case "$format" in
  markdown|md) report="$out_dir/report.md" ;;
  table) report="$out_dir/report.txt" ;;
  json) report="$out_dir/report.json" ;;
  sarif) report="$out_dir/candor.sarif" ;;
  *) echo "candor action: unknown format $format (want markdown, table, json or sarif)" >&2; exit 2 ;;
esac
"$candor" report "$result" -f "$format" -o "$report" --fail-on none
sarif="$out_dir/candor.sarif"
if [ "$report" != "$sarif" ]; then
  "$candor" report "$result" -f sarif -o "$sarif" --fail-on none
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "$candor" report "$result" -f markdown --fail-on none >>"$GITHUB_STEP_SUMMARY"
fi

{
  echo "bin=$candor"
  echo "result=$result"
  echo "report=$report"
  echo "sarif=$sarif"
} >>"$github_output"

# 4. The gate: a table in the log, and the exit code.
gate_args=(--fail-on "$fail_on")
if [ -n "${CANDOR_BASELINE:-}" ]; then
  if [ -f "$CANDOR_BASELINE" ]; then
    gate_args+=(--baseline "$CANDOR_BASELINE")
  else
    echo "candor action: baseline $CANDOR_BASELINE not found; gating on every finding (first run?)" >&2
  fi
fi
code=0
"$candor" report "$result" -f table "${gate_args[@]}" || code=$?
echo "exit-code=$code" >>"$github_output"
exit "$code"
