/**
 * `netspec import` keeps tenants' names verbatim (it never renames the user's objects), and the
 * topology file it writes holds them as data: the YAML reads back to exactly those names, and
 * neither its values nor its comments hold a raw control, bidi or line-separator character.
 */
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { parseTopology } from '../model/load';
import { HOSTILE_NAMES, RAW_UNSAFE, hostileCloudSpec } from '../testing/hostile-names';
import { API_DUMP, dumpWith } from './__fixtures__/dumps';
import { importOpenStack } from './openstack';
import { renderYaml } from './render';

/** The API dump of the reference cloud with every name (hosts included) replaced as `names` says. */
function hostileDump(names: ReadonlyMap<string, string>): string {
  return dumpWith(API_DUMP, (files) => {
    for (const [file, data] of Object.entries(files)) {
      let text = JSON.stringify(data);
      for (const [old, name] of names) text = text.split(JSON.stringify(old)).join(JSON.stringify(name));
      files[file] = JSON.parse(text);
    }
  });
}

const printableLines = (text: string) => text.split('\n').filter((l) => RAW_UNSAFE.test(l));

describe('netspec import with hostile names', () => {
  it.each([0, 16])('rotation %s: keeps every name verbatim and writes them as data', (offset) => {
    const { names } = hostileCloudSpec(offset);
    const cloudName = names.get('reference')!;
    const r = importOpenStack(hostileDump(names), { name: cloudName });
    const kept = [...r.cloud.hosts, ...r.cloud.networks, ...r.cloud.subnets, ...r.cloud.routers, ...r.cloud.instances].map((o) => o.name);
    for (const old of ['compute1', 'network1', 'selfservice1', 'selfservice2-v4', 'router1', 'vm3']) expect(kept).toContain(names.get(old));
    expect(r.cloud.name).toBe(cloudName);
    expect(printableLines(r.yaml)).toEqual([]);
    const { $schema: _, ...back } = parse(r.yaml);
    expect(back).toEqual(r.spec);
    expect(parseTopology(r.yaml, 'cloud.yaml')).toEqual(r.cloud);
  });

  it('comments made from names (the header, host notes) stay comments and printable', () => {
    const { spec } = hostileCloudSpec(0);
    const hostNotes = new Map(spec.hosts.map((h, i) => [h.name, [`placeholder for ${HOSTILE_NAMES[i].name}`, 'x\rname: evil', 'y\nname: evil']]));
    const text = renderYaml({ spec, schema: 's.json', header: HOSTILE_NAMES.map((h) => `subnet ${h.name}: left out`), hostNotes });
    expect(printableLines(text)).toEqual([]);
    const { $schema: _, ...back } = parse(text);
    expect(back).toEqual(spec);
    expect(text).not.toMatch(/^\s*name: evil/m);
  });
});
