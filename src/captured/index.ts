import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Dataplane } from '../dataplane/types';
import { importOpenStack } from '../import';
import type { Cloud } from '../model/types';
import { simulate, type Simulation } from '../simulation';
import { assemble } from './assemble';
import { Issues, type NotUnderstood } from './issues';
import { readNode, type CapturedNode } from './node';
import { unpackTarball } from './tarball';

export type { NotUnderstood } from './issues';
import { renderCapture } from './render';
export { renderCapture };

/** The directory of a capture that holds the Neutron dump naming its resources (optional). */
export const OPENSTACK_DIR = 'openstack';

export interface CapturedPlane {
  dataplane: Dataplane;
  /** The logical cloud: given, or imported from DIR/openstack/; undefined when neither. */
  cloud: Cloud | undefined;
  nodes: string[];
  /** Every line or file the parsers left out, with the reason. */
  notUnderstood: NotUnderstood[];
  /** What was built around the captured state because no node's tools show it. */
  assumptions: string[];
  /** `<host>/<file>` of every file of the capture layout a node's directory does not hold. */
  absent: string[];
}

/** A capture directory that cannot be read at all (the message names the directory and the rule). */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
}

/**
 * Reads a capture: one `DIR/<host>/` per node as netspec-capture.sh writes it, and optionally
 * `DIR/openstack/` (what `netspec import --openstack` reads), which names instances, networks
 * and routers and is the logical cloud `check` judges the captured state against.
 */
export function readCaptured(dir: string, opts: { cloud?: Cloud } = {}): CapturedPlane {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CaptureError(`${dir}: not a directory (expected one DIR/<host>/ per node, as netspec-capture.sh writes them)`);
  const root = withTarballs(dir);
  const hosts = readdirSync(root).sort().filter((h) => h !== OPENSTACK_DIR && statSync(path.join(root, h)).isDirectory() && existsSync(path.join(root, h, 'MANIFEST')));
  if (!hosts.length) throw new CaptureError(`${dir}: no node directory (DIR/<host>/MANIFEST or DIR/<host>.tar.gz, as netspec-capture.sh writes them)`);
  let cloud = opts.cloud;
  const dump = path.join(dir, OPENSTACK_DIR);
  if (!cloud && existsSync(dump)) cloud = importOpenStack(dump, { out: path.join(dir, 'imported.yaml'), name: path.basename(path.resolve(dir)) }).cloud;
  const issues = new Issues();
  const nodes: CapturedNode[] = hosts.map((h) => readNode(path.join(root, h), h, issues));
  const { dataplane, assumptions } = assemble(nodes, cloud, issues, cloud?.name ?? path.basename(path.resolve(dir)));
  const absent = nodes.flatMap((n) => [...n.absent].map((f) => `${n.host}/${f}`));
  return { dataplane, cloud, nodes: hosts, notUnderstood: issues.list, assumptions, absent };
}

/**
 * A simulation on a captured data plane, for specs: `simulateCaptured(dir).trace('vm1', 'vm2')`
 * walks the state the nodes really hold. Matchers and invariants judge it against the logical
 * cloud (given, or DIR/openstack/), which is required.
 */
export function simulateCaptured(dir: string, opts: { cloud?: Cloud } = {}): Simulation & { captured: CapturedPlane } {
  const captured = readCaptured(dir, opts);
  if (!captured.cloud) throw new CaptureError(`${dir}: no logical cloud to judge the capture against: pass { cloud } or put the Neutron dump in ${path.join(dir, OPENSTACK_DIR)}/`);
  return Object.assign(simulate(captured.cloud, captured.dataplane), { captured });
}

/** Writes `renderCapture(dp, cloud)` under `dir` (one `dir/<host>/` per node). */
export function writeCapture(dir: string, dp: Dataplane, cloud?: Cloud): void {
  for (const [f, text] of renderCapture(dp, cloud)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
}

/**
 * The directory to read: `dir` itself, or, when it holds `<host>.tar.gz` files, a temporary copy
 * with them unpacked beside its node directories (a node both packed and unpacked is an error).
 */
function withTarballs(dir: string): string {
  const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tar.gz')).sort();
  if (!tarballs.length) return dir;
  const copy = mkdtempSync(path.join(tmpdir(), 'netspec-capture-'));
  process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
  cpSync(dir, copy, { recursive: true, filter: (src) => !src.endsWith('.tar.gz') });
  for (const t of tarballs) {
    const host = t.slice(0, -'.tar.gz'.length);
    if (existsSync(path.join(dir, host))) throw new CaptureError(`${dir}: ${host} is there both as ${t} and as a directory; keep one`);
    try {
      unpackTarball(t, readFileSync(path.join(dir, t)), copy);
    } catch (e) {
      throw new CaptureError(`${path.join(dir, t)}: not a capture tarball (${(e as Error).message})`);
    }
  }
  return copy;
}
