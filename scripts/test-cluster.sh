#!/usr/bin/env bash
# The integration and end-to-end suites again, on a local 3-shard Redis Cluster
# (scripts/redis-cluster.sh): the app connects through REDIS_CLUSTER_NODES, the tests read through
# a cluster client. Afterwards every node is asked how many CROSSSLOT errors it answered: a script,
# MULTI or multi-key command over two hash slots fails the run even where a test swallowed it.
#
#   npm run test:cluster [-- vitest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

nodes="$(bash scripts/redis-cluster.sh start "${CLUSTER_FIRST_PORT:-7101}" | tail -n 1)"
for node in ${nodes//,/ }; do redis-cli -h "${node%:*}" -p "${node##*:}" config resetstat >/dev/null; done
echo "Redis Cluster for the tests: $nodes"

TEST_REDIS_CLUSTER_NODES="$nodes" npx vitest run tests/integration tests/e2e "$@"

crossslot=0
for node in ${nodes//,/ }; do
  n="$(redis-cli -h "${node%:*}" -p "${node##*:}" info errorstats | tr -d '\r' | sed -n 's/^errorstat_CROSSSLOT:count=//p')"
  crossslot=$((crossslot + ${n:-0}))
done
if [ "$crossslot" -gt 0 ]; then
  echo "FAIL: the cluster answered $crossslot CROSSSLOT error(s): some keys used together do not share a hash tag (src/store/keys.ts)" >&2
  exit 1
fi
echo "cluster: 0 CROSSSLOT errors on any node"
