import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../report/paths';

/** The capture script shipped in the package (package.json `files`). */
export const CAPTURE_SCRIPT = path.join(PACKAGE_ROOT, 'capture', 'netspec-capture.sh');

export const CAPTURE_USAGE = `usage: netspec capture [--script]

Prints the path of netspec-capture.sh, a plain POSIX shell script to run on each node of a cloud
(network, compute, all-in-one; nothing of netspec installed there). It saves what the node's data
plane really holds, reading only: per network namespace \`ip -o link/addr/route/neigh\`,
\`iptables-save -c\`, \`ipset list\` and \`ss -lntup\`; \`ovs-vsctl show\`, its Port and Interface
tables, and \`ovs-ofctl dump-flows\` of every bridge; each namespace's ip_forward; the processes'
command lines; the DHCP agent's dnsmasq files and the metadata proxies' haproxy configurations;
and, of the agents' configuration, only bridge_mappings and nova_metadata_host/port. It writes DIR/<host>/ (one file per command and a
MANIFEST of each command, its exit status, and what was not available), or DIR/<host>.tar.gz.
  --script   print the script itself:  netspec capture --script > capture.sh
Then, on each node:  sh capture.sh --out /tmp/capture [--tar] [--state-path /var/lib/neutron] [--etc-path /etc/neutron]
Then read them all:  netspec import --captured /tmp/capture (see netspec import --help)`;

export function captureCommand(argv: string[], out: (s: string) => void): number {
  const { values } = parseArgs({ args: argv, options: { script: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) { out(CAPTURE_USAGE); return 0; }
  // The script as it is, byte for byte: `out` adds the final newline it already ends with.
  if (values.script) { out(readFileSync(CAPTURE_SCRIPT, 'utf8').replace(/\n$/, '')); return 0; }
  out(CAPTURE_SCRIPT);
  return 0;
}
