#!/usr/bin/env bash
# A local 3-shard Redis Cluster for tests and benchmarks: three `redis-server --cluster-enabled yes`
# processes joined by `redis-cli --cluster create`, no replicas, no persistence.
#
#   bash scripts/redis-cluster.sh start [first-port]   # default 7101: ports 7101, 7102, 7103
#   bash scripts/redis-cluster.sh stop  [first-port]
#
# `start` prints the value for REDIS_CLUSTER_NODES on its last line. It is idempotent: a cluster
# already answering on those ports is reused.
set -euo pipefail

action="${1:-start}"
first="${2:-7101}"
ports=("$first" "$((first + 1))" "$((first + 2))")
dir="${REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/school-bridge-cluster-$first}"
nodes="$(printf '127.0.0.1:%s,' "${ports[@]}")"
nodes="${nodes%,}"

cluster_ok() {
  redis-cli -p "$first" cluster info 2>/dev/null | grep -q 'cluster_state:ok'
}

case "$action" in
  start)
    command -v redis-server >/dev/null || { echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2; exit 1; }
    if cluster_ok; then echo "$nodes"; exit 0; fi
    mkdir -p "$dir"
    for p in "${ports[@]}"; do
      if ! redis-cli -p "$p" ping >/dev/null 2>&1; then
        rm -f "$dir/nodes-$p.conf"
        redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$dir/nodes-$p.conf" \
          --cluster-node-timeout 5000 --save '' --appendonly no --dir "$dir" --daemonize yes \
          --logfile "$dir/redis-$p.log" --pidfile "$dir/redis-$p.pid"
      fi
    done
    for p in "${ports[@]}"; do
      for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
    done
    # A node left from an earlier run may hold slots or keys: start from empty nodes.
    for p in "${ports[@]}"; do redis-cli -p "$p" flushall >/dev/null; redis-cli -p "$p" cluster reset hard >/dev/null; done
    redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
    for _ in $(seq 1 100); do cluster_ok && break; sleep 0.1; done
    cluster_ok || { echo "the cluster did not reach cluster_state:ok" >&2; exit 1; }
    echo "$nodes"
    ;;
  stop)
    for p in "${ports[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [first-port]" >&2
    exit 2
    ;;
esac
