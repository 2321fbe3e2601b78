import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtinInvariants } from '../invariants';
import { referenceCloud } from '../model/reference';
import { writeCheckResults } from '../report/check-results';
import { simulate } from '../simulation';
import { checkToJson, renderCheckTable } from './render';
import { runCheck } from './run';

/** The reference cloud has no network that no router joins and no floating IP: unroutedNetworksIsolated and floatingIpReachesItsInstance judge nothing there. */
const sim = simulate(referenceCloud());
const report = runCheck(sim, builtinInvariants);

describe('an invariant that judged no flow', () => {
  test('is reported as not applicable in the table, never as holding, and does not fail the check', () => {
    const table = renderCheckTable(sim.cloud, report).split('\n');
    expect(table.find((l) => l.startsWith('unroutedNetworksIsolated '))).toMatch(/ not applicable$/);
    expect(table).toContain('not applicable (no flow of their kind in this cloud, so they judged nothing): unroutedNetworksIsolated, floatingIpReachesItsInstance, haRouterHasExactlyOneActive, haBackupsCanTakeOver, dvrEastWestStaysOffNetworkNode, dvrMacsStayLocal, trunkPortsKeepTheirVlans, allowedAddressPairsPass, statelessGroupsSkipConntrack');
    expect(table.some((l) => /^28 invariants: 19 hold, 0 violated, 9 not applicable /.test(l))).toBe(true);
    expect(report.holds).toBe(true);
  });

  test('has status "not applicable" and holds false in the JSON', () => {
    const json = checkToJson(sim.cloud, report) as { holds: boolean; invariants: { name: string; status: string; holds: boolean }[] };
    expect(json.invariants.find((i) => i.name === 'unroutedNetworksIsolated')).toMatchObject({ status: 'not applicable', holds: false });
    expect(json.invariants.find((i) => i.name === 'sameNetworkNeverRouted')).toMatchObject({ status: 'holds', holds: true });
    expect(json.holds).toBe(true);
  });

  test('is skipped in the Allure results, with the reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netspec-na-'));
    try {
      writeCheckResults(sim.cloud, report, dir);
      const results = readdirSync(dir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')));
      const idle = results.find((r) => r.name === 'unroutedNetworksIsolated');
      expect(idle).toMatchObject({ status: 'skipped', statusDetails: { message: expect.stringContaining('Not applicable: unroutedNetworksIsolated judged no flow') } });
      expect(results.filter((r) => r.status === 'passed')).toHaveLength(19);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
