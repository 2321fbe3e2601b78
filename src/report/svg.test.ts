import { cloudBuilder } from '../model/builder';
import { referenceCloud, referenceCloudSpec } from '../model/reference';
import { simulate } from '../simulation';
import { mainPath } from '../trace/leaves';
import { HOPS_PER_ROW, renderSvg } from './svg';
import { inject } from '../dataplane/faults';
import { escapeXml } from './escape';

const sim = simulate(referenceCloud());

describe('renderSvg', () => {
  test('draws hosts as lanes and every hop of the path and its reply as a box', () => {
    const t = sim.trace('vm1', 'metadata');
    const svg = renderSvg(t);
    for (const host of ['compute1', 'network1', 'controller', 'fabric']) expect(svg).toContain(`>${host}</text>`);
    const boxes = svg.match(/<rect x="\d+(\.\d+)?" y="\d+(\.\d+)?" width="116"/g) ?? [];
    expect(boxes).toHaveLength(mainPath(t.root).length + mainPath(t.reply!).length);
    expect(svg).toContain('stroke-dasharray'); // the reply
  });

  test('labels VNIs, VLAN tags and NAT on the path', () => {
    const svg = renderSvg(sim.trace('vm1', 'vm3'));
    expect(svg).toContain('vxlan 101');
    expect(svg).toContain('vxlan 102');
    expect(svg).toMatch(/vlan \d+/);
    expect(renderSvg(sim.trace('vm1', 'internet'))).toContain('SNAT → 203.0.113.101');
    expect(renderSvg(sim.trace('vm1', 'metadata'))).toContain('REDIRECT → 192.168.1.1:9697');
  });

  test('marks the failing hop in red', () => {
    const t = sim.trace('vm1', 'vm3');
    const qrouter = mainPath(t.root).find((h) => h.role === 'qrouter')!;
    const svg = renderSvg(t, { failing: new Set([qrouter]) });
    expect(svg).toContain('stroke="#dc2626"');
    expect(svg).toContain('✗ failing hop');
    expect(renderSvg(t)).not.toContain('✗ failing hop');
  });

  test('escapes names from the topology: markup shows as text', () => {
    const name = '<img src=x onerror=alert(1)>';
    const cloud = cloudBuilder.from(referenceCloudSpec).instance({ name, host: 'compute1', network: 'selfservice1' }).build();
    const svg = renderSvg(simulate(cloud).trace(name, 'vm2'));
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).not.toMatch(/<img/i);
  });
});

test('escapeXml escapes every character that could open markup or an attribute', () => {
  expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

describe('renderSvg at the report\'s width', () => {
  test('a long path wraps into rows: the width stays the same, every hop is drawn, rows are joined', () => {
    const t = sim.trace('vm1', 'vm3');
    const hops = mainPath(t.root).length + mainPath(t.reply!).length;
    expect(hops).toBeGreaterThan(3 * HOPS_PER_ROW);
    const svg = renderSvg(t);
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width).toBe(Number(/width="(\d+)"/.exec(renderSvg(sim.trace('vm1', 'vm2')))![1]));
    expect(width).toBeLessThanOrEqual(1000);
    expect(svg.match(/<rect x="\d+(\.\d+)?" y="\d+(\.\d+)?" width="116"/g)).toHaveLength(hops);
    expect(svg.match(/<polyline /g)).toHaveLength(Math.ceil(hops / HOPS_PER_ROW) - 1);
  });

  test('the title and the drop reason wrap, never cut', () => {
    const name = `vm-${'x'.repeat(300)}`;
    const cloud = cloudBuilder.from(referenceCloudSpec).instance({ name, host: 'compute1', network: 'selfservice1' }).build();
    const svg = renderSvg(simulate(cloud).trace(name, 'vm2'));
    const text = [...svg.matchAll(/<text x="12" y="\d+"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('');
    expect(text).toContain('x'.repeat(300));
    expect(text).toContain('delivered to vm2');
  });

  test('a failed trace marks the hop where it ended, without being told', () => {
    const broken = sim.withDataplane(inject(sim.dataplane, { kind: 'process-down', host: 'network1', namespace: sim.dataplane.hosts.find((h) => h.name === 'network1')!.devices.find((d) => d.name.startsWith('qdhcp-'))!.name, process: 'dnsmasq' }));
    const t = broken.trace('vm1', 'dhcp');
    expect(t.disposition.kind).toBe('dropped');
    expect(renderSvg(t)).toContain('✗ failing hop');
    expect(renderSvg(sim.trace('vm1', 'dhcp'))).not.toContain('✗ failing hop');
  });
});
