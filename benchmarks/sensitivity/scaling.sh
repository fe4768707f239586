#!/usr/bin/env bash
# One core against two, the sensitivity runner end to end (SQLite included), rounds alternating:
#   one core:  the whole process confined to CPU 0 (`taskset -c 0`): one worker and the writer share it, as in a
#              Slurm task with --cpus-per-task=1;
#   two cores: two workers and the writer on both CPUs (`--threads 2`).
# Prints each round and the medians (variants per second, wall clock, of the "runner + SQLite" line).
#
#   benchmarks/sensitivity/scaling.sh [ROUNDS (5)] [GRID (benchmarks/sensitivity/throughput.toml)] [BENCH binary]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
grid=${2:-benchmarks/sensitivity/throughput.toml}
bench=${3:-.build/debug/offshore-sensitivity-bench}
[ -x "$bench" ] || swift build -Xswiftc -O --product offshore-sensitivity-bench >/dev/null
rate() { grep -oE '^[0-9]+ threads \(runner \+ SQLite\): [0-9.]+' | awk '{print $NF}'; }
one=(); two=()
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  a=$(taskset -c 0 "$bench" --variants 1000000 --threads 1 --grid "$grid" --runner-only 2>&1 | rate)
  b=$("$bench" --variants 1000000 --threads 2 --grid "$grid" --runner-only 2>&1 | rate)
  one+=("$a"); two+=("$b")
  echo "round $r: one core $a variants/s, two cores $b variants/s: $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')x"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ x[NR] = $1 } END { print (NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2) }'; }
m1=$(median "${one[@]}"); m2=$(median "${two[@]}")
echo "medians of $rounds rounds: one core $m1 variants/s, two cores $m2 variants/s: $(awk -v a="$m1" -v b="$m2" 'BEGIN { printf "%.2f", b / a }')x; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
