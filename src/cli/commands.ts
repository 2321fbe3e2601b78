/**
 * The CLI's commands. Each is loaded only when run, so `netspec trace` never pays for what
 * `netspec lint` needs (ts-morph alone takes ~0.3 s to load).
 */
export type Command = (argv: string[], out: (s: string) => void, err: (s: string) => void) => number | Promise<number>;

export interface CommandEntry {
  summary: string;
  load: () => Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  check: { summary: 'prove every invariant over a whole cloud', load: () => require('./check-command').checkCommand },
  validate: { summary: 'check topology files against the schema and Neutron\'s rules (exit 0 or 2)', load: () => require('./validate-command').validateCommand },
  report: { summary: 'build the single-file HTML report from Allure results', load: () => require('./report-command').reportCommand },
  diff: { summary: 'which flows change between two clouds: newly broken, newly working, rerouted', load: () => require('./diff-command').diffCommand },
  trace: { summary: 'walk one packet through the cloud and print its path', load: () => require('./trace-command').traceCommand },
  ids: { summary: 'give every test in the specs a stable id (--check | --fix)', load: () => require('./ids-command').idsCommand },
  lint: { summary: 'find specs that assert nothing, focused or skipped tests, duplicate names', load: () => require('./lint-command').lintCommand },
  scaffold: { summary: 'write a behaviour spec recording how the cloud moves packets today', load: () => require('./scaffold-command').scaffoldCommand },
  import: { summary: 'write a topology file from OpenStack CLI or API output (--openstack DIR)', load: () => require('./import-command').importCommand },
  drift: { summary: 'list where a capture of the nodes differs from what Neutron should have built (--captured DIR)', load: () => require('./drift-command').driftCommand },
  capture: { summary: 'the shell script that saves a node\'s real data plane (--script prints it)', load: () => require('./capture-command').captureCommand },
};
