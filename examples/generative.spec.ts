import fc from 'fast-check';
import { arb } from 'netspec/arbitraries';
import { simulate, sameNetworkNeverRouted } from 'netspec';

test('same-network traffic is never routed, on any cloud', () => {
  fc.assert(fc.property(arb.cloud({ computeHosts: { min: 1, max: 3 } }), (cloud) => {
    // A cloud with no two instances on one subnet has no flow to judge: say that is fine here.
    expect(simulate(cloud)).toSatisfy(sameNetworkNeverRouted, { evenIfNoFlow: true });
  }));
});
