#!/usr/bin/env bash
# Runs the whole test suite, installing missing system packages first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Built with the optimizer (still testable): the suites load all 17 WIOD years many times and run the
# estimate chain end to end, which takes minutes unoptimized and about half a minute optimized.
swift build --build-tests -Xswiftc -O
# LaTeX: the tests compile every table of a report with pdflatex in en/nl/fr (no overfull box). Where pdflatex is
# missing it is installed with apt-get when possible (about 2 minutes, ~400 MB); otherwise those tests skip with a
# message. OFFSHORE_SKIP_LATEX=1 skips the installation and the LaTeX compilation tests.
if [ "${OFFSHORE_SKIP_LATEX:-0}" = 1 ]; then
  echo "test.sh: OFFSHORE_SKIP_LATEX=1: LaTeX output is not compiled"
elif ! command -v pdflatex >/dev/null 2>&1 || ! kpsewhich frenchb.ldf >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing pdflatex for the LaTeX tests (OFFSHORE_SKIP_LATEX=1 skips this)"
    apt-get install -y --no-install-recommends texlive-latex-recommended texlive-latex-extra texlive-lang-european \
      texlive-lang-french >/dev/null || echo "test.sh: texlive could not be installed: the LaTeX tests skip"
  else
    echo "test.sh: pdflatex (with Dutch and French babel) is not installed: the LaTeX tests skip"
  fi
fi
# Pages: the HTML reports are rendered in headless Chromium (the page loads, its charts draw, nothing overflows).
# Where Chromium is missing it is installed with apt-get when possible (about 30 s); otherwise those tests skip with
# a message. OFFSHORE_SKIP_BROWSER=1 skips the installation and the rendering tests.
if [ "${OFFSHORE_SKIP_BROWSER:-0}" = 1 ]; then
  echo "test.sh: OFFSHORE_SKIP_BROWSER=1: the HTML pages are not rendered"
elif ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing Chromium for the page tests (OFFSHORE_SKIP_BROWSER=1 skips this)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null \
      || echo "test.sh: Chromium could not be installed: the page tests skip"
  else
    echo "test.sh: Chromium is not installed: the page tests skip"
  fi
fi
OFFSHORE_SKIP_TOUR=1 swift test --skip-build --disable-swift-testing "$@"
# The README's tour, every command as written in a scratch copy of the repository (Tests/CLITests/ReadmeTourTests.swift,
# about 20 s optimized: the sensitivity grid runs twice). OFFSHORE_SKIP_TOUR=1 skips it.
if [ "${OFFSHORE_SKIP_TOUR:-0}" != 1 ] && [ $# -eq 0 ]; then
  swift test --skip-build --disable-swift-testing --filter ReadmeTourTests.testEveryTourCommandRunsAsWritten
fi
# Sensitivity on a real single-node Slurm cluster started here (job array of shards + dependent merge, compared
# with a single-process run; about 40 s; installs slurm-wlm and munge when missing and root). It skips with a
# message where Slurm cannot start; OFFSHORE_SKIP_SLURM=1 skips it.
if [ $# -eq 0 ]; then scripts/slurm/test-local-cluster.sh; fi
# Fuzz every reader and the formula parser for a bounded time (scripts/fuzz.sh, after the tests; its summary lines
# end the output). OFFSHORE_SKIP_FUZZ=1 skips it; FUZZ_SECONDS (25 here) sets the time per harness.
if [ "${OFFSHORE_SKIP_FUZZ:-0}" != 1 ]; then FUZZ_SECONDS="${FUZZ_SECONDS:-25}" scripts/fuzz.sh; fi
