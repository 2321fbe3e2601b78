/**
 * The clouds `npm run mutation` scores every place of every fault kind on: the reference cloud
 * and its variants (drivers, l2pop, HA), and one cloud per newer mode, so that each mode's fault
 * kinds have places and its score is its own: a distributed router, a trunk, and the
 * security-group features (remote groups, an allowed address pair, a stateless group) under
 * both firewall drivers.
 */
import path from 'node:path';
import { cloudBuilder } from '../model/builder';
import { loadTopology } from '../model/load';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import type { CloudSpec } from '../model/spec';
import type { FirewallDriver } from '../model/types';
import { PACKAGE_ROOT } from '../report/paths';
import type { LabelledCloud } from './score';

const example = (file: string) => loadTopology(path.join(PACKAGE_ROOT, 'examples', file));

export function referenceVariants(): LabelledCloud[] {
  return [
    { label: 'reference', cloud: referenceCloud() },
    { label: 'reference [ovsfw]', cloud: cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: 'openvswitch' }).build() },
    { label: 'reference [no-l2pop]', cloud: cloudBuilder.from(referenceCloudSpec).options({ l2_population: false }).build() },
    // router1 HA on two network nodes: the places of the HA kinds (a split brain) exist only there.
    { label: 'reference [HA router1]', cloud: example('ha-router.yaml') },
  ];
}

/** One cloud per mode, labelled by the mode its score is reported under. */
export function modeVariants(): LabelledCloud[] {
  return [
    { label: 'dvr', cloud: example('dvr-router.yaml') },
    { label: 'trunk', cloud: example('trunk-ports.yaml') },
    { label: 'sg-features [hybrid]', cloud: cloudBuilder.from(securityGroupFeatures('iptables_hybrid')).build() },
    { label: 'sg-features [ovsfw]', cloud: cloudBuilder.from(securityGroupFeatures('openvswitch')).build() },
  ];
}

const port = (ip: string) => ({ network: 'selfservice1', fixed_ips: [{ subnet: 'selfservice1-v4', ip_address: ip }] });

/**
 * The reference cloud and on compute2, selfservice1 (as examples/security-groups.yaml, with every
 * built-in invariant holding): web (HTTP from anywhere, pings from selfservice1) with the VIP
 * 192.168.1.200 as an allowed address pair; db taking PostgreSQL and pings from members of web
 * (a remote group: an ipset, or conjunctions under the openvswitch driver); echo in a stateless
 * group whose rules admit its answers too (ICMP and TCP both ways).
 */
export function securityGroupFeatures(driver: FirewallDriver): CloudSpec {
  return cloudBuilder.from(referenceCloudSpec).options({ firewall_driver: driver })
    .securityGroup({ name: 'web', rules: [
      { direction: 'ingress', protocol: 'tcp', port_range_min: 80, port_range_max: 80, remote_ip_prefix: '0.0.0.0/0' },
      { direction: 'ingress', protocol: 'icmp', port_range_min: 8, remote_ip_prefix: '192.168.1.0/24' },
      { direction: 'egress' },
    ] })
    .securityGroup({ name: 'db', rules: [
      { direction: 'ingress', protocol: 'tcp', port_range_min: 5432, port_range_max: 5432, remote_group: 'web' },
      { direction: 'ingress', protocol: 'icmp', remote_group: 'web' },
      { direction: 'egress' },
    ] })
    .securityGroup({ name: 'echo', stateful: false, rules: [
      { direction: 'ingress', protocol: 'icmp' }, { direction: 'ingress', protocol: 'tcp' }, { direction: 'egress' },
    ] })
    .instance({ name: 'web', host: 'compute2', ports: [{ ...port('192.168.1.15'), security_groups: ['web'], allowed_address_pairs: [{ ip_address: '192.168.1.200' }] }] })
    .instance({ name: 'db', host: 'compute2', ports: [{ ...port('192.168.1.16'), security_groups: ['db'] }] })
    .instance({ name: 'echo', host: 'compute1', ports: [{ ...port('192.168.1.17'), security_groups: ['echo'] }] })
    .spec();
}
