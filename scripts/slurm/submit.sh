#!/usr/bin/env bash
# Submits a sensitivity grid to Slurm: a job array of SHARDS tasks (scripts/slurm/sensitivity.sbatch, one shard
# each), then the merge job that starts when every task has succeeded. Prints the two job ids.
#
#   scripts/slurm/submit.sh SHARDS OUT_FOLDER [GRID.toml] [-- extra sbatch options for both jobs]
#   e.g. scripts/slurm/submit.sh 16 $PWD/sens SupplyUseTables/config/sensitivity-default.toml -- --partition=short
#
# OFFSHORE_BIN names the offshore command the jobs run (default: scripts/offshore, which builds once).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
if [ $# -lt 2 ]; then echo "usage: $0 SHARDS OUT_FOLDER [GRID.toml] [-- sbatch options]" >&2; exit 2; fi
shards="$1"; out="$2"; shift 2
grid=""
if [ $# -gt 0 ] && [ "$1" != "--" ]; then grid="$(realpath -m "$1")"; shift; fi
if [ $# -gt 0 ] && [ "$1" = "--" ]; then shift; fi
case "$shards" in ''|*[!0-9]*|0) echo "submit.sh: SHARDS must be a positive number, got '$shards'" >&2; exit 2 ;; esac
mkdir -p "$out"
out="$(cd "$out" && pwd)"
export OFFSHORE_HOME="${OFFSHORE_HOME:-$here}" OFFSHORE_OUT="$out" OFFSHORE_GRID="$grid"
array=$(sbatch --parsable --array=1-"$shards" --output="$out/task-%a.out" "$@" "$here/scripts/slurm/sensitivity.sbatch")
array="${array%%;*}"
merge=$(OFFSHORE_STEP=merge OFFSHORE_SHARDS="$shards" sbatch --parsable --dependency=afterok:"$array" \
  --output="$out/merge.out" "$@" "$here/scripts/slurm/sensitivity.sbatch")
echo "array job $array ($shards tasks), merge job ${merge%%;*} -> $out/merged.db"
