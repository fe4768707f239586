#!/usr/bin/env bash
# Runs a sensitivity grid on a real, single-node Slurm cluster started on this machine and checks that the merged
# shard databases equal a single-process run of the same grid.
#
#   scripts/slurm/test-local-cluster.sh [SHARDS]      (default 4 shards; about a minute)
#
# What it does: installs slurm-wlm and munge from the distribution when they are missing (apt-get, as root);
# generates a munge key and starts munged, slurmctld and slurmd (one node, 2 CPUs, every file in a temporary
# folder, free ports, nothing under /etc touched); submits scripts/slurm/submit.sh's job array of SHARDS tasks
# and the dependent merge job; waits (at most OFFSHORE_SLURM_TIMEOUT seconds, default 300); runs the same grid in
# one process; and compares the two databases' results tables (`offshore sensitivity summary --csv`, every row
# in canonical order) and their summaries byte for byte. The daemons it started are stopped on exit.
#
# Skips (exit 0, with the reason) where Slurm cannot start: OFFSHORE_SKIP_SLURM=1, not root and Slurm not
# installed, no apt-get, or a daemon that does not come up (container limits). OFFSHORE_BIN names the offshore
# binary (default .build/debug/offshore, else .build/release/offshore); OFFSHORE_SLURM_GRID a grid (default the
# bundled one).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
shards="${1:-4}"
skip() { echo "slurm test: SKIPPED: $*"; exit 0; }
fail() { echo "slurm test: FAILED: $*" >&2; exit 1; }

[ "${OFFSHORE_SKIP_SLURM:-0}" = 1 ] && skip "OFFSHORE_SKIP_SLURM=1"
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "slurm test: installing slurm-wlm and munge (OFFSHORE_SKIP_SLURM=1 skips this test)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null 2>&1; } \
      || skip "slurm-wlm and munge could not be installed with apt-get"
  else
    skip "slurm-wlm and munge are not installed and cannot be (installing needs root and apt-get)"
  fi
fi
[ "$(id -u)" = 0 ] || skip "starting slurmd needs root (it runs jobs as their users)"

bin="${OFFSHORE_BIN:-}"
if [ -z "$bin" ]; then
  for b in .build/debug/offshore .build/release/offshore; do [ -x "$b" ] && { bin="$root/$b"; break; }; done
fi
[ -n "$bin" ] && [ -x "$bin" ] || fail "no offshore binary: build first (swift build) or set OFFSHORE_BIN"
export OFFSHORE_BIN="$bin" OFFSHORE_HOME="$root"
grid="${OFFSHORE_SLURM_GRID:-$root/SupplyUseTables/config/sensitivity-default.toml}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/offshore-slurm.XXXXXX")"
chmod 755 "$tmp"
pids=()
cleanup() {
  # Stop only the daemons this script started, by their process ids.
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${OFFSHORE_SLURM_KEEP:-0}" = 1 ]; then echo "slurm test: kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
logs() { for f in "$tmp"/log/*.log; do echo "--- $f"; tail -15 "$f"; done >&2; }

# Two free TCP ports for slurmctld and slurmd.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo 0
}
ctld_port=$(free_port); slurmd_port=$(free_port)
[ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((ctld_port + 1))
host="$(hostname -s)"
mkdir -p "$tmp/munge" "$tmp/ctld" "$tmp/slurmd" "$tmp/log" "$tmp/run" "$tmp/out"
chmod 700 "$tmp/munge"

# munge: a fresh key, its own socket.
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/seed" \
  >"$tmp/log/munged.out" 2>&1 &
pids+=($!)

cat >"$tmp/slurm.conf" <<CONF
ClusterName=offshoretest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket
StateSaveLocation=$tmp/ctld
SlurmdSpoolDir=$tmp/slurmd
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
PlugStackConfig=$tmp/plugstack.conf
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
: >"$tmp/plugstack.conf"
export SLURM_CONF="$tmp/slurm.conf"

for _ in $(seq 1 50); do [ -S "$tmp/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$tmp/munge/munge.socket" ] || { logs; skip "munged did not start (see its log above)"; }
slurmctld -D -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 1 60); do
  state="$(sinfo -h -N -o %T 2>/dev/null | head -1 || true)"
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || { logs; skip "the single-node cluster did not come up (node state '${state:-none}'; logs above)"; }
echo "slurm test: cluster up ($(sinfo -h -o '%P %D node(s) %c CPUs %T'), slurmctld port $ctld_port)"

start=$(date +%s)
submitted="$(scripts/slurm/submit.sh "$shards" "$tmp/out" "$grid" -- --cpus-per-task=1)"
echo "slurm test: $submitted"
merge_job="$(echo "$submitted" | sed -n 's/.*merge job \([0-9]*\).*/\1/p')"
deadline=$((start + ${OFFSHORE_SLURM_TIMEOUT:-300}))
show_jobs() {
  for f in "$tmp"/out/task-*.out "$tmp/out/merge.out"; do
    if [ -f "$f" ]; then sed "s|^|  $(basename "$f"): |" "$f"; fi
  done
}
while squeue -h -j "$merge_job" 2>/dev/null | grep -q .; do
  # A failed task leaves the merge pending for ever (its afterok dependency can no longer be met).
  if squeue -h -j "$merge_job" -o %r 2>/dev/null | grep -q DependencyNeverSatisfied; then
    scancel "$merge_job" || true; show_jobs; fail "a task of the array failed, so the merge job cannot run (task output above)"
  fi
  [ "$(date +%s)" -lt "$deadline" ] || { scancel "$merge_job" || true; show_jobs; logs; fail "the jobs did not finish in ${OFFSHORE_SLURM_TIMEOUT:-300} s"; }
  sleep 1
done
echo "slurm test: array and merge finished in $(( $(date +%s) - start )) s"
show_jobs
[ -f "$tmp/out/merged.db" ] || { logs; fail "no merged database (job output above)"; }

# The same grid in one process, then both databases' rows and summaries compared.
"$bin" sensitivity run --grid "$grid" --db "$tmp/single.db" --threads 2 --output "$tmp/single.txt" 2>/dev/null
"$bin" sensitivity summary "$tmp/single.db" --csv "$tmp/single.csv" --output "$tmp/single-summary.txt"
"$bin" sensitivity summary "$tmp/out/merged.db" --csv "$tmp/merged.csv" --output "$tmp/merged-summary.txt"
rows=$(($(wc -l <"$tmp/single.csv") - 1))
[ "$rows" -gt 0 ] || fail "the single-process run wrote no rows"
cmp -s "$tmp/single.csv" "$tmp/merged.csv" || { diff "$tmp/single.csv" "$tmp/merged.csv" | head -10; fail "the merged results differ from the single-process run"; }
cmp -s "$tmp/single-summary.txt" "$tmp/merged-summary.txt" || { diff "$tmp/single-summary.txt" "$tmp/merged-summary.txt" | head; fail "the summaries differ"; }
grep -q "variants done" "$tmp/out/merge.out" || fail "the merge job did not report its counts"
echo "slurm test: PASSED: $shards shards on Slurm merged equal the single-process run ($rows result rows, $(grep -o '[0-9]* of [0-9]* variants done' "$tmp/out/merge.out"))"
