#!/bin/bash
# Tear down everything neutron-up.sh and the conformance driver started: processes are found by
# their pid files and by command lines naming the run's private directory, and killed by pid
# (never by name); namespaces are removed only when $CONFORMANCE_DIR/namespaces.txt lists them.
# Safe to run twice, or after a run that stopped half-way (`npm run conformance:down`).
B=${CONFORMANCE_DIR:-/tmp/netspec-conformance}
[ -d "$B" ] || { echo "nothing to tear down ($B does not exist)"; exit 0; }
EPMD_PORT=${CONFORMANCE_EPMD_PORT:-4370}

ours() { ps -eo pid=,args= | awk -v b="$B" -v me=$$ 'index($0, b) > 0 && $1 != me { print $1 }'; }
children() { local p; for p in "$@"; do ps -eo pid=,ppid= | awk -v pp="$p" '$2 == pp { print $1 }'; done; }

server=$(cat "$B/neutron-server.pid" 2>/dev/null)
[ -n "$server" ] && kill $server $(children $server) 2>/dev/null
for p in $(ours); do kill $p 2>/dev/null; done
sleep 2
for p in $(ours); do kill -9 $p 2>/dev/null; done
[ -n "$server" ] && kill -9 $server $(children $server) 2>/dev/null

# epmd was started by this run's broker on its own port; it names no directory.
epmd=$(ss -ltnpH "sport = :$EPMD_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
for pf in "$B/rabbit/rabbit.pid" "$B/mysql.pid"; do p=$(cat "$pf" 2>/dev/null); [ -n "$p" ] && kill $p 2>/dev/null; done
[ -n "$epmd" ] && ps -o args= -p "$epmd" | grep -q epmd && kill "$epmd" 2>/dev/null
sleep 1
for p in $(ours); do kill -9 $p 2>/dev/null; done

# The node, guest, qrouter- and qdhcp- namespaces. The agents mounted theirs in a node's private
# mount namespace, so in the root one only the empty name files are left: remove those too.
if [ -f "$B/namespaces.txt" ]; then
  while read -r n; do
    [ -n "$n" ] || continue
    case $n in */*|.|..) continue ;; esac
    ip netns del "$n" 2>/dev/null || rm -f "/run/netns/$n"
  done <"$B/namespaces.txt"
fi
grep -qx 'made-run-openvswitch=yes' "$B/state.env" 2>/dev/null && rmdir /run/openvswitch 2>/dev/null
# The run's directory goes too, unless asked to keep it (its logs explain a failed run).
[ "${CONFORMANCE_KEEP:-}" = 1 ] || rm -rf "$B"
echo DOWN
