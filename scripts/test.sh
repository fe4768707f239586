#!/usr/bin/env bash
# Runs the whole test suite, installing missing system packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Built with the optimizer (still testable): the suites load all 17 WIOD years many times and run the
# estimate chain end to end, which takes minutes unoptimized and about half a minute optimized.
swift build --build-tests -Xswiftc -O
swift test --skip-build --disable-swift-testing "$@"
