#!/bin/sh
# netspec-capture: save what one OpenStack node's data plane really holds, for netspec.
#
# Run it on each node (network, compute, all-in-one) as root, or as a user allowed to read the
# namespaces, OVS and iptables. It needs nothing of netspec, only POSIX sh and whichever of
# ip, iptables-save, ipset, ss, ovs-vsctl and ovs-ofctl the node has; a tool that is missing is
# skipped and listed. It only reads: every command is a show, list, dump or save, and files are
# copied, never changed.
#
# usage: netspec-capture.sh [--out DIR] [--tar] [--state-path PATH] [--etc-path PATH] [--host NAME]
#   --out DIR          where to write (default ./netspec-capture); the node's files go to DIR/<host>/
#   --tar              pack DIR/<host>/ into DIR/<host>.tar.gz instead (the directory is removed)
#   --state-path PATH  the agents' state_path (default /var/lib/neutron): dnsmasq's dhcp/<network>/
#                      files and the metadata proxies' ns-metadata-proxy/*.conf are copied from it
#   --etc-path PATH    where the agents' configuration is (default /etc/neutron): bridge_mappings and
#                      the metadata agent's nova_metadata_host/port are read from it, nothing else
#   --host NAME        the node's name as Neutron knows it (default: the hostname)
#
# DIR/<host>/MANIFEST lists every command and file, one per line, tab-separated:
#   <status>  <file written>  <command or source>
# where status is the command's exit status, "unavailable" (the tool is not installed) or
# "absent" (the file or directory does not exist).

set -u
LC_ALL=C
export LC_ALL

out=./netspec-capture
tar=no
state=/var/lib/neutron
etc=/etc/neutron
host=

while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || { echo "netspec-capture: --out needs a directory" >&2; exit 2; }; out=$2; shift 2 ;;
    --tar) tar=yes; shift ;;
    --state-path) [ $# -ge 2 ] || { echo "netspec-capture: --state-path needs a directory" >&2; exit 2; }; state=$2; shift 2 ;;
    --etc-path) [ $# -ge 2 ] || { echo "netspec-capture: --etc-path needs a directory" >&2; exit 2; }; etc=$2; shift 2 ;;
    --host) [ $# -ge 2 ] || { echo "netspec-capture: --host needs a name" >&2; exit 2; }; host=$2; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "netspec-capture: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$host" ]; then
  host=$(hostname 2>/dev/null || uname -n)
fi
case $host in
  ''|*/*|.|..) echo "netspec-capture: cannot use \"$host\" as the node's directory name; pass --host NAME" >&2; exit 2 ;;
esac

node=$out/$host
if [ -e "$node" ]; then
  echo "netspec-capture: $node exists; remove it or choose another --out" >&2
  exit 2
fi
mkdir -p "$node" || exit 1
manifest=$node/MANIFEST
printf '# netspec-capture 1\thost=%s\tstate_path=%s\n' "$host" "$state" > "$manifest"

# A namespace or bridge name as a file name: anything but [A-Za-z0-9._-] becomes _.
safe() { printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_'; }

have() { command -v "$1" >/dev/null 2>&1; }

# run FILE TOOL ARGS...: TOOL's output into FILE (relative to the node's directory), its
# errors into FILE.err when there are any, and a manifest line either way.
run() {
  file=$1; shift
  mkdir -p "$(dirname "$node/$file")"
  if ! have "$1"; then
    printf 'unavailable\t%s\t%s\n' "$file" "$*" >> "$manifest"
    return 0
  fi
  "$@" > "$node/$file" 2> "$node/$file.err" < /dev/null
  status=$?
  [ -s "$node/$file.err" ] || rm -f "$node/$file.err"
  printf '%s\t%s\t%s\n' "$status" "$file" "$*" >> "$manifest"
  return 0
}

# run_in FILE NS TOOL ARGS...: run, inside network namespace NS (the root namespace for "-").
run_in() {
  file=$1; ns=$2; shift 2
  if [ "$ns" = - ]; then run "$file" "$@"; else run "$file" ip netns exec "$ns" "$@"; fi
}

# copy FILE SOURCE: a copy of SOURCE (a file) and a manifest line.
copy() {
  if [ -f "$2" ]; then
    mkdir -p "$(dirname "$node/$1")"
    cp "$2" "$node/$1" 2> "$node/$1.err"
    status=$?
    [ -s "$node/$1.err" ] || rm -f "$node/$1.err"
    printf '%s\t%s\t%s\n' "$status" "$1" "cp $2" >> "$manifest"
  else
    printf 'absent\t%s\t%s\n' "$1" "$2" >> "$manifest"
  fi
}

# One namespace's state: links, addresses, routes, neighbours, netfilter, ipsets, listeners.
namespace() {
  dir=$1; ns=$2
  if ! have ip; then
    printf 'unavailable\t%s\t%s\n' "$dir/ip-link.txt" "ip" >> "$manifest"
  else
    run_in "$dir/ip-link.txt" "$ns" ip -o link show
    run_in "$dir/ip-addr.txt" "$ns" ip -o addr show
    run_in "$dir/ip-route.txt" "$ns" ip -o route show table all
    run_in "$dir/ip-neigh.txt" "$ns" ip -o neigh show
  fi
  # sysctl reads /proc: the forwarding switch is per namespace (a qrouter forwards, a qdhcp does not).
  if have sysctl; then
    run_in "$dir/ip-forward.txt" "$ns" sysctl -n net.ipv4.ip_forward
    # Whether the hybrid firewall's Linux bridges hand bridged frames to iptables (br_netfilter).
    [ "$ns" = - ] && run "$dir/bridge-nf-call-iptables.txt" sysctl -n net.bridge.bridge-nf-call-iptables
  else
    printf 'unavailable\t%s\t%s\n' "$dir/ip-forward.txt" sysctl >> "$manifest"
  fi
  for t in iptables-save ipset ss; do
    if ! have "$t" || { [ "$ns" != - ] && ! have ip; }; then
      printf 'unavailable\t%s\t%s\n' "$dir/$t.txt" "$t" >> "$manifest"
      continue
    fi
    case $t in
      iptables-save) run_in "$dir/iptables-save.txt" "$ns" iptables-save -c ;;
      ipset) run_in "$dir/ipset.txt" "$ns" ipset list ;;
      ss) run_in "$dir/ss.txt" "$ns" ss -lntup ;;
    esac
  done
}

# ---- the root namespace and every named one
namespace root -
if have ip; then
  run netns.txt ip netns list
  # `ip netns list` prints "qrouter-<id> (id: 3)": the name is the first word.
  while read -r ns _; do
    [ -n "$ns" ] || continue
    namespace "netns/$(safe "$ns")" "$ns"
  done < "$node/netns.txt"
else
  printf 'unavailable\t%s\t%s\n' netns.txt 'ip netns list' >> "$manifest"
fi

# ---- Open vSwitch: the database's view and every bridge's flow tables
run ovs/show.txt ovs-vsctl show
run ovs/ports.json ovs-vsctl --format=json list Port
run ovs/interfaces.json ovs-vsctl --format=json list Interface
run ovs/bridges.txt ovs-vsctl list-br
if [ -s "$node/ovs/bridges.txt" ]; then
  while read -r br; do
    [ -n "$br" ] || continue
    run "ovs/flows/$(safe "$br").txt" ovs-ofctl dump-flows "$br"
  done < "$node/ovs/bridges.txt"
fi

# ---- the DHCP agent's dnsmasq files and the metadata proxies' haproxy configurations
if [ -d "$state/dhcp" ]; then
  for d in "$state"/dhcp/*; do
    [ -d "$d" ] || continue
    net=$(safe "$(basename "$d")")
    for f in host opts addn_hosts leases; do copy "neutron/dhcp/$net/$f" "$d/$f"; done
  done
else
  printf 'absent\t%s\t%s\n' neutron/dhcp "$state/dhcp" >> "$manifest"
fi
if [ -d "$state/ns-metadata-proxy" ]; then
  for f in "$state"/ns-metadata-proxy/*.conf; do
    [ -f "$f" ] || continue
    copy "neutron/ns-metadata-proxy/$(safe "$(basename "$f")")" "$f"
  done
else
  printf 'absent\t%s\t%s\n' neutron/ns-metadata-proxy "$state/ns-metadata-proxy" >> "$manifest"
fi

# ---- the agents' command lines (dnsmasq's ranges and lease time are only there), and the few
# settings the data plane depends on: only section headers and these keys are kept, so no
# password or shared secret leaves the node.
run processes.txt ps -eww -o pid=,args=

# pick FILE SOURCE KEY...: SOURCE's [section] lines and its lines setting one of the KEYs.
pick() {
  file=$1; src=$2; shift 2
  if [ ! -f "$src" ]; then
    printf 'absent\t%s\t%s\n' "$file" "$src" >> "$manifest"
    return 0
  fi
  mkdir -p "$(dirname "$node/$file")"
  : > "$node/$file"
  while IFS= read -r line; do
    for k in "$@"; do
      case $line in
        \[*) printf '%s\n' "$line" >> "$node/$file"; break ;;
        "$k"=*|"$k":*|"$k"[[:space:]]*) printf '%s\n' "$line" >> "$node/$file"; break ;;
      esac
    done
  done < "$src"
  printf '0\t%s\t%s\n' "$file" "keys of $src: $*" >> "$manifest"
}
ovs_ini=$etc/plugins/ml2/openvswitch_agent.ini
[ -f "$ovs_ini" ] || ovs_ini=$etc/openvswitch_agent.ini
pick neutron/etc/openvswitch_agent.ini "$ovs_ini" bridge_mappings
pick neutron/etc/metadata_agent.ini "$etc/metadata_agent.ini" nova_metadata_host nova_metadata_port metadata_proxy_socket

if [ "$tar" = yes ]; then
  if ! have tar; then
    echo "netspec-capture: --tar needs tar; the capture is left in $node" >&2
    exit 1
  fi
  (cd "$out" && tar -czf "$host.tar.gz" "$host") || { echo "netspec-capture: tar failed; the capture is left in $node" >&2; exit 1; }
  rm -rf "$node"
  echo "netspec-capture: wrote $out/$host.tar.gz"
else
  echo "netspec-capture: wrote $node ($(($(wc -l < "$manifest") - 1)) entries in $manifest)"
fi
