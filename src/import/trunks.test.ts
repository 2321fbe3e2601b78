import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { trunkPortsKeepTheirVlans } from '../invariants';
import { loadTopology } from '../model/load';
import { simulate } from '../simulation';
import { API_DUMP, CLI_DUMP, dumpWith, importProblems, tempDir, type Json } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';

const VM1_PORT = '5742ee20-b2e6-5646-91b8-b961255801b7';
const TRUNK = '7a7a7a7a-0000-4000-8000-000000000001';
const SUBPORT = '5b5b5b5b-0000-4000-8000-000000000001';
const SUBPORT_MAC = 'fa:16:3e:5b:5b:01';

function importAndLoad(dir: string) {
  const out = join(tempDir(), 'cloud.yaml');
  const result = importOpenStack(dir, { out });
  writeFileSync(out, result.yaml);
  return { ...result, loaded: loadTopology(out) };
}
const subnetId = (files: Record<string, Json>, name: string, cli: boolean): string => {
  const list = cli ? files['subnets.json'] : files['subnets.json'].subnets;
  const s = list.find((x: Json) => (cli ? x.Name : x.name) === name);
  return cli ? s.ID : s.id;
};
const sub100 = { port_id: SUBPORT, segmentation_type: 'vlan', segmentation_id: 100 };

/** vm1's port becomes trunk1's parent, with one subport on selfservice2 (as the API lists them). */
function withApiTrunk(files: Record<string, Json>, trunks = true) {
  const parent = files['ports.json'].ports.find((p: Json) => p.id === VM1_PORT);
  const s2 = files['networks.json'].networks.find((n: Json) => n.name === 'selfservice2');
  files['ports.json'].ports.push({
    ...parent, id: SUBPORT, network_id: s2.id, mac_address: SUBPORT_MAC, device_owner: 'trunk:subport', device_id: TRUNK,
    fixed_ips: [{ subnet_id: subnetId(files, 'selfservice2-v4', false), ip_address: '192.168.2.21' }],
  });
  if (trunks) files['trunks.json'] = { trunks: [{ id: TRUNK, name: 'trunk1', port_id: VM1_PORT, sub_ports: [sub100] }] };
}

describe('importing trunks', () => {
  it('trunks.json (API): the trunk on vm1’s port, its subport carried as a trunk:subport port with its address and MAC', () => {
    const r = importAndLoad(dumpWith(API_DUMP, (f) => withApiTrunk(f)));
    expect(r.loaded.trunks).toEqual([{ id: TRUNK, name: 'trunk1', port_id: VM1_PORT, sub_ports: [sub100] }]);
    expect(r.loaded.ports.find((p) => p.id === SUBPORT)).toMatchObject({
      device_owner: 'trunk:subport', device_id: TRUNK, 'binding:host_id': 'compute1', mac_address: SUBPORT_MAC,
      fixed_ips: [expect.objectContaining({ ip_address: '192.168.2.21' })], port_security_enabled: true,
    });
    expect(r.yaml).not.toContain('trunk:subport left out');
    expect(trunkPortsKeepTheirVlans.check(simulate(r.loaded)).holds).toBe(true);
    expect(simulate(r.loaded).trace('vm4', '192.168.2.21')).toBeDeliveredTo('vm1');
  });

  it('without trunks.json the subports are noted with the command that lists trunks', () => {
    const r = importAndLoad(dumpWith(API_DUMP, (f) => withApiTrunk(f, false)));
    expect(r.loaded.trunks).toEqual([]);
    expect(r.yaml).toContain('1 trunk subport(s) left out: save `openstack network trunk list -f json` (or the body of GET /v2.0/trunks) as trunks.json to import trunks');
    expect(r.yaml).not.toContain('device_owner trunk:subport left out');
  });

  it('a trunk whose parent is no imported instance port is noted and left out', () => {
    const r = importAndLoad(dumpWith(API_DUMP, (f) => {
      withApiTrunk(f);
      f['trunks.json'].trunks[0].port_id = 'no-such-port';
    }));
    expect(r.loaded.trunks).toEqual([]);
    expect(r.yaml).toContain(`trunk ${TRUNK} (trunk1): parent port no-such-port is no imported instance port: left out`);
  });

  describe('the CLI, whose trunk list prints no subports', () => {
    const withCliTrunk = (files: Record<string, Json>, show: boolean) => {
      const parent = files['ports.json'].find((p: Json) => p.ID === VM1_PORT);
      files['ports.json'].push({
        ...parent, ID: SUBPORT, 'MAC Address': SUBPORT_MAC, 'Device Owner': 'trunk:subport',
        'Fixed IP Addresses': [{ subnet_id: subnetId(files, 'selfservice2-v4', true), ip_address: '192.168.2.21' }],
      });
      files['trunks.json'] = [{ ID: TRUNK, Name: 'trunk1', 'Parent Port': VM1_PORT, Description: '' }];
      if (show) files['trunk-trunk1.json'] = { id: TRUNK, name: 'trunk1', port_id: VM1_PORT, sub_ports: [sub100], status: 'ACTIVE' };
    };

    it('asks for `openstack network trunk show` without the show file', () => {
      const dir = dumpWith(CLI_DUMP, (f) => withCliTrunk(f, false));
      expect(importProblems(dir)).toContain(`${join(dir, 'trunks.json')}: trunk ${TRUNK} (trunk1): \`openstack network trunk list\` prints no subports: save \`openstack network trunk show -f json ${TRUNK}\` as trunk-trunk1.json [missing-file]`);
    });

    it('reads the subports from trunk-<name>.json', () => {
      const r = importAndLoad(dumpWith(CLI_DUMP, (f) => withCliTrunk(f, true)));
      expect(r.loaded.trunks).toEqual([{ id: TRUNK, name: 'trunk1', port_id: VM1_PORT, sub_ports: [sub100] }]);
      expect(trunkPortsKeepTheirVlans.check(simulate(r.loaded)).holds).toBe(true);
    });
  });
});
