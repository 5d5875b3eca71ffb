#!/usr/bin/env bash
# Adds up the XCTest and pytest results of `make test` into one closing line: "tests: N passed, N failed, N skipped".
# Usage: scripts/test-summary.sh SWIFT_TEST_LOG PYTEST_LOG [PYTEST_LOG…]
set -euo pipefail
swift_log=$1
shift
# XCTest: "Executed 250 tests, with 1 test skipped and 0 failures (0 unexpected)" (the last such line is the total).
line=$(grep -E "Executed [0-9]+ tests?, with" "$swift_log" | tail -n 1 || true)
swift_total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$line")
swift_skipped=$(grep -oE "[0-9]+ tests? skipped" <<<"$line" | grep -oE "^[0-9]+" || echo 0)
swift_failed=$(sed -E 's/.* ([0-9]+) failures?.*/\1/' <<<"$line")
# pytest: "18 passed, 1 skipped in 3.21s" (any of passed/failed/skipped/errors may be missing), one line per log.
count() { grep -oE "[0-9]+ $1" <<<"$py" | grep -oE "^[0-9]+" || echo 0; }
py_passed=0; py_failed=0; py_skipped=0
for pytest_log in "$@"; do
  py=$(grep -E "^[0-9]+ (passed|failed)|^=+ .*(passed|failed)" "$pytest_log" | tail -n 1 || true)
  if [ -z "$py" ]; then
    echo "test-summary: could not read the pytest log $pytest_log" >&2
    exit 1
  fi
  py_passed=$(( py_passed + $(count passed) ))
  py_failed=$(( py_failed + $(count failed) + $(count error) ))
  py_skipped=$(( py_skipped + $(count skipped) ))
done
if [ -z "$swift_total" ]; then
  echo "test-summary: could not read the test log $swift_log" >&2
  exit 1
fi
passed=$(( swift_total - swift_skipped - swift_failed + py_passed ))
failed=$(( swift_failed + py_failed ))
skipped=$(( swift_skipped + py_skipped ))
echo "swift: $((swift_total - swift_skipped - swift_failed)) passed, $swift_failed failed, $swift_skipped skipped"
echo "python: $py_passed passed, $py_failed failed, $py_skipped skipped"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
