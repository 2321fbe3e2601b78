#!/bin/sh
# busybox udhcpc's script: applies the lease inside the guest's namespace only (the stock script
# would rewrite the machine's resolv.conf) and prints what was offered.
case "$1" in
  bound|renew)
    echo "lease: ip=$ip mask=$mask router=$router mtu=$mtu staticroutes=$staticroutes"
    ip addr flush dev "$interface"; ip addr add "$ip/$mask" dev "$interface"
    [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
    set -- $staticroutes
    while [ $# -ge 2 ]; do ip route replace "$1" via "$2" dev "$interface"; shift 2; done
    [ -n "$router" ] && ip route replace default via "$router" dev "$interface"
    ;;
esac
exit 0
