#!/usr/bin/env bash
# Runs the whole test suite, installing missing system packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Built with the optimizer (still testable): the suites load all 17 WIOD years many times and run the
# estimate chain end to end, which takes minutes unoptimized and about half a minute optimized.
swift build --build-tests -Xswiftc -O
OFFSHORE_SKIP_TOUR=1 swift test --skip-build --disable-swift-testing "$@"
# The README's tour, every command as written in a scratch copy of the repository (Tests/CLITests/ReadmeTourTests.swift,
# about 20 s optimized: the sensitivity grid runs twice). OFFSHORE_SKIP_TOUR=1 skips it.
if [ "${OFFSHORE_SKIP_TOUR:-0}" != 1 ] && [ $# -eq 0 ]; then
  swift test --skip-build --disable-swift-testing --filter ReadmeTourTests.testEveryTourCommandRunsAsWritten
fi
# Fuzz every reader and the formula parser for a bounded time (scripts/fuzz.sh, after the tests; its summary lines
# end the output). OFFSHORE_SKIP_FUZZ=1 skips it; FUZZ_SECONDS (25 here) sets the time per harness.
if [ "${OFFSHORE_SKIP_FUZZ:-0}" != 1 ]; then FUZZ_SECONDS="${FUZZ_SECONDS:-25}" scripts/fuzz.sh; fi
