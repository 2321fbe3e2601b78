/**
 * Top functions by self time of a V8 `.cpuprofile` (from `node --cpu-prof` or the inspector),
 * with positions mapped back to the TypeScript sources when a `.js.map` sits next to the script
 * (build with `--sourceMap`). Usage: `node dist/bench/cpuprofile-top.js FILE.cpuprofile [N]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    const file = url.startsWith('file:') ? fileURLToPath(url) : url;
    maps.set(url, file.endsWith('.js') && existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
  }
  return maps.get(url)!;
}

/** `file:line` of a frame (1-based line), in the original source if a source map is there. */
function where(f: CallFrame, root: string): string {
  if (!f.url) return '(native)';
  const file = f.url.startsWith('file:') ? fileURLToPath(f.url) : f.url;
  const entry = sourceMapOf(f.url)?.findEntry(f.lineNumber, f.columnNumber);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    const src = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    return `${relative(root, src)}:${entry.originalLine + 1}`;
  }
  return `${file.startsWith('/') ? relative(root, file) : file}:${f.lineNumber + 1}`;
}

export interface SelfTime { name: string; where: string; ms: number; share: number }

/** Nodes under the inspector's own calls (stopping the profiler): not the program's time. */
function profilerNodes(p: CpuProfile): Set<number> {
  const out = new Set<number>();
  const mark = (n: ProfileNode, inside: boolean) => {
    const now = inside || n.callFrame.url === 'node:inspector';
    if (now) out.add(n.id);
    for (const c of n.children ?? []) mark(byId.get(c)!, now);
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  if (p.nodes[0]) mark(p.nodes[0], false);
  return out;
}

/** Self time per function (summed over every node of the same function), largest first. */
export function topSelf(p: CpuProfile, root = process.cwd()): SelfTime[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const skip = profilerNodes(p);
  const self = new Map<ProfileNode, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    if (skip.has(id)) return;
    const n = byId.get(id)!;
    self.set(n, (self.get(n) ?? 0) + dt);
    total += dt;
  });
  const byFn = new Map<string, SelfTime>();
  for (const [n, us] of self) {
    const f = n.callFrame;
    const key = `${f.functionName}|${f.url}|${f.lineNumber}|${f.columnNumber}`;
    const e = byFn.get(key) ?? { name: f.functionName || '(anonymous)', where: where(f, root), ms: 0, share: 0 };
    e.ms += us / 1000;
    byFn.set(key, e);
  }
  return [...byFn.values()].map((e) => ({ ...e, share: total ? (e.ms * 1000) / total : 0 })).sort((a, b) => b.ms - a.ms);
}

if (require.main === module) {
  const [file, n = '25'] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpuprofile-top FILE.cpuprofile [N]');
  const rows = topSelf(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile).slice(0, Number(n));
  for (const r of rows) console.log(`${r.ms.toFixed(1).padStart(9)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}  ${r.where}`);
}
