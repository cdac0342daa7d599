#!/usr/bin/env bash
# A two-node SLURM cluster on localhost for the it-tests, from Debian's packages (slurmctld,
# slurmd, munge, slurm-client; .ci/run installs them). Every file lives under DIR; every daemon
# is stopped by the pid it wrote there.
#
#   local-slurm.sh start DIR   start munged, slurmctld and slurmd n1 and n2; wait until both idle
#   local-slurm.sh stop DIR    stop them (TERM, then KILL after 10 s)
#
# After start, DIR/slurm.conf is the configuration: export SLURM_CONF=DIR/slurm.conf for srun,
# sbatch, squeue. Two simulated nodes (n1, n2) of 2 CPUs each; ports 17000-17002.
set -euo pipefail

cmd=${1:?usage: local-slurm.sh start|stop DIR}
dir=${2:?usage: local-slurm.sh start|stop DIR}

stop() {
  local pids=()
  for f in "$dir"/run/slurmd.n1.pid "$dir"/run/slurmd.n2.pid "$dir"/run/slurmctld.pid "$dir"/munge-run/munged.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { kill -TERM "$pid" 2>/dev/null || true; pids+=("$pid"); }
  done
  for _ in $(seq 1 100); do
    alive=0
    for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && return 0
    sleep 0.1
  done
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true; done
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: local-slurm.sh start|stop DIR" >&2; exit 2; }

for tool in munged mungekey slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null || { echo "local-slurm: $tool is not installed" >&2; exit 3; }
done

dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
mkdir -p "$dir"/munge-key "$dir"/munge-run "$dir"/state "$dir"/spool/n1 "$dir"/spool/n2 "$dir"/log "$dir"/run
chmod 0700 "$dir"/munge-key
chmod 0755 "$dir"/munge-run "$dir"
mungekey --create --force --keyfile="$dir/munge-key/munge.key"
chmod 0400 "$dir/munge-key/munge.key"
munged --force --key-file="$dir/munge-key/munge.key" --socket="$dir/munge-run/munge.socket" \
  --pid-file="$dir/munge-run/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge-run/munged.seed"

host=$(hostname)
cat > "$dir/slurm.conf" <<CONF
ClusterName=nvrxtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=17000
AuthType=auth/munge
AuthInfo=socket=$dir/munge-run/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.%n.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.%n.log
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
NodeName=n1 NodeHostname=$host NodeAddr=127.0.0.1 Port=17001 CPUs=2 State=UNKNOWN
NodeName=n2 NodeHostname=$host NodeAddr=127.0.0.1 Port=17002 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=n1,n2 Default=YES MaxTime=10 State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -i
slurmd -N n1
slurmd -N n2
for _ in $(seq 1 300); do
  idle=$(sinfo -h -N -o '%N %t' 2>/dev/null | grep -c -E ' (idle|mix|alloc)$' || true)
  [ "$idle" = 2 ] && { echo "local-slurm: n1 and n2 up ($dir)"; exit 0; }
  sleep 0.1
done
echo "local-slurm: nodes did not come up in 30 s:" >&2
sinfo -N 2>&1 >&2 || true
tail -n 20 "$dir"/log/*.log >&2 || true
stop
exit 1
