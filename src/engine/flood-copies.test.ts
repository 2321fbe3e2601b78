import { describe, expect, it } from '@jest/globals';
import { traceFlow } from '../flows';
import { referenceCloud } from '../model/reference';
import { realize } from '../realize';
import type { Branch, Hop } from '../trace/types';

function floodingHops(b: Branch | undefined): Hop[] {
  if (!b) return [];
  return [...b.hops.filter((h) => h.copies), ...b.forks.flatMap(floodingHops)];
}

/**
 * A hop that floods says how each copy left it: on br-tun every tunnel copy carries the network's
 * VNI, on br-int every copy the VLAN it leaves with. One hop-wide VLAN or tunnel id would be a lie
 * for all copies but one.
 */
describe('flood copies', () => {
  const cloud = referenceCloud();
  const t = traceFlow(realize(cloud), 'vm1', 'dhcp');
  const hops = floodingHops(t.root);
  const vni = cloud.networks.find((n) => n.name === 'selfservice1')!['provider:segmentation_id'];

  it('br-tun sends one copy per tunnel, each with the network VNI', () => {
    const tun = hops.find((h) => h.device === 'br-tun' && h.host === 'compute1')!;
    expect(tun.copies!.length).toBeGreaterThanOrEqual(2);
    for (const c of tun.copies!) expect(c).toEqual({ out: expect.stringMatching(/^vxlan-/), vlan: 0, tunId: vni });
    expect(new Set(tun.copies!.map((c) => c.out)).size).toBe(tun.copies!.length);
  });

  it('a copy is recorded per fork, in the forks order, and the hop itself claims no single copy', () => {
    const walk = (b: Branch): void => {
      const last = b.hops[b.hops.length - 1];
      if (b.forks.length) {
        expect(last.copies).toHaveLength(b.forks.length);
        expect(last.out).toBeUndefined();
        // Each fork starts at the device its copy was sent to.
        b.forks.forEach((f, i) => { if (f.hops[0] && last.copies![i].out) expect(f.hops[0].inVlan).toBe(last.copies![i].vlan); });
      }
      b.forks.forEach(walk);
    };
    walk(t.root);
    expect(hops.some((h) => h.device === 'br-int' && h.copies!.some((c) => c.vlan > 0))).toBe(true);
  });
});
