#!/bin/bash
# Runs netspec-capture.sh on one node as an operator would on a real one:
#   capture-node.sh NODE OUT_DIR       (NODE is 1 or 2)
# inside the node's network namespace and the agents' mount namespace (where /run/openvswitch is
# the node's OVS and the agents' qrouter-/qdhcp- namespaces are mounted). /run/netns is narrowed
# to this run's namespaces of that node, so nothing else on the machine is read. Afterwards the
# run's private paths are rewritten to the packages' defaults and processes.txt keeps only this
# run's processes: the capture is otherwise verbatim.
set -euo pipefail
B=${CONFORMANCE_DIR:-/tmp/netspec-conformance}
HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPT=$(cd "$HERE/../.." && pwd)/capture/netspec-capture.sh
N=$1 OUT=$2 P=$B/node$1
holder=$(cat "$P/run/holder.pid")
mkdir -p "$OUT"
nsenter -t "$holder" -m -n unshare -m --propagation private bash -c '
  set -e
  view=$1/netns-view-$4; mkdir -p "$view"
  mount -t tmpfs none "$view"
  while read -r n; do
    case $n in qrouter-*|qdhcp-*) ;; *) continue ;; esac
    # Only the names mounted in this node'"'"'s mount namespace are its own.
    ip netns exec "$n" true 2>/dev/null || continue
    touch "$view/$n"; mount --bind "/run/netns/$n" "$view/$n"
  done < "$1/namespaces.txt"
  mount --rbind "$view" /run/netns
  sh "$2" --out "$3" --host "nsc-node$4" --state-path "$5/state" --etc-path "$5/etc" >/dev/null
' _ "$B" "$SCRIPT" "$OUT" "$N" "$P"
D=$OUT/nsc-node$N
# The run's processes only (ps sees the whole machine), then the private paths as an operator's.
awk -v b="$B" 'index($0, b) > 0' "$D/processes.txt" >"$D/processes.txt.new" && mv "$D/processes.txt.new" "$D/processes.txt"
grep -rlF "$B" "$D" | while read -r f; do
  sed -i -e "s#$P/state#/var/lib/neutron#g" -e "s#$P/etc#/etc/neutron#g" -e "s#$P/run#/run/openvswitch#g" \
    -e "s#$P/log#/var/log/neutron#g" -e "s#$B#/var/lib/netspec-conformance#g" "$f"
done
