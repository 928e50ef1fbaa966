#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL: starts a throwaway cluster (installing postgresql from
# apt when initdb is missing), runs `dotnet test` for the solution, stops the cluster — also when tests fail —
# and ends with the plain line "N passed, N failed" counted from the TRX results: always the last line printed,
# after PostgreSQL's own shutdown lines. Arguments are passed on to `dotnet test`.
#
# CONTACTTRACE_TEST_RESULTS sets the results folder (default artifacts/test-results); CONTACTTRACE_TEST_COMMAND
# replaces `dotnet test` with a command that is given that folder (the script's own test uses it).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pgdir=$(mktemp -d /tmp/contacttrace-test-pg.XXXXXX)
results="${CONTACTTRACE_TEST_RESULTS:-$root/artifacts/test-results}"
rm -rf "$results"
mkdir -p "$results"

# The console's browser tests drive Debian's Chromium (Playwright's own browser download does not work here),
# with CJK fonts so that the Chinese pages render in screenshots.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  echo "test.sh: installing chromium and fonts-noto-cjk from apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq chromium fonts-noto-cjk >&2 || echo "test.sh: could not install chromium" >&2
fi
export CONTACTTRACE_CHROMIUM="${CONTACTTRACE_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"

stopped=false
stop_postgres() {
  if [ "$stopped" = false ]; then
    stopped=true
    scripts/postgres.sh stop "$pgdir" || true
  fi
}
trap stop_postgres EXIT

# The summary is the last line: PostgreSQL is stopped before it is printed.
finish() {
  stop_postgres
  echo "$1"
  exit "$2"
}

CONTACTTRACE_TEST_POSTGRES=$(scripts/postgres.sh start "$pgdir") || { echo "could not start PostgreSQL"; finish "0 passed, 1 failed" 1; }
export CONTACTTRACE_TEST_POSTGRES
echo "PostgreSQL for tests: $CONTACTTRACE_TEST_POSTGRES"

# The runner's own output is kept beside the TRX files: its closing summary ("succeeded: N", "failed: N") is read
# too, so that a TRX file lost to a name clash between two assemblies finishing together cannot shrink the counts.
summary="$results/dotnet-test.log"
if [ -n "${CONTACTTRACE_TEST_COMMAND:-}" ]; then
  $CONTACTTRACE_TEST_COMMAND "$results"
else
  dotnet test --solution ContactTrace.sln --results-directory "$results" --report-xunit-trx "$@" 2>&1 | tee "$summary"
  ( exit "${PIPESTATUS[0]}" )
fi
status=$?

counts=$(python3 - "$results" "$summary" <<'PY'
import glob, os, re, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
if os.path.exists(sys.argv[2]):
    text = open(sys.argv[2], encoding="utf-8", errors="replace").read()
    succeeded = re.findall(r"^\s*succeeded:\s*(\d+)\s*$", text, re.M)
    failures = re.findall(r"^\s*failed:\s*(\d+)\s*$", text, re.M)
    if succeeded:
        passed = max(passed, int(succeeded[-1]))
    if failures:
        failed = max(failed, int(failures[-1]))
print(f"{passed} passed, {failed} failed")
PY
)
if [ "$status" -ne 0 ] && [ "${counts%% *}" != "" ] && [ "$(echo "$counts" | awk '{print $3}')" = "0" ]; then
  # dotnet test failed without a failed test (build error, crash): count it as a failure.
  counts="$(echo "$counts" | awk '{print $1}') passed, 1 failed"
fi
finish "$counts" "$status"
