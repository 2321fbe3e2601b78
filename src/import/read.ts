/**
 * Reads every file of a dump into `Records`, one reader per resource kind and format. Field
 * names follow python-openstackclient (column headers of `list`, attribute names of `show`) and
 * the Neutron/Nova API references.
 */
import {
  bool, dict, dictList, Dump, fileKey, isObj, num, str, strList, type Format, type ListFile, type Obj,
} from './dump';
import type { Issues, Source } from './issues';
import type {
  AddressRec, AgentRec, FixedIpRec, FloatingIpRec, GroupRec, HypervisorRec, NetworkRec, PortRec, Records, RouterRec, RuleRec,
  ServerRec, ServiceRec, SubnetRec, SubPortRec, TrunkRec,
} from './records';

export const FILES = {
  networks: {
    file: 'networks.json', apiKey: 'networks', cli: 'openstack network list --long -f json', api: 'GET /v2.0/networks',
    cliColumns: { columns: ['Network Type'], hint: 'use `openstack network list --long -f json`' },
  },
  subnets: {
    file: 'subnets.json', apiKey: 'subnets', cli: 'openstack subnet list --long -f json', api: 'GET /v2.0/subnets',
    cliColumns: { columns: ['Gateway', 'Allocation Pools', 'DHCP'], hint: 'use `openstack subnet list --long -f json`' },
  },
  routers: {
    file: 'routers.json', apiKey: 'routers', cli: 'openstack router list --long -f json', api: 'GET /v2.0/routers',
    cliColumns: { columns: ['External gateway info'], hint: 'use `openstack router list --long -f json`' },
  },
  ports: {
    file: 'ports.json', apiKey: 'ports', cli: 'openstack port list --long -f json', api: 'GET /v2.0/ports',
    cliColumns: { columns: ['Device Owner'], hint: 'use `openstack port list --long -f json`' },
  },
  servers: {
    file: 'servers.json', apiKey: 'servers', cli: 'openstack server list --long --all-projects -f json', api: 'GET /v2.1/servers/detail?all_tenants=1',
    cliColumns: { columns: ['Host'], hint: 'use `openstack server list --long -f json` as an admin (the Host column)' },
  },
  hypervisors: {
    file: 'hypervisors.json', apiKey: 'hypervisors', cli: 'openstack hypervisor list -f json', api: 'GET /v2.1/os-hypervisors/detail',
  },
  agents: { file: 'agents.json', apiKey: 'agents', cli: 'openstack network agent list -f json', api: 'GET /v2.0/agents' },
  services: { file: 'services.json', apiKey: 'services', cli: 'openstack compute service list -f json', api: 'GET /v2.1/os-services' },
  groups: {
    file: 'security_groups.json', apiKey: 'security_groups', cli: 'openstack security group list -f json', api: 'GET /v2.0/security-groups',
  },
  floatingips: {
    file: 'floatingips.json', apiKey: 'floatingips', cli: 'openstack floating ip list --long -f json', api: 'GET /v2.0/floatingips',
  },
  trunks: {
    file: 'trunks.json', apiKey: 'trunks', cli: 'openstack network trunk list -f json', api: 'GET /v2.0/trunks',
  },
  rules: {
    file: 'security_group_rules.json', apiKey: 'security_group_rules', cli: 'openstack security group rule list -f json',
    api: 'GET /v2.0/security-group-rules',
  },
} satisfies Record<string, ListFile>;

const label = (kind: string, id: string, name?: string) => `${kind} ${id}${name ? ` (${name})` : ''}`;

/** `cli` picks the CLI column header, `api` the API attribute (also the CLI's `show` key). */
const pick = (fmt: Format, row: Obj, cli: string, api: string): unknown => (fmt === 'cli' ? row[cli] : row[api]);

function fixedIps(v: unknown): FixedIpRec[] {
  return (dictList(v) ?? []).flatMap((f) => {
    const subnetId = str(f.subnet_id), ip = str(f.ip_address);
    return subnetId && ip ? [{ subnetId, ip }] : [];
  });
}
function addressPairs(v: unknown): PortRec['addressPairs'] {
  if (v === undefined || v === null) return undefined;
  return (dictList(v) ?? []).flatMap((a) => {
    const ip = str(a.ip_address), mac = str(a.mac_address);
    return ip ? [{ ip, ...(mac && { mac }) }] : [];
  });
}
function routes(v: unknown): { destination: string; nexthop: string }[] | undefined {
  const l = dictList(v);
  return l?.flatMap((r) => {
    const destination = str(r.destination), nexthop = str(r.nexthop) ?? str(r.gateway);
    return destination && nexthop ? [{ destination, nexthop }] : [];
  });
}

export class Reader {
  constructor(private readonly dump: Dump, private readonly issues: Issues) {}

  /** id and name of a row, or undefined (reported) when the id is missing. */
  private ident(fmt: Format, row: Obj, file: string, index: number, kind: string, nameKeys: [string, string] = ['Name', 'name']) {
    const raw = pick(fmt, row, 'ID', 'id');
    // Older Nova microversions number hypervisors and services.
    const id = (typeof raw === 'number' ? String(raw) : str(raw))?.trim();
    const name = str(pick(fmt, row, ...nameKeys)) ?? '';
    if (!id) {
      this.issues.add({ file, what: `${kind} #${index + 1}${name ? ` (${name})` : ''}` }, 'missing-field', `no ${fmt === 'cli' ? 'ID' : 'id'}`);
      return undefined;
    }
    return { id, name, src: { file, what: label(kind, id, name) } satisfies Source };
  }

  networks(): NetworkRec[] {
    const list = this.dump.list(FILES.networks, true);
    if (!list) return [];
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(list.format, row, list.file, index, 'network');
      if (!it) return [];
      let rec: NetworkRec = list.format === 'api' ? { ...it, ...networkFields(row) } : {
        ...it, type: str(row['Network Type']), external: bool(row['Router Type']), adminUp: bool(row.State),
      };
      if (rec.type === undefined || rec.segmentationId === undefined || rec.physicalNetwork === undefined) {
        // `network list --long` prints no segmentation id or physical network: `network show` does.
        const show = this.dump.show([`network-${fileKey(it.name)}.json`, `network-${it.id}.json`], 'network');
        if (show) {
          if (str(show.row.id) !== it.id) {
            this.issues.add({ file: show.file, what: label('network', str(show.row.id) ?? '?', str(show.row.name)) }, 'contradiction',
              `is not network ${it.id} of ${list.file}`);
          } else rec = { ...rec, ...networkFields(show.row), src: rec.src };
        } else if (list.format === 'cli') {
          this.issues.add(it.src, 'missing-file',
            `\`openstack network list\` prints no provider:segmentation_id or provider:physical_network: save \`openstack network show -f json ${it.id}\` as network-${fileKey(it.name || it.id)}.json`);
        }
      }
      return [rec];
    });
  }

  subnets(): SubnetRec[] {
    const list = this.dump.list(FILES.subnets, true);
    if (!list) return [];
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'subnet');
      if (!it) return [];
      const pools = dictList(pick(f, row, 'Allocation Pools', 'allocation_pools'))
        ?? poolsFromText(pick(f, row, 'Allocation Pools', 'allocation_pools'));
      const gw = pick(f, row, 'Gateway', 'gateway_ip');
      return [{
        ...it,
        networkId: str(pick(f, row, 'Network', 'network_id')),
        cidr: str(pick(f, row, 'Subnet', 'cidr')),
        ipVersion: num(pick(f, row, 'IP Version', 'ip_version')),
        gatewayIp: gw === null || gw === '' || gw === 'None' ? null : str(gw),
        pools: pools?.flatMap((p) => (str(p.start) && str(p.end) ? [{ start: str(p.start)!, end: str(p.end)! }] : [])),
        dhcp: bool(pick(f, row, 'DHCP', 'enable_dhcp')),
        hostRoutes: routes(pick(f, row, 'Host Routes', 'host_routes')),
        dns: strList(pick(f, row, 'Name Servers', 'dns_nameservers')),
      }];
    });
  }

  ports(): PortRec[] {
    const list = this.dump.list(FILES.ports, true);
    if (!list) return [];
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'port');
      if (!it) return [];
      const vif = isObj(row['binding:vif_details']) ? row['binding:vif_details'] as Obj : undefined;
      const host = str(row['binding:host_id']);
      return [{
        ...it,
        mac: str(pick(f, row, 'MAC Address', 'mac_address')),
        fixedIps: fixedIps(pick(f, row, 'Fixed IP Addresses', 'fixed_ips')),
        owner: str(pick(f, row, 'Device Owner', 'device_owner')),
        deviceId: f === 'api' ? str(row.device_id) : undefined,
        networkId: f === 'api' ? str(row.network_id) : undefined,
        host: host || undefined,
        securityGroups: strList(pick(f, row, 'Security Groups', 'security_groups')),
        portSecurity: f === 'api' ? bool(row.port_security_enabled) : undefined,
        adminUp: f === 'api' ? bool(row.admin_state_up) : undefined,
        addressPairs: addressPairs(pick(f, row, 'Allowed Address Pairs', 'allowed_address_pairs')),
        hybridPlug: bool(vif?.ovs_hybrid_plug),
      }];
    });
  }

  routers(ports: PortRec[]): RouterRec[] {
    const list = this.dump.list(FILES.routers, true);
    if (!list) return [];
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'router');
      if (!it) return [];
      let rec: RouterRec = {
        ...it, ...routerFields(f, row, it.src, this.issues),
      };
      const show = this.dump.show([`router-${fileKey(it.name)}.json`, `router-${it.id}.json`], 'router');
      if (show) {
        const showSrc = { file: show.file, what: it.src.what };
        if (str(show.row.id) !== it.id) {
          this.issues.add({ file: show.file, what: label('router', str(show.row.id) ?? '?', str(show.row.name)) }, 'contradiction',
            `is not router ${it.id} of ${list.file}`);
        } else {
          rec = { ...rec, ...routerFields('api', show.row, showSrc, this.issues), src: rec.src };
          const info = dictList(show.row.interfaces_info);
          if (info) {
            rec.interfaces = info.flatMap((i, k) => {
              const portId = str(i.port_id), subnetId = str(i.subnet_id), ip = str(i.ip_address);
              if (portId && subnetId && ip) return [{ portId, subnetId, ip, src: { file: show.file, what: `${it.src.what} interfaces_info[${k}]` } }];
              this.issues.add({ file: show.file, what: `${it.src.what} interfaces_info[${k}]` }, 'missing-field', 'needs port_id, subnet_id and ip_address');
              return [];
            });
          }
        }
      } else if (f === 'cli' || !ports.some((p) => p.deviceId !== undefined)) {
        // The CLI's port list has no device_id: only `router show` says which ports are the router's.
        this.issues.add(it.src, 'missing-file',
          `\`openstack router list\` prints no interfaces: save \`openstack router show -f json ${it.id}\` as router-${fileKey(it.name || it.id)}.json`);
      }
      return [rec];
    });
  }

  servers(): ServerRec[] | undefined {
    if (!this.dump.has(FILES.servers.file)) return undefined;
    const list = this.dump.list(FILES.servers, true);
    if (!list) return [];
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'server');
      if (!it) return [];
      const addresses: AddressRec[] = [];
      const raw = pick(f, row, 'Networks', 'addresses');
      if (isObj(raw)) {
        for (const [network, v] of Object.entries(raw)) {
          for (const a of Array.isArray(v) ? v : [v]) {
            if (typeof a === 'string') addresses.push({ network, addr: a });
            else if (isObj(a) && str(a.addr)) {
              addresses.push({ network, addr: str(a.addr)!, mac: str(a['OS-EXT-IPS-MAC:mac_addr']), type: str(a['OS-EXT-IPS:type']) });
            }
          }
        }
      } else if (typeof raw === 'string') {
        // Older clients: "net1=10.0.0.3, 172.24.4.5; net2=192.168.0.4".
        for (const part of raw.split(';')) {
          const [network, ips] = part.split('=');
          if (network && ips) for (const addr of ips.split(',').map((s) => s.trim()).filter(Boolean)) addresses.push({ network: network.trim(), addr });
        }
      }
      const rec: ServerRec = { ...it, status: str(pick(f, row, 'Status', 'status')), addresses };
      if (f === 'api') {
        if ('OS-EXT-SRV-ATTR:host' in row) rec.host = str(row['OS-EXT-SRV-ATTR:host']) ?? null;
        if ('OS-EXT-SRV-ATTR:hypervisor_hostname' in row) rec.hypervisorHostname = str(row['OS-EXT-SRV-ATTR:hypervisor_hostname']) ?? null;
      } else if ('Host' in row) rec.hypervisorHostname = str(row.Host) || null;
      return [rec];
    });
  }

  hypervisors(): HypervisorRec[] | undefined {
    if (!this.dump.has(FILES.hypervisors.file)) return undefined;
    const list = this.dump.list(FILES.hypervisors, true);
    if (!list) return [];
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'hypervisor', ['Hypervisor Hostname', 'hypervisor_hostname']);
      if (!it) return [];
      if (!it.name) {
        this.issues.add(it.src, 'missing-field', `no ${f === 'cli' ? 'Hypervisor Hostname' : 'hypervisor_hostname'}`);
        return [];
      }
      const service = isObj(row.service) ? row.service as Obj : undefined;
      return [{
        id: it.id, hostname: it.name, src: it.src, serviceHost: str(service?.host),
        hostIp: str(pick(f, row, 'Host IP', 'host_ip')), state: str(pick(f, row, 'State', 'state')),
      }];
    });
  }

  agents(): AgentRec[] {
    const list = this.dump.list(FILES.agents, true);
    if (!list) return [];
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'agent', ['Agent Type', 'agent_type']);
      if (!it) return [];
      const host = str(pick(f, row, 'Host', 'host'));
      if (!it.name || !host) {
        this.issues.add(it.src, 'missing-field', `needs ${f === 'cli' ? '"Agent Type" and "Host"' : 'agent_type and host'}`);
        return [];
      }
      const rec: AgentRec = {
        id: it.id, type: it.name, host, src: { ...it.src, what: `agent ${it.id} (${it.name} on ${host})` },
        binary: str(pick(f, row, 'Binary', 'binary')), alive: bool(pick(f, row, 'Alive', 'alive')),
        adminUp: bool(pick(f, row, 'State', 'admin_state_up')),
      };
      const conf = row.configurations ?? row.configuration;
      if (isObj(conf)) rec.config = conf;
      else {
        // `network agent list` has no configuration: `network agent show` (agent-<id>.json) does.
        const show = this.dump.show([`agent-${it.id}.json`], 'agent');
        const c = show && (show.row.configurations ?? show.row.configuration);
        if (isObj(c)) rec.config = c;
      }
      return [rec];
    });
  }

  services(): ServiceRec[] | undefined {
    const list = this.dump.list(FILES.services, false);
    if (!list) return undefined;
    return list.rows.flatMap(({ row, index }) => {
      const binary = str(pick(list.format, row, 'Binary', 'binary')), host = str(pick(list.format, row, 'Host', 'host'));
      if (binary && host) return [{ binary, host, src: { file: list.file, what: `service ${binary} on ${host}` } }];
      this.issues.add({ file: list.file, what: `service #${index + 1}` }, 'missing-field', 'needs Binary and Host');
      return [];
    });
  }

  groups(): GroupRec[] | undefined {
    const list = this.dump.list(FILES.groups, false);
    if (!list) {
      if (this.dump.has(FILES.rules.file)) {
        this.issues.add({ file: this.dump.path(FILES.rules.file), what: '(file)' }, 'missing-file',
          `rules without groups: also save \`${FILES.groups.cli}\` as ${FILES.groups.file}`);
      }
      return undefined;
    }
    const f = list.format;
    const groups: GroupRec[] = list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'security group');
      if (!it) return [];
      const g: GroupRec = { ...it, stateful: bool(pick(f, row, 'Stateful', 'stateful')) };
      if (f === 'api' && Array.isArray(row.security_group_rules)) {
        g.rules = row.security_group_rules.filter(isObj).flatMap((r, k) => this.rule('api', r, list.file, k, it.id));
      }
      return [g];
    });
    const ruleList = this.dump.list(FILES.rules, false);
    if (ruleList) {
      const byGroup = new Map(groups.map((g) => [g.id, g]));
      const seen = new Set<GroupRec>();
      for (const { row, index } of ruleList.rows) {
        for (const r of this.rule(ruleList.format, row, ruleList.file, index)) {
          const g = byGroup.get(r.groupId);
          if (!g) {
            this.issues.add(r.src, 'unknown-reference', `security group ${r.groupId} not found in ${FILES.groups.file}`);
            continue;
          }
          // The rules file is authoritative for the groups it covers.
          if (!seen.has(g)) { seen.add(g); g.rules = []; }
          if (!g.rules!.some((x) => x.id === r.id)) g.rules!.push(r);
        }
      }
      for (const g of groups) g.rules ??= [];
    }
    return groups;
  }

  private rule(f: Format, row: Obj, file: string, index: number, groupId?: string): RuleRec[] {
    const id = str(pick(f, row, 'ID', 'id')) ?? `#${index + 1}`;
    const src = { file, what: `security group rule ${id}` };
    const group = groupId ?? str(pick(f, row, 'Security Group', 'security_group_id'));
    if (!group) {
      this.issues.add(src, 'missing-field', `no ${f === 'cli' ? '"Security Group" column (list all rules, without a group argument)' : 'security_group_id'}`);
      return [];
    }
    const protocol = pick(f, row, 'IP Protocol', 'protocol');
    let min: number | null = null, max: number | null = null;
    if (f === 'cli') {
      const range = str(row['Port Range']) ?? '';
      const icmp = /^type=(\d+)(?::code=(\d+))?$/.exec(range), ports = /^(\d+):(\d+)$/.exec(range);
      if (icmp) [min, max] = [Number(icmp[1]), icmp[2] === undefined ? null : Number(icmp[2])];
      else if (ports) [min, max] = [Number(ports[1]), Number(ports[2])];
    } else {
      min = num(row.port_range_min) ?? null;
      max = num(row.port_range_max) ?? null;
    }
    const remoteGroup = str(pick(f, row, 'Remote Security Group', 'remote_group_id')) ?? null;
    return [{
      id, groupId: group, src,
      direction: str(pick(f, row, 'Direction', 'direction')),
      ethertype: str(pick(f, row, 'Ethertype', 'ethertype')),
      // A mapping or list (even one with a `toString` key) is shown as JSON, so the rule check can name it.
      protocol: protocol == null ? null : typeof protocol === 'object' ? JSON.stringify(protocol) : String(protocol),
      min, max,
      // The CLI prints 0.0.0.0/0 for "any", also next to a remote group.
      prefix: remoteGroup ? null : str(pick(f, row, 'IP Range', 'remote_ip_prefix')) ?? null,
      remoteGroup,
      remoteAddressGroup: str(pick(f, row, 'Remote Address Group', 'remote_address_group_id')) ?? null,
    }];
  }

  floatingips(): FloatingIpRec[] | undefined {
    const list = this.dump.list(FILES.floatingips, false);
    if (!list) return undefined;
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const id = str(pick(f, row, 'ID', 'id')), address = str(pick(f, row, 'Floating IP Address', 'floating_ip_address'));
      if (!id || !address) {
        this.issues.add({ file: list.file, what: `floating IP #${index + 1}` }, 'missing-field', 'needs an id and floating_ip_address');
        return [];
      }
      return [{
        id, address, networkId: str(pick(f, row, 'Floating Network', 'floating_network_id')),
        portId: str(pick(f, row, 'Port', 'port_id')) ?? null, fixedIp: str(pick(f, row, 'Fixed IP Address', 'fixed_ip_address')) ?? null,
        src: { file: list.file, what: label('floating IP', id, address) },
      }];
    });
  }

  /**
   * trunks.json: the API's list carries each trunk's sub_ports; the CLI's list only the parent
   * port, so its subports come from `trunk-<name>.json` (`openstack network trunk show -f json`).
   */
  trunks(): TrunkRec[] | undefined {
    const list = this.dump.list(FILES.trunks, false);
    if (!list) return undefined;
    const f = list.format;
    return list.rows.flatMap(({ row, index }) => {
      const it = this.ident(f, row, list.file, index, 'trunk');
      if (!it) return [];
      let from: { row: Obj; file: string } | undefined = f === 'api' ? { row, file: list.file } : undefined;
      const show = this.dump.show([`trunk-${fileKey(it.name)}.json`, `trunk-${it.id}.json`], 'trunk');
      if (show && str(show.row.id) !== it.id) {
        this.issues.add({ file: show.file, what: label('trunk', str(show.row.id) ?? '?', str(show.row.name)) }, 'contradiction', `is not trunk ${it.id} of ${list.file}`);
      } else if (show) from = { row: show.row, file: show.file };
      const rec: TrunkRec = { ...it, parentPortId: str(from?.row.port_id) ?? str(pick(f, row, 'Parent Port', 'port_id')) };
      if (!from) {
        this.issues.add(it.src, 'missing-file', `\`openstack network trunk list\` prints no subports: save \`openstack network trunk show -f json ${it.id}\` as trunk-${fileKey(it.name || it.id)}.json`);
        return [rec];
      }
      const src = from.file;
      rec.subPorts = (dictList(from.row.sub_ports) ?? []).flatMap((sp, k): SubPortRec[] => {
        const portId = str(sp.port_id), at = { file: src, what: `${it.src.what} sub_ports[${k}]` };
        if (!portId) { this.issues.add(at, 'missing-field', 'needs port_id'); return []; }
        return [{ portId, segmentationType: str(sp.segmentation_type), segmentationId: num(sp.segmentation_id), src: at }];
      });
      return [rec];
    });
  }

  all(): Records {
    const ports = this.ports();
    return {
      networks: this.networks(), subnets: this.subnets(), ports, routers: this.routers(ports),
      servers: this.servers(), hypervisors: this.hypervisors(), agents: this.agents(),
      services: this.services(), groups: this.groups(), floatingips: this.floatingips(), trunks: this.trunks(),
    };
  }
}

function networkFields(row: Obj): Omit<NetworkRec, 'id' | 'name' | 'src'> {
  const seg = row['provider:segmentation_id'];
  const phys = row['provider:physical_network'];
  return {
    type: str(row['provider:network_type']),
    segmentationId: seg === null ? null : num(seg),
    physicalNetwork: phys === null ? null : str(phys),
    external: bool(row['router:external']),
    adminUp: bool(row.admin_state_up),
    mtu: num(row.mtu),
  };
}

function poolsFromText(v: unknown): Obj[] | undefined {
  if (typeof v !== 'string') return undefined;
  return v.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const [start, end] = p.split('-');
    return { start, end };
  });
}

function routerFields(f: Format, row: Obj, src: Source, issues: Issues): Omit<RouterRec, 'id' | 'name' | 'src' | 'interfaces'> {
  const rawGw = pick(f, row, 'External gateway info', 'external_gateway_info');
  const gw = dict(rawGw);
  let gateway: RouterRec['gateway'];
  if (gw === null) gateway = null;
  else if (gw) {
    const networkId = str(gw.network_id);
    if (networkId) gateway = { networkId, enableSnat: bool(gw.enable_snat), fixedIps: fixedIps(gw.external_fixed_ips) };
    else issues.add(src, 'missing-field', 'external_gateway_info has no network_id');
  } else if (rawGw !== undefined) issues.add(src, 'format', `external_gateway_info is not a mapping: ${JSON.stringify(rawGw).slice(0, 60)}`);
  const out: Omit<RouterRec, 'id' | 'name' | 'src' | 'interfaces'> = {
    adminUp: bool(pick(f, row, 'State', 'admin_state_up')),
    routes: routes(pick(f, row, 'Routes', 'routes')),
    distributed: bool(pick(f, row, 'Distributed', 'distributed')),
    ha: bool(pick(f, row, 'HA', 'ha')),
  };
  if (gateway !== undefined) out.gateway = gateway;
  return out;
}
