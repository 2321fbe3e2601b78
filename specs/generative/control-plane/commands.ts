/**
 * Neutron and Nova API calls as fast-check commands. Each picks its objects by index, modulo what
 * the model holds when it runs (so any shrunk sequence still makes sense), applies the call to
 * the model and to the real CloudSpec, then re-normalizes, realizes and checks (`verify`).
 */
import fc from 'fast-check';
import type { Model, Real } from './state';
import { allSubnets, at, freeSubnets, HA_AGENTS, MAX } from './state';
import { verify } from './verify';

abstract class Call implements fc.Command<Model, Real> {
  /** What the last run did, with names resolved (for the failure report). */
  protected did = '';
  abstract check(m: Readonly<Model>): boolean;
  protected abstract apply(m: Model, r: Real): string;
  run(m: Model, r: Real): void {
    this.did = this.apply(m, r);
    r.log.push(this.did);
    verify(m, r);
  }
  toString(): string { return this.did || this.constructor.name; }
}

const router = (r: Real, name: string) => r.spec.routers!.find((x) => x.name === name)!;

class CreateNetwork extends Call {
  constructor(readonly dhcp: boolean) { super(); }
  check(m: Readonly<Model>) { return m.networks.length < MAX.networks; }
  apply(m: Model, r: Real) {
    const k = m.next.network++;
    const name = `net${k}`, subnet = `${name}-s1`;
    m.networks.push({ name, subnets: [{ name: subnet, network: name, dhcp: this.dhcp, gateway: true }] });
    // ML2 allocates a free segmentation id: here the lowest one not in use.
    const used = new Set(r.spec.networks.map((n) => n['provider:segmentation_id']));
    let vni = 1;
    while (used.has(vni)) vni++;
    const type = r.spec.options?.tunnel_type ?? 'vxlan';
    r.spec.networks.push({ name, 'provider:network_type': type, 'provider:segmentation_id': vni });
    r.spec.subnets.push({ name: subnet, network: name, cidr: `10.${k}.0.0/24`, ...(!this.dhcp && { enable_dhcp: false }) });
    return `network create ${name} + subnet ${subnet}${this.dhcp ? '' : ' --no-dhcp'}`;
  }
}

class CreateSubnet extends Call {
  constructor(readonly network: number, readonly dhcp: boolean) { super(); }
  check(m: Readonly<Model>) { return m.networks.some((n) => n.subnets.length < MAX.subnetsPerNetwork); }
  apply(m: Model, r: Real) {
    const net = at(m.networks.filter((n) => n.subnets.length < MAX.subnetsPerNetwork), this.network);
    const k = Number(net.name.slice(3)), j = net.subnets.length;
    const name = `${net.name}-s${j + 1}`;
    net.subnets.push({ name, network: net.name, dhcp: this.dhcp, gateway: true });
    r.spec.subnets.push({ name, network: net.name, cidr: `10.${k}.${j}.0/24`, ...(!this.dhcp && { enable_dhcp: false }) });
    return `subnet create ${name}${this.dhcp ? '' : ' --no-dhcp'}`;
  }
}

class DeleteNetwork extends Call {
  constructor(readonly network: number) { super(); }
  private deletable(m: Readonly<Model>) {
    const held = new Set(m.routers.flatMap((x) => x.interfaces));
    return m.networks.filter((n) => !m.instances.some((i) => i.network === n.name) && !n.subnets.some((s) => held.has(s.name)));
  }
  check(m: Readonly<Model>) { return this.deletable(m).length > 0; }
  apply(m: Model, r: Real) {
    const net = at(this.deletable(m), this.network);
    m.networks = m.networks.filter((n) => n !== net);
    r.spec.networks = r.spec.networks.filter((n) => n.name !== net.name);
    r.spec.subnets = r.spec.subnets.filter((s) => s.network !== net.name);
    return `network delete ${net.name}`;
  }
}

class ToggleDhcp extends Call {
  constructor(readonly subnet: number) { super(); }
  check(m: Readonly<Model>) { return allSubnets(m).length > 0; }
  apply(m: Model, r: Real) {
    const s = at(allSubnets(m), this.subnet);
    s.dhcp = !s.dhcp;
    const spec = r.spec.subnets.find((x) => x.name === s.name)!;
    spec.enable_dhcp = s.dhcp;
    return `subnet set ${s.name} ${s.dhcp ? '--dhcp' : '--no-dhcp'}`;
  }
}

class CreateRouter extends Call {
  constructor(readonly gateway: boolean, readonly ha: boolean) { super(); }
  check(m: Readonly<Model>) { return m.routers.length < MAX.routers; }
  apply(m: Model, r: Real) {
    const name = `r${m.next.router++}`;
    // An HA router is scheduled, on both network nodes, when it is created.
    m.routers.push({ name, gateway: this.gateway, interfaces: [], scheduled: this.gateway || this.ha, ha: this.ha, active: HA_AGENTS[0] });
    r.spec.routers!.push({ name, interfaces: [], ...(this.gateway && { external_gateway_info: { network: 'provider1' } }), ...(this.ha && { ha: true }) });
    return `router create ${name}${this.gateway ? ' --external-gateway provider1' : ''}${this.ha ? ' --ha' : ''}`;
  }
}

/** keepalived on the other network node wins the election: the HA router fails over to it. */
class Failover extends Call {
  constructor(readonly router: number) { super(); }
  check(m: Readonly<Model>) { return m.routers.some((x) => x.ha); }
  apply(m: Model, r: Real) {
    const x = at(m.routers.filter((y) => y.ha), this.router);
    x.active = HA_AGENTS.find((h) => h !== x.active)!;
    router(r, x.name).l3_agents = HA_AGENTS.map((host) => ({ host, ha_state: host === x.active ? 'active' as const : 'standby' as const }));
    return `failover ${x.name} to ${x.active}`;
  }
}

class DeleteRouter extends Call {
  constructor(readonly router: number) { super(); }
  // Neutron refuses to delete a router that still has interfaces (RouterInUse).
  check(m: Readonly<Model>) { return m.routers.some((x) => x.interfaces.length === 0); }
  apply(m: Model, r: Real) {
    const x = at(m.routers.filter((y) => y.interfaces.length === 0), this.router);
    m.routers = m.routers.filter((y) => y !== x);
    r.spec.routers = r.spec.routers!.filter((y) => y.name !== x.name);
    return `router delete ${x.name}`;
  }
}

class SetGateway extends Call {
  constructor(readonly router: number) { super(); }
  check(m: Readonly<Model>) { return m.routers.some((x) => !x.gateway); }
  apply(m: Model, r: Real) {
    const x = at(m.routers.filter((y) => !y.gateway), this.router);
    x.gateway = true;
    x.scheduled = true;
    router(r, x.name).external_gateway_info = { network: 'provider1' };
    return `router set ${x.name} --external-gateway provider1`;
  }
}

class ClearGateway extends Call {
  constructor(readonly router: number) { super(); }
  check(m: Readonly<Model>) { return m.routers.some((x) => x.gateway); }
  apply(m: Model, r: Real) {
    const x = at(m.routers.filter((y) => y.gateway), this.router);
    x.gateway = false;
    x.scheduled = true;
    delete router(r, x.name).external_gateway_info;
    return `router unset ${x.name} --external-gateway`;
  }
}

class AddInterface extends Call {
  constructor(readonly router: number, readonly subnet: number) { super(); }
  check(m: Readonly<Model>) { return m.routers.length > 0 && freeSubnets(m as Model).length > 0; }
  apply(m: Model, r: Real) {
    const x = at(m.routers, this.router), s = at(freeSubnets(m), this.subnet);
    x.interfaces.push(s.name);
    x.scheduled = true;
    router(r, x.name).interfaces!.push({ subnet: s.name });
    return `router add subnet ${x.name} ${s.name}`;
  }
}

class RemoveInterface extends Call {
  constructor(readonly router: number, readonly iface: number) { super(); }
  check(m: Readonly<Model>) { return m.routers.some((x) => x.interfaces.length > 0); }
  apply(m: Model, r: Real) {
    const x = at(m.routers.filter((y) => y.interfaces.length > 0), this.router);
    const s = at(x.interfaces, this.iface);
    x.interfaces = x.interfaces.filter((n) => n !== s);
    x.scheduled = true;
    const spec = router(r, x.name);
    spec.interfaces = spec.interfaces!.filter((f) => f.subnet !== s);
    return `router remove subnet ${x.name} ${s}`;
  }
}

class Boot extends Call {
  constructor(readonly subnet: number, readonly host: number) { super(); }
  check(m: Readonly<Model>) { return m.instances.length < MAX.instances && allSubnets(m as Model).length > 0; }
  apply(m: Model, r: Real) {
    const s = at(allSubnets(m), this.subnet), host = at(m.hosts, this.host);
    const name = `vm${m.next.instance++}`;
    m.instances.push({ name, host, network: s.network, subnet: s.name });
    r.spec.instances!.push({ name, host, ports: [{ network: s.network, fixed_ips: [{ subnet: s.name }] }] });
    return `server create ${name} --nic ${s.name} --host ${host}`;
  }
}

class DeleteInstance extends Call {
  constructor(readonly instance: number) { super(); }
  check(m: Readonly<Model>) { return m.instances.length > 0; }
  apply(m: Model, r: Real) {
    const vm = at(m.instances, this.instance);
    m.instances = m.instances.filter((i) => i !== vm);
    r.spec.instances = r.spec.instances!.filter((i) => i.name !== vm.name);
    return `server delete ${vm.name}`;
  }
}

class Migrate extends Call {
  constructor(readonly instance: number, readonly host: number) { super(); }
  check(m: Readonly<Model>) { return m.instances.length > 0 && m.hosts.length > 1; }
  apply(m: Model, r: Real) {
    const vm = at(m.instances, this.instance);
    const others = m.hosts.filter((h) => h !== vm.host);
    vm.host = at(others, this.host);
    r.spec.instances!.find((i) => i.name === vm.name)!.host = vm.host;
    return `server migrate ${vm.name} --host ${vm.host}`;
  }
}

const n = fc.nat({ max: 7 });

/** Every call, with its independent choices. */
export const commands: fc.Arbitrary<fc.Command<Model, Real>>[] = [
  fc.boolean().map((dhcp) => new CreateNetwork(!dhcp)),
  fc.tuple(n, fc.boolean()).map(([i, dhcp]) => new CreateSubnet(i, !dhcp)),
  n.map((i) => new DeleteNetwork(i)),
  n.map((i) => new ToggleDhcp(i)),
  fc.tuple(fc.boolean(), fc.boolean()).map(([gw, ha]) => new CreateRouter(gw, ha)),
  n.map((i) => new Failover(i)),
  n.map((i) => new DeleteRouter(i)),
  n.map((i) => new SetGateway(i)),
  n.map((i) => new ClearGateway(i)),
  fc.tuple(n, n).map(([i, j]) => new AddInterface(i, j)),
  fc.tuple(n, n).map(([i, j]) => new RemoveInterface(i, j)),
  fc.tuple(n, n).map(([i, j]) => new Boot(i, j)),
  n.map((i) => new DeleteInstance(i)),
  fc.tuple(n, n).map(([i, j]) => new Migrate(i, j)),
];
