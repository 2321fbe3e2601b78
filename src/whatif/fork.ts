import type { Dataplane } from '../dataplane/types';
import { inject as injectFault, type Fault } from '../dataplane/faults';
import { bootGuestsExcept } from '../engine/dhclient';
import type { Cloud } from '../model/types';
import { isRealized, isSimulation, simulate, type Simulation } from '../simulation';
import * as edits from './edits';
import { ForkError, type AdminStateTarget, type RuleSelector, type StoppableAgent } from './edits';
import { runningPlane, runningSimulation } from './running';

/**
 * A what-if copy of a cloud. Every edit returns a new fork and leaves this one, and the base, as
 * they were: `const f = fork(cloud); f.migrate(...)` and `f.stopAgent(...)` are two separate
 * questions. The change is made to the running cloud: guests keep their leases (see
 * `rebootGuests` for a cloud whose guests all booted again since).
 */
export interface Fork {
  readonly kind: 'netspec.fork';
  /** The cloud as it was, simulated: what `diff(fork)` compares against. */
  readonly base: Simulation;
  /** The changed cloud (a copy; the base's cloud is never touched). */
  readonly cloud: Cloud;
  /** The changes, in order, as they were written. */
  readonly changes: readonly string[];
  /** `openstack router remove subnet`: `detachInterface('router1', 'selfservice2')`. */
  detachInterface(router: string, subnet: string): Fork;
  /** The agent and what it runs are gone from the host: `stopAgent('dhcp', 'network1')`. */
  stopAgent(agent: StoppableAgent, host: string): Fork;
  /** Live migration: `migrate('vm1', 'compute2')`. */
  migrate(instance: string, host: string): Fork;
  /** `setAdminState('router', 'router1', false)`; a port by name or id, or an instance's first port by its name. */
  setAdminState(target: AdminStateTarget, name: string, up: boolean): Fork;
  /** `removeRule('default', { direction: 'ingress', protocol: 'icmp' })`, or by index in the group's rules. */
  removeRule(securityGroup: string, rule: RuleSelector): Fork;
  /** A data-plane fault (see `inject`), applied after the cloud edits. */
  inject(fault: Fault): Fork;
  /** Every guest boots again on the changed plane, taking new leases from what DHCP answers now. */
  rebootGuests(): Fork;
  /** The changed cloud, simulated (computed once). */
  simulate(): Simulation;
}

interface State {
  base: Simulation;
  cloud: Cloud;
  faults: readonly Fault[];
  reboot: boolean;
  changes: readonly string[];
  edited: boolean;
}

export function isFork(x: unknown): x is Fork {
  return typeof x === 'object' && x !== null && (x as Fork).kind === 'netspec.fork';
}

/** Starts a what-if from a cloud or a simulation of one: `fork(cloud).detachInterface('router1', 'selfservice2')`. */
export function fork(from: Cloud | Simulation): Fork {
  if (isFork(from)) return from;
  const base = isSimulation(from) ? from : simulate(from);
  return make({ base, cloud: base.cloud, faults: [], reboot: false, changes: [], edited: false });
}

function make(s: State): Fork {
  let sim: Simulation | undefined;
  const edit = (label: string, change: (c: Cloud) => void): Fork => {
    if (!isRealized(s.base)) {
      throw new ForkError(`${label}: the base simulation runs on a data plane given to withDataplane (a fault, say), which a cloud edit would lose: fork the plain cloud and add the fault with .inject(fault)`);
    }
    const cloud = structuredClone(s.cloud);
    change(cloud);
    return make({ ...s, cloud, changes: [...s.changes, label], edited: true });
  };
  const q = JSON.stringify;
  const f: Fork = {
    kind: 'netspec.fork',
    base: s.base,
    cloud: s.cloud,
    changes: s.changes,
    detachInterface: (r, sub) => edit(`detachInterface(${q(r)}, ${q(sub)})`, (c) => edits.detachInterface(c, r, sub)),
    stopAgent: (a, h) => edit(`stopAgent(${q(a)}, ${q(h)})`, (c) => edits.stopAgent(c, a, h)),
    migrate: (i, h) => edit(`migrate(${q(i)}, ${q(h)})`, (c) => edits.migrate(c, i, h)),
    setAdminState: (t, n, up) => edit(`setAdminState(${q(t)}, ${q(n)}, ${up})`, (c) => edits.setAdminState(c, t, n, up)),
    removeRule: (g, r) => edit(`removeRule(${q(g)}, ${q(r)})`, (c) => edits.removeRule(c, g, r)),
    inject: (fault) => {
      const next = make({ ...s, faults: [...s.faults, structuredClone(fault)], changes: [...s.changes, `inject(${q(fault)})`] });
      next.simulate(); // a fault naming state that does not exist throws here, at the edit that wrote it
      return next;
    },
    rebootGuests: () => make({ ...s, reboot: true, changes: [...s.changes, 'rebootGuests()'] }),
    simulate: () => (sim ??= simulateFork(s)),
  };
  return Object.freeze(f);
}

function simulateFork(s: State): Simulation {
  // Rebooted from the base's own plane when the cloud is unedited: a base given a faulty plane keeps its fault.
  if (s.reboot) return simulate(s.cloud, s.faults.reduce<Dataplane>(injectFault, s.edited ? simulate(s.cloud).dataplane : structuredClone(s.base.dataplane)));
  if (!s.faults.length) return s.edited ? runningSimulation(s.base, s.cloud) : s.base;
  const running = s.edited ? runningPlane(s.base, s.cloud) : s.base.dataplane;
  // Injected into the running plane: guests keep their leases whatever the fault does to DHCP.
  const faulty = s.faults.reduce<Dataplane>(injectFault, running);
  return simulate(s.cloud, bootGuestsExcept(faulty, () => true));
}
