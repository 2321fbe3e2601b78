import { readFileSync } from 'node:fs';
import path from 'node:path';
import { intentInvariants, loadIntents, parseTopology, simulate, type Simulation } from 'netspec';

// examples/intents.yaml: what the reference cloud is meant to do. It holds on the cloud as written,
// and a change the built-in invariants accept as a different but healthy cloud breaks it.
const intents = intentInvariants(loadIntents(path.join(__dirname, 'intents.yaml')));
const reference = readFileSync(path.join(__dirname, 'reference-cloud.yaml'), 'utf8');
const edited = (edit: (yaml: string) => string): Simulation => simulate(parseTopology(edit(reference), 'edited.yaml'));
const intent = (name: string) => intents.find((i) => i.name === name)!;

test('every intent holds on the reference cloud', () => {
  const sim = edited((y) => y);
  for (const i of intents) expect(sim).toSatisfy(i);
});

test('removing router1’s interface on selfservice2 breaks the cross-network intent', () => {
  const sim = edited((y) => y.replace('      - subnet: selfservice2-v4\n', ''));
  expect(sim).not.toSatisfy(intent('selfservice1 reaches selfservice2 through router1'));
  expect(sim).toSatisfy(intent('same-network traffic stays off the routers'));
  const [violation] = intent('selfservice1 reaches selfservice2 through router1').check(sim).violations;
  expect(violation.reason).toMatch(/left the cloud at upstream@fabric as icmp 203\.0\.113\.101 → 192\.168\.2\.\d+, although the intent says reachable/);
  expect(violation.trace?.flow.to).toMatch(/^vm[34]$/);
});

test('disabling DHCP on selfservice1-v4 breaks the DHCP intent', () => {
  const sim = edited((y) => y.replace('    gateway_ip: 192.168.1.1 ', '    enable_dhcp: false\n    gateway_ip: 192.168.1.1 '));
  const result = intent('every instance gets its DHCP answer from its network\'s qdhcp').check(sim);
  expect(result.holds).toBe(false);
  expect(result.violations[0].flow).toMatch(/^vm[12] → dhcp$/);
  expect(result.violations[0].trace?.flow.kind).toBe('dhcp');
});
