import { parseArgs } from 'node:util';
import { importOpenStack } from '../import';
import { TopologyError } from '../model/errors';
import { rejectEmptyPaths } from './path-options';
import { UsageError } from './usage-error';
import { writeAtomically } from './write-file';
import { importCaptured } from './captured-import';

export const IMPORT_USAGE = `usage: netspec import --openstack DIR --out FILE [--name NAME]
       netspec import --captured DIR [--topology FILE] [--out FILE]

Writes a topology file (YAML, for --topology) describing a running ML2/OVS cloud, from what the
OpenStack CLI (-f json) or the Neutron and Nova APIs (the response body) print about it.
DIR holds one file per resource; each file's format is detected on its own:

  networks.json         openstack network list --long -f json            GET /v2.0/networks
  network-<NET>.json    openstack network show -f json <NET>             CLI only, one per network:
                        (the list has no segmentation id or physical network)
  subnets.json          openstack subnet list --long -f json             GET /v2.0/subnets
  routers.json          openstack router list --long -f json             GET /v2.0/routers
  router-<ROUTER>.json  openstack router show -f json <ROUTER>           one per router (its
                        interfaces_info); not needed with the API's ports.json
  ports.json            openstack port list --long -f json               GET /v2.0/ports
  agents.json           openstack network agent list -f json             GET /v2.0/agents
optional (Nova's; without them, instances come from the API's ports.json: one per device_id of
the compute:* ports, on their binding:host_id, named after their port):
  servers.json          openstack server list --long --all-projects -f json
                                                          GET /v2.1/servers/detail?all_tenants=1
  hypervisors.json      openstack hypervisor list -f json                GET /v2.1/os-hypervisors/detail
optional:
  agent-<ID>.json       openstack network agent show -f json <ID>        the configuration the CLI
                        list lacks: tunneling_ip, bridge_mappings, ovs_hybrid_plug, nova_metadata_host
  services.json         openstack compute service list -f json           GET /v2.1/os-services
                        (where nova-conductor runs: the controller, when no agent names it)
  security_groups.json  openstack security group list -f json            GET /v2.0/security-groups
                        (without it, every instance port gets netspec's default group)
  security_group_rules.json  openstack security group rule list -f json  needed with the CLI's list
  trunks.json           openstack network trunk list -f json             GET /v2.0/trunks
  trunk-<TRUNK>.json    openstack network trunk show -f json <TRUNK>     CLI only, one per trunk
                        (the list has no subports); without trunks.json, subports are left out
  ml2_conf.ini, openvswitch_agent.ini, dhcp_agent.ini, l3_agent.ini, metadata_agent.ini
                        the agents' configuration files, for what the API does not report
                        (enable_isolated_metadata, force_metadata, metadata_port, firewall_driver,
                        bridge_mappings, tunnel_types, local_ip, nova_metadata_host/port); in DIR
                        for every host, in DIR/<host>/ for that host alone (local_ip is per host).
                        A loopback nova_metadata_host means Nova's metadata API on that node.
<NET>, <ROUTER> is the name or the id. Run the commands as an admin: provider attributes, hosts
and bindings are admin-only.

Hosts come from the agents (Open vSwitch, L3, DHCP, Metadata) and the hypervisors (nova-compute);
instances from the servers and their compute:* ports, keeping ids, fixed IPs and MACs. What the
dump does not say (management addresses other than the hypervisors' host_ip, and, from the CLI,
tunneling_ip) gets a deterministic placeholder, and the file's header says so.
  --out FILE   where to write the topology; written only when the import succeeds
  --name NAME  the cloud's name (default: DIR's name)
Exit status: 0 when FILE was written; 2 when a file is missing or the dump is incomplete or
contradictory (each problem names the file and the resource; nothing is written).

--captured DIR reads what netspec-capture.sh saved on each node (DIR/<host>/ or DIR/<host>.tar.gz)
into the data plane trace --captured and check --captured walk, and prints what it found, every
line it did not understand (file:line and why; such lines are left out) and what it assumed. The
logical cloud (instance, network and router names; what lies beyond the provider networks) comes
from --topology FILE, else from a Neutron dump in DIR/openstack/ (the files --openstack reads).
  --out FILE   also write the data plane as JSON`;

export function importCommand(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      openstack: { type: 'string' }, captured: { type: 'string' }, topology: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) { out(IMPORT_USAGE); return 0; }
  rejectEmptyPaths(values, { captured: 'directory', topology: 'file' });
  if (values.captured !== undefined) {
    if (values.openstack) throw new UsageError('import takes --openstack DIR or --captured DIR, not both');
    if (values.name) throw new UsageError('--name goes with --openstack (a capture takes its name from its cloud or its directory)');
    return importCaptured(values.captured, values.out, values.topology, out);
  }
  rejectEmptyPaths(values, { openstack: 'directory', out: 'file' });
  if (!values.openstack) throw new UsageError('import needs --openstack DIR (see netspec import --help)');
  if (!values.out) throw new UsageError('import needs --out FILE (see netspec import --help)');
  let result;
  try {
    result = importOpenStack(values.openstack, { out: values.out, name: values.name });
  } catch (e) {
    if (!(e instanceof TopologyError)) throw e;
    const n = e.issues.length;
    err(`netspec import: cannot import ${values.openstack} (${n} problem${n === 1 ? '' : 's'}; ${values.out} not written)\n${e.message}`);
    return 2;
  }
  writeAtomically(values.out, result.yaml);
  const c = result.cloud;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  out(`wrote ${values.out}: ${count(c.hosts.length, 'host')}, ${count(c.networks.length, 'network')}, ${count(c.subnets.length, 'subnet')}, `
    + `${count(c.routers.length, 'router')}, ${count(c.instances.length, 'instance')}`);
  if (result.notes.length) out(`${count(result.notes.length, 'assumption')} (listed in its header):\n${result.notes.map((s) => `  - ${s}`).join('\n')}`);
  return 0;
}
