#!/bin/bash
# An instance as os-vif plugs one into br-int, with a network namespace as the guest:
#   guest.sh plug NAMESPACE NODE PORT_ID MAC DEVICE_ID    (NODE is 1 or 2)
#   guest.sh unplug NAMESPACE NODE PORT_ID
# The namespace is written to the run's namespaces.txt before it is made, so a teardown after an
# interruption removes it.
set -euo pipefail
B=${CONFORMANCE_DIR:-/tmp/netspec-conformance}
cmd=$1 ns=$2 node=$3 port=$4
db=unix:$B/node$node/run/db.sock
tap=tap${port:0:11}   # the device name Nova gives the port: "tap" and the id's first 11 characters
case $cmd in
  plug)
    mac=$5 device=$6
    echo "$ns" >>"$B/namespaces.txt"
    ip netns add "$ns"; ip -n "$ns" link set lo up
    ip link add eth0 netns "$ns" type veth peer name "$tap" netns "nsc-node$node"
    ip -n "$ns" link set eth0 address "$mac" mtu 1450 up
    # The userspace datapath does not complete checksums a veth left partial: TCP would stall.
    ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null
    ip -n "nsc-node$node" link set "$tap" up
    ovs-vsctl --db="$db" -- --may-exist add-port br-int "$tap" -- set Interface "$tap" \
      external_ids:iface-id="$port" external_ids:iface-status=active external_ids:attached-mac="$mac" \
      external_ids:vm-uuid="$device"
    ;;
  unplug)
    ovs-vsctl --db="$db" -- --if-exists del-port br-int "$tap"
    ip netns del "$ns" 2>/dev/null || true
    ;;
  *) echo "usage: guest.sh plug|unplug ..." >&2; exit 2 ;;
esac
