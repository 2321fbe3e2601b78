#!/bin/bash
# Bring a real OpenStack Neutron up on loopback, for `npm run conformance`.
#
#   mariadb on a unix socket, rabbitmq on 127.0.0.1, neutron-server (noauth, ML2/OVS + l2population)
#   on 127.0.0.1; two "nodes", each a network namespace with its own ovsdb-server, a userspace
#   (netdev) ovs-vswitchd and a real neutron-openvswitch-agent; node1 also runs the DHCP, L3 and
#   metadata agents and a stand-in for Nova's metadata API. The nodes reach each other over a veth
#   "underlay" between their br-phy bridges (VXLAN).
#
# Nothing is configured in the root network namespace: every namespace this creates is written to
# $CONFORMANCE_DIR/namespaces.txt (the agents' qrouter-/qdhcp- names are added by the driver when it
# creates the routers and networks), and neutron-down.sh removes exactly those. On any failure this
# script tears down what it started.
#
# Debian 12's packages (Neutron 21.0.0, Zed) are installed when missing.
set -euo pipefail
B=${CONFORMANCE_DIR:-/tmp/netspec-conformance}
HERE=$(cd "$(dirname "$0")" && pwd)
API_PORT=${CONFORMANCE_API_PORT:-19797}
# The broker's ports are not the defaults, so that another broker on the machine is left alone.
RABBIT_PORT=${CONFORMANCE_RABBIT_PORT:-5673}
RABBIT_DIST_PORT=$((RABBIT_PORT + 20000))
EPMD_PORT=${CONFORMANCE_EPMD_PORT:-4370}

PACKAGES="neutron-server neutron-plugin-ml2 neutron-openvswitch-agent neutron-dhcp-agent neutron-l3-agent
  neutron-metadata-agent rabbitmq-server mariadb-server python3-pymysql haproxy dnsmasq openvswitch-switch socat
  busybox ethtool curl iputils-ping"
missing=$(for p in $PACKAGES; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "installing $(echo $missing)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >"${TMPDIR:-/tmp}/netspec-conformance-apt.log" 2>&1 \
    || { echo "apt-get install failed (see ${TMPDIR:-/tmp}/netspec-conformance-apt.log)" >&2; exit 1; }
fi

if [ -e "$B/state.env" ]; then
  echo "$B holds a previous run; run npm run conformance:down first" >&2; exit 1
fi
for p in $API_PORT $RABBIT_PORT $RABBIT_DIST_PORT $EPMD_PORT; do
  if ss -ltnH "sport = :$p" | grep -q .; then echo "port $p on the loopback is taken; set CONFORMANCE_*_PORT" >&2; exit 1; fi
done
for n in nsc-node1 nsc-node2; do
  if ip netns list | grep -qw "^$n"; then echo "namespace $n exists already" >&2; exit 1; fi
done

ok=no
trap '[ $ok = yes ] || "$HERE/neutron-down.sh" >&2' EXIT
trap 'exit 130' INT TERM

t0=$EPOCHREALTIME
lap() { printf '[%6.2fs] %s\n' "$(echo "$EPOCHREALTIME - $t0" | bc)" "$*"; }
mkdir -p "$B"/{mysql,rabbit,log,state,lock}
: >"$B/namespaces.txt"
printf 'B=%s\nAPI=http://127.0.0.1:%s/v2.0\n' "$B" "$API_PORT" >"$B/state.env"
# /run/openvswitch is where the agents' helpers look for the node's OVS (see below); remove it
# at the end only if this run made it.
[ -d /run/openvswitch ] || { mkdir -p /run/openvswitch; echo "made-run-openvswitch=yes" >>"$B/state.env"; }

# ---- mariadb: no TCP, a unix socket in the run's directory
mariadb-install-db --datadir="$B/mysql" --user=root --auth-root-authentication-method=normal --skip-test-db \
  >"$B/log/install-db.log" 2>&1
(mariadbd --no-defaults --user=root --datadir="$B/mysql" --socket="$B/mysql.sock" --skip-networking \
  --pid-file="$B/mysql.pid" --log-error="$B/log/mysql.err" >/dev/null 2>&1 &)
for _ in $(seq 100); do mariadb --socket="$B/mysql.sock" -uroot -e 'select 1' >/dev/null 2>&1 && break; sleep 0.1; done
mariadb --socket="$B/mysql.sock" -uroot -e 'CREATE DATABASE neutron'
lap "mariadb up"

# ---- rabbitmq: listener, epmd and the distribution port on 127.0.0.1
cat >"$B/rabbit.env" <<EOF
export HOME=$B/rabbit RABBITMQ_NODENAME=nsc@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$RABBIT_PORT
export RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$EPMD_PORT
export RABBITMQ_MNESIA_BASE=$B/rabbit/mnesia RABBITMQ_LOG_BASE=$B/log RABBITMQ_PID_FILE=$B/rabbit/rabbit.pid
export RABBITMQ_ENABLED_PLUGINS_FILE=$B/rabbit/enabled_plugins RABBITMQ_CONFIG_FILE=$B/rabbit/rabbitmq
export RABBITMQ_ADVANCED_CONFIG_FILE=$B/rabbit/advanced.config
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
echo '[].' >"$B/rabbit/enabled_plugins"; echo '[].' >"$B/rabbit/advanced.config"
printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$RABBIT_PORT" >"$B/rabbit/rabbitmq.conf"
(. "$B/rabbit.env"; /usr/lib/rabbitmq/bin/rabbitmq-server >"$B/log/rabbit.stdout" 2>&1 &)
(. "$B/rabbit.env"; for _ in $(seq 120); do /usr/lib/rabbitmq/bin/rabbitmqctl -q status >/dev/null 2>&1 && exit 0; sleep 0.5; done; exit 1) \
  || { echo "rabbitmq did not start (see $B/log)" >&2; exit 1; }
lap "rabbitmq up"
# The agents run inside the node namespaces, where the root's loopback is out of reach; a unix
# socket crosses namespaces, so a relay pair carries the broker's TCP over one.
(socat UNIX-LISTEN:"$B/rabbit.sock",fork,unlink-early TCP:127.0.0.1:$RABBIT_PORT >"$B/log/socat-root.log" 2>&1 &)

# ---- neutron-server
cat >"$B/neutron.conf" <<EOF
[DEFAULT]
core_plugin = ml2
service_plugins = router
auth_strategy = noauth
transport_url = rabbit://guest:guest@127.0.0.1:$RABBIT_PORT/
bind_host = 127.0.0.1
bind_port = $API_PORT
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
state_path = $B/state
log_file = $B/log/neutron-server.log
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
[database]
connection = mysql+pymysql://root@localhost/neutron?unix_socket=$B/mysql.sock
[oslo_concurrency]
lock_path = $B/lock
EOF
cat >"$B/ml2_conf.ini" <<EOF
[ml2]
type_drivers = flat,vxlan
tenant_network_types = vxlan
mechanism_drivers = openvswitch,l2population
extension_drivers = port_security
[ml2_type_vxlan]
vni_ranges = 1001:2000
[securitygroup]
enable_security_group = true
EOF
neutron-db-manage --config-file "$B/neutron.conf" --config-file "$B/ml2_conf.ini" upgrade heads >"$B/log/db-manage.log" 2>&1
lap "database schema migrated"
(neutron-server --config-file "$B/neutron.conf" --config-file "$B/ml2_conf.ini" >"$B/log/neutron-server.stdout" 2>&1 &
 echo $! >"$B/neutron-server.pid")
for _ in $(seq 300); do curl -sf -m1 "http://127.0.0.1:$API_PORT/v2.0/networks" >/dev/null && break; sleep 0.2; done
curl -sf -m1 "http://127.0.0.1:$API_PORT/v2.0/networks" >/dev/null || { echo "neutron-server did not answer (see $B/log)" >&2; exit 1; }
lap "neutron-server answers"

# ---- the nodes
for N in 1 2; do
  P=$B/node$N NS=nsc-node$N
  mkdir -p "$P"/{run,log,db,state,etc}
  ip netns add $NS; echo $NS >>"$B/namespaces.txt"; ip -n $NS link set lo up
  ovsdb-tool create "$P/db/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server "$P/db/conf.db" --remote=punix:"$P/run/db.sock" --pidfile="$P/run/ovsdb-server.pid" \
    --unixctl="$P/run/ovsdb-server.ctl" --log-file="$P/log/ovsdb-server.log" --detach 2>/dev/null
  ovs-vsctl --db=unix:"$P/run/db.sock" --no-wait init
  # vswitchd runs in the node's namespace, so the bridges' internal ports are created there.
  OVS_RUNDIR=$P/run ip netns exec $NS ovs-vswitchd unix:"$P/run/db.sock" --pidfile="$P/run/ovs-vswitchd.pid" \
    --unixctl="$P/run/ovs-vswitchd.ctl" --log-file="$P/log/ovs-vswitchd.log" --detach 2>/dev/null
  ovs-vsctl --db=unix:"$P/run/db.sock" add-br br-phy -- set bridge br-phy datapath_type=netdev
  ip -n $NS addr add 172.31.253.$N/24 dev br-phy; ip -n $NS link set br-phy up
  (ip netns exec $NS socat TCP-LISTEN:$RABBIT_PORT,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:"$B/rabbit.sock" \
    >"$P/log/socat.log" 2>&1 &)
  # The agents' configuration, in the files and sections an operator's /etc/neutron has them
  # (the capture reads bridge_mappings and the metadata agent's keys from there).
  mkdir -p "$P/etc/plugins/ml2"
  cat >"$P/etc/neutron.conf" <<EOF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:$RABBIT_PORT/
host = nsc-node$N
state_path = $P/state
rpc_response_timeout = 30
[agent]
root_helper =
root_helper_daemon =
use_helper_for_ns_read = false
report_interval = 10
[ovs]
ovsdb_connection = unix:/run/openvswitch/db.sock
[oslo_concurrency]
lock_path = $P/state/lock
EOF
  cat >"$P/etc/plugins/ml2/openvswitch_agent.ini" <<EOF
[DEFAULT]
log_file = $P/log/openvswitch-agent.log
[agent]
tunnel_types = vxlan
l2_population = true
arp_responder = true
[ovs]
integration_bridge = br-int
tunnel_bridge = br-tun
local_ip = 172.31.253.$N
datapath_type = netdev
ovsdb_connection = unix:/run/openvswitch/db.sock
of_listen_address = 127.0.0.1
of_listen_port = 16633
[securitygroup]
firewall_driver = openvswitch
EOF
  printf '[DEFAULT]\nlog_file = %s\ninterface_driver = openvswitch\nenable_isolated_metadata = true\n' \
    "$P/log/dhcp-agent.log" >"$P/etc/dhcp_agent.ini"
  printf '[DEFAULT]\nlog_file = %s\ninterface_driver = openvswitch\nagent_mode = legacy\n' "$P/log/l3-agent.log" >"$P/etc/l3_agent.ini"
  printf '[DEFAULT]\nlog_file = %s\nnova_metadata_host = 127.0.0.1\nnova_metadata_port = 18775\nmetadata_proxy_shared_secret = conformance\nmetadata_workers = 1\n' \
    "$P/log/metadata-agent.log" >"$P/etc/metadata_agent.ini"
  AGENTS="openvswitch"; [ $N = 1 ] && AGENTS="openvswitch dhcp l3 metadata"
  # Nova's metadata API, which the metadata agent forwards to: an HTTP server that answers 200.
  [ $N = 1 ] && (ip netns exec $NS /usr/bin/python3 "$HERE/nova-metadata.py" "$B" >"$P/log/nova-metadata.log" 2>&1 &)
  # A private mount namespace per node in which /run/openvswitch is the node's OVS run directory:
  # the agents' helpers call ovs-vsctl and ovs-ofctl without OVS_RUNDIR. The agents' qrouter- and
  # qdhcp- namespaces are mounted in it too (the capture is run there).
  (ip netns exec $NS unshare -m --propagation private sh -c "
      mount --bind '$P/run' /run/openvswitch
      for a in $AGENTS; do
        ini=\${a}_agent.ini; [ \$a = openvswitch ] && ini=plugins/ml2/openvswitch_agent.ini
        neutron-\$a-agent --config-file '$P/etc/neutron.conf' --config-file '$P/etc/'\$ini >'$P/log/'\$a.stdout 2>&1 &
      done
      echo \$\$ > '$P/run/holder.pid'; wait" >/dev/null 2>&1 &)
done
ip link add ul-n1 netns nsc-node1 type veth peer name ul-n2 netns nsc-node2
ip -n nsc-node1 link set ul-n1 up; ip -n nsc-node2 link set ul-n2 up
ovs-vsctl --db=unix:"$B/node1/run/db.sock" add-port br-phy ul-n1
ovs-vsctl --db=unix:"$B/node2/run/db.sock" add-port br-phy ul-n2

alive() { curl -sf -m2 "http://127.0.0.1:$API_PORT/v2.0/agents" | /usr/bin/python3 -c 'import json,sys; print(sum(a["alive"] for a in json.load(sys.stdin)["agents"]))'; }
for _ in $(seq 300); do [ "$(alive 2>/dev/null)" = 5 ] && break; sleep 0.2; done
[ "$(alive 2>/dev/null)" = 5 ] || { echo "the 5 agents did not report alive (see $B/node*/log)" >&2; exit 1; }
lap "5 agents alive"
ok=yes
echo UP
