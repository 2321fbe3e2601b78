/**
 * Deployment-wide settings that only the configuration files say: the DHCP agents' isolated and
 * forced metadata, the L3 agents' metadata proxy port, the firewall driver, ML2's mechanism
 * drivers and tenant network types. Each is read per host running the agent (its own file, else
 * the dump-wide one); the model has one value per cloud, so hosts that differ are reported.
 */
import type { FirewallDriver } from '../model/types';
import type { OptionsSpec } from '../model/spec';
import type { AgentConfigs, ConfigFile, Setting } from './agent-configs';
import { iniBool, iniList } from './ini';
import type { Issues } from './issues';
import type { AgentRec } from './records';

/** [securitygroup] firewall_driver: the aliases and the class paths neutron's setup.cfg registers. */
const FIREWALL = new Map<string, FirewallDriver>([
  ['openvswitch', 'openvswitch'], ['neutron.agent.linux.openvswitch_firewall:OVSFirewallDriver', 'openvswitch'],
  ['iptables_hybrid', 'iptables_hybrid'], ['neutron.agent.linux.iptables_firewall.OVSHybridIptablesFirewallDriver', 'iptables_hybrid'],
  ['neutron.agent.linux.iptables_firewall:OVSHybridIptablesFirewallDriver', 'iptables_hybrid'],
]);

/** Settings that change the data plane but that netspec does not model: listed when set otherwise. */
const NOT_MODELLED: { file: ConfigFile; section: string; key: string; unless: (v: string) => boolean; why: string }[] = [
  { file: 'openvswitch_agent.ini', section: 'ovs', key: 'integration_bridge', unless: (v) => v === 'br-int', why: 'netspec names the integration bridge br-int' },
  { file: 'openvswitch_agent.ini', section: 'ovs', key: 'tunnel_bridge', unless: (v) => v === 'br-tun', why: 'netspec names the tunnel bridge br-tun' },
  { file: 'openvswitch_agent.ini', section: 'agent', key: 'extensions', unless: (v) => !iniList(v).length, why: 'agent extensions (QoS, FDB, ...) are not modelled' },
  { file: 'dhcp_agent.ini', section: 'DEFAULT', key: 'enable_metadata_network', unless: (v) => iniBool(v) !== true, why: 'metadata networks are not modelled' },
  { file: 'dhcp_agent.ini', section: 'DEFAULT', key: 'dnsmasq_dns_servers', unless: (v) => !iniList(v).length, why: 'dnsmasq\'s DNS forwarding is not modelled' },
];

export interface DeploymentSettings {
  options: OptionsSpec;
  /** The firewall driver the OVS agents' files set. */
  firewall?: Setting<FirewallDriver>;
  /** ML2's first tunnelling tenant network type, when its file says. */
  tenantTunnel?: Setting<'vxlan' | 'gre'>;
}

export function deploymentFromConfigs(agents: AgentRec[], configs: AgentConfigs, issues: Issues, notes: string[]): DeploymentSettings {
  const out: DeploymentSettings = { options: {} };
  const hostsOf = (type: string) => [...new Set(agents.filter((a) => a.type === type).map((a) => a.host))];
  /** One value over the hosts running an agent, or undefined (reported) when they differ. */
  function one<T>(hosts: string[], read: (host: string) => Setting<T> | undefined, key: string): Setting<T> | undefined {
    const found = hosts.flatMap((h) => { const s = read(h); return s ? [{ h, s }] : []; });
    const other = found.find((x) => x.s.value !== found[0].s.value);
    if (other) {
      issues.add(other.s.src, 'contradiction', `${key} is ${String(other.s.value)} here but ${String(found[0].s.value)} for host ${found[0].h} (${found[0].s.src.file}); netspec models one value for the whole cloud`);
      return undefined;
    }
    return found[0]?.s;
  }
  const bool = (file: ConfigFile, type: string, key: string) => one(hostsOf(type), (h) => configs.bool(file, 'DEFAULT', key, h), key);

  const dhcp = hostsOf('DHCP agent');
  for (const key of ['enable_isolated_metadata', 'force_metadata'] as const) {
    const s = bool('dhcp_agent.ini', 'DHCP agent', key);
    if (s) out.options[key] = s.value;
  }
  if (dhcp.length && !configs.has('dhcp_agent.ini')) {
    notes.push('DHCP agent options force_metadata and enable_isolated_metadata are not reported by the API and the dump has no dhcp_agent.ini: false (the defaults) assumed');
  }

  const metadataPort = one(hostsOf('L3 agent'), (h) => configs.port('l3_agent.ini', 'DEFAULT', 'metadata_port', h), 'metadata_port');
  if (metadataPort && metadataPort.value !== 9697) out.options.metadata_port = metadataPort.value;

  const ovs = hostsOf('Open vSwitch agent');
  const fw = one(ovs, (h) => {
    const s = configs.get('openvswitch_agent.ini', 'securitygroup', 'firewall_driver', h) ?? configs.get('ml2_conf.ini', 'securitygroup', 'firewall_driver', h);
    if (!s) return undefined;
    const driver = FIREWALL.get(s.value);
    if (!driver) {
      issues.add(s.src, 'unsupported', `firewall_driver ${s.value}; netspec models openvswitch and iptables_hybrid`);
      return undefined;
    }
    return { ...s, value: driver };
  }, 'firewall_driver');
  if (fw) out.firewall = fw;

  // No security groups at all: Neutron then uses the noop driver, which netspec does not model.
  // Each file once: the dump-wide ones, then each host's own.
  const inEachFile = (file: ConfigFile, section: string, key: string) => [undefined, ...configs.hostDirs]
    .flatMap((h) => { const s = configs.get(file, section, key, h); return s && s.ownFile === (h !== undefined) ? [s] : []; });
  for (const file of ['openvswitch_agent.ini', 'ml2_conf.ini'] as const) {
    for (const s of inEachFile(file, 'securitygroup', 'enable_security_group')) {
      if (iniBool(s.value) === false) issues.add(s.src, 'unsupported', 'enable_security_group is false (no firewall at all); netspec models the openvswitch and iptables_hybrid firewalls');
    }
  }
  for (const n of NOT_MODELLED) {
    for (const s of inEachFile(n.file, n.section, n.key)) if (!n.unless(s.value)) notes.push(`${s.src.file}: ${s.src.what} is ${s.value}: left out, ${n.why}`);
  }

  // ML2 runs on the controller: its file is read dump-wide (or from any one host directory).
  const ml2Host = [undefined, ...configs.hostDirs].find((h) => configs.get('ml2_conf.ini', 'ml2', 'mechanism_drivers', h) || configs.get('ml2_conf.ini', 'ml2', 'tenant_network_types', h));
  const mech = configs.get('ml2_conf.ini', 'ml2', 'mechanism_drivers', ml2Host);
  if (mech && !iniList(mech.value).includes('openvswitch')) {
    issues.add(mech.src, 'unsupported', `mechanism_drivers ${mech.value} has no openvswitch; netspec models ML2/OVS`);
  }
  const tenant = configs.get('ml2_conf.ini', 'ml2', 'tenant_network_types', ml2Host);
  const tunnel = tenant && iniList(tenant.value).find((t): t is 'vxlan' | 'gre' => t === 'vxlan' || t === 'gre');
  if (tenant && tunnel) out.tenantTunnel = { ...tenant, value: tunnel };
  return out;
}
