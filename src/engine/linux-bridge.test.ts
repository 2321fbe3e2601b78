import { describe, expect, it } from '@jest/globals';
import { FABRIC } from '../dataplane/fabric';
import { referenceCloud } from '../model/reference';
import { realize } from '../realize';
import type { Hop } from '../trace/types';
import { Conntrack } from './conntrack';
import { Learned } from './learning';
import { linuxBridgeIngress } from './linux-bridge';
import { ipPacket } from './packet';
import { runtimeOf, type RtLinuxBridge } from './runtime';

const MAC = 'fa:16:3e:00:00:99';
const hop = (): Hop => ({ host: FABRIC, device: 'management', kind: 'linux-bridge', inVlan: 0, vlan: 0, tunId: 0, steps: [] });

/**
 * A physical network's segment is a switch that learns per VLAN: Neutron keeps MACs unique per
 * network only, so one MAC on two VLANs of a provider network is two stations, and a frame to it
 * goes where that VLAN learned it.
 */
describe('a physical segment between the hosts', () => {
  const rt = runtimeOf(realize(referenceCloud()));
  const segment = rt.devices.get(FABRIC)!.get('management') as RtLinuxBridge;
  const [p1, p2, p3] = [...segment.ports.values()];

  it('learns one MAC on two VLANs as two entries, and forwards each VLAN to its own port', () => {
    expect(p3).toBeDefined();
    const learned = new Learned();
    const ct = new Conntrack();
    const frame = (ethSrc: string, ethDst: string, vlan: number) => ipPacket({ ethSrc, ethDst, vlan, src: 1, dst: 2, proto: 'icmp' });
    linuxBridgeIngress(learned, ct, segment, p1, frame(MAC, 'ff:ff:ff:ff:ff:ff', 101), hop());
    linuxBridgeIngress(learned, ct, segment, p2, frame(MAC, 'ff:ff:ff:ff:ff:ff', 102), hop());
    for (const [vlan, port] of [[101, p1], [102, p2]] as const) {
      const h = hop();
      const out = linuxBridgeIngress(learned, ct, segment, p3, frame('fa:16:3e:00:00:01', MAC, vlan), h);
      expect(Array.isArray(out) && out.map((n) => n.kind === 'port' && n.port.name)).toEqual([port.name]);
      // The detailed view shows the frame's VLAN there.
      expect(h.steps).toContainEqual({ t: 'mac', op: 'hit', mac: MAC, vlan, port: port.name });
    }
  });
});
