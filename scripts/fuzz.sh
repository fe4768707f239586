#!/usr/bin/env bash
# Fuzzes every reader of offshore, the number parser and the formula parser with libFuzzer (Swift's
# -sanitize=fuzzer,address), each harness for FUZZ_SECONDS over a copy of its committed corpus
# (Tests/FuzzCorpus/<harness>/ and regressions/<harness>/), two harnesses at a time.
#
# Exit 0 when no harness found anything; otherwise non-zero, after printing each failing harness's name, the
# path of the input that crashed it (kept under $FUZZ_ARTIFACTS) and libFuzzer's report. One summary line per
# harness: runs, executions per second, coverage (edges cov, features ft) and corpus size.
#
# Environment:
#   FUZZ_SECONDS    seconds per harness (default 40)
#   FUZZ_JOBS       harnesses run at a time (default 2)
#   FUZZ_TARGETS    space-separated harness names (default all; OFFSHORE_FUZZ_TARGET=list offshore-fuzz lists them)
#   FUZZ_SCRATCH    SwiftPM scratch path of the fuzzing build (default .build-fuzz)
#   FUZZ_ARTIFACTS  where crash inputs are kept (default $FUZZ_SCRATCH/artifacts)
#   FUZZ_MERGE=1    afterwards, merge the inputs that add coverage into the committed corpus (libFuzzer -merge=1);
#                   a maintainer's step: CI never changes the repository.
# Reproduce a crash: OFFSHORE_FUZZ_TARGET=<harness> $FUZZ_SCRATCH/debug/offshore-fuzz <crash file>, or in a normal
# build: swift run offshore-fuzz <harness> <crash file>.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
scripts/bootstrap.sh

seconds="${FUZZ_SECONDS:-40}"
jobs="${FUZZ_JOBS:-2}"
scratch="${FUZZ_SCRATCH:-.build-fuzz}"
artifacts="${FUZZ_ARTIFACTS:-$scratch/artifacts}"
case "$artifacts" in /*) ;; *) artifacts="$root/$artifacts" ;; esac

t0=$(date +%s)
set +e
swift build -c debug --scratch-path "$scratch" --product offshore-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING 2>&1 \
  | grep -v -e "Cannot export local symbol" -e '^\[[0-9]*/[0-9]*\] '
build_status=${PIPESTATUS[0]}
set -e
bin="$root/$scratch/debug/offshore-fuzz"
[ "$build_status" -eq 0 ] && [ -x "$bin" ] || { echo "fuzz: the fuzzing build of offshore-fuzz failed" >&2; exit 1; }
t1=$(date +%s)
echo "fuzz: built offshore-fuzz with -sanitize=fuzzer,address in $((t1 - t0)) s"

targets="${FUZZ_TARGETS:-$(OFFSHORE_FUZZ_TARGET=list "$bin")}"
work="$(mktemp -d "${TMPDIR:-/tmp}/offshore-fuzz.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Runs one harness in its own folder: work/<h>/corpus (a copy), artifacts/, tmp/ (the harness's files), log, rc.
fuzz_one() {
  local h="$1" d="$work/$1"
  mkdir -p "$d/corpus" "$d/artifacts" "$d/tmp"
  for src in "Tests/FuzzCorpus/$h" "Tests/FuzzCorpus/regressions/$h"; do
    [ -d "$src" ] && find "$src" -type f ! -name '.*' -exec cp {} "$d/corpus/" \;
  done
  local rc=0
  # SWIFT_BACKTRACE off: Swift's crash backtracer reads memory ASan then reports as a second, misleading error.
  ( cd "$d" && OFFSHORE_FUZZ_TARGET="$h" TMPDIR="$d/tmp" ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" SWIFT_BACKTRACE=enable=no \
      "$bin" corpus -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$d/artifacts/" ) > "$d/log" 2>&1 || rc=$?
  echo "$rc" > "$d/rc"
}

running=0
for h in $targets; do
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
  fuzz_one "$h" &
  running=$((running + 1))
done
wait || true
t2=$(date +%s)

failed=()
echo "fuzz: harness              runs   exec/s   cov     ft   corpus  result"
for h in $targets; do
  d="$work/$h"
  rc="$(cat "$d/rc" 2>/dev/null || echo 1)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$d/log" | tail -1)"
  eps="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$d/log" | tail -1)"
  last="$(grep -E '^#[0-9]+' "$d/log" | tail -1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")"
  corp="$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<< "$last")"
  result=ok
  if [ "$rc" != 0 ]; then result="FAILED (libFuzzer exit $rc)"; failed+=("$h"); fi
  printf 'fuzz: %-18s %8s %8s %6s %6s %8s  %s\n' "$h" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done

for h in "${failed[@]}"; do
  d="$work/$h"
  mkdir -p "$artifacts/$h"
  echo "fuzz: ---- harness $h failed; libFuzzer's report:"
  # From the first line that says what went wrong (a sanitizer, an assertion, a Swift trap, a finding), 60 lines.
  awk '/ERROR: |Assertion|FINDING|Fatal error|deadly signal|SUMMARY/ { on = 1 } on && n < 60 { print; n++ }' "$d/log" || true
  for a in "$d"/artifacts/*; do
    [ -f "$a" ] || continue
    cp "$a" "$artifacts/$h/"
    echo "fuzz: harness $h: input kept at $artifacts/$h/$(basename "$a") ($(wc -c < "$a") bytes; base64: $(head -c 600 "$a" | base64 -w0))"
  done
done

if [ "${FUZZ_MERGE:-0}" = 1 ] && [ "${#failed[@]}" -eq 0 ]; then
  for h in $targets; do
    mkdir -p "Tests/FuzzCorpus/$h"
    ( cd "$work/$h" && OFFSHORE_FUZZ_TARGET="$h" TMPDIR="$work/$h/tmp" ASAN_OPTIONS=detect_leaks=0 \
        "$bin" -merge=1 "$root/Tests/FuzzCorpus/$h" corpus ) > "$work/$h/merge.log" 2>&1 \
      || { echo "fuzz: merging $h failed:"; tail -20 "$work/$h/merge.log"; }
  done
  echo "fuzz: merged new coverage into Tests/FuzzCorpus/ ($(du -sh --apparent-size Tests/FuzzCorpus | cut -f1) in all)"
fi

echo "fuzz: $(wc -w <<< "$targets") harnesses x ${seconds} s, ${jobs} at a time: build $((t1 - t0)) s, fuzzing $((t2 - t1)) s, total $((t2 - t0)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
