import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Invariant } from '../invariants/types';
import { UsageError } from './usage-error';

/**
 * User-written invariants (`netspec check --invariants MODULE`): every export of the module that
 * is an invariant (made with defineFlowInvariant or defineStateInvariant), or an exported array of
 * them. A TypeScript module loads through the project's own esbuild-register when installed.
 */
export function loadInvariantModule(spec: string, cwd = process.cwd()): Invariant[] {
  const file = path.resolve(cwd, spec);
  if (!existsSync(file)) throw new UsageError(`--invariants ${spec}: no such file`);
  const userRequire = createRequire(path.join(cwd, 'noop.js'));
  if (/\.m?tsx?$|\.cts$/.test(file)) registerTypeScript(userRequire, spec);
  let mod: Record<string, unknown>;
  try {
    mod = userRequire(file) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`--invariants ${spec}: the module failed to load: ${(e as Error).message.split('\n')[0]}`);
  }
  const found = Object.values(mod ?? {}).flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isInvariant);
  const unique = [...new Set(found)];
  if (!unique.length) throw new UsageError(`--invariants ${spec}: the module exports no invariant (make them with defineFlowInvariant or defineStateInvariant and export them)`);
  return unique;
}

function registerTypeScript(userRequire: NodeJS.Require, spec: string): void {
  try {
    (userRequire('esbuild-register/dist/node') as { register: (o?: object) => unknown }).register({ target: 'node20' });
  } catch {
    throw new UsageError(`--invariants ${spec}: a TypeScript module needs esbuild-register in your project (npm install -D esbuild-register), or give the compiled .js`);
  }
}

function isInvariant(x: unknown): x is Invariant {
  const i = x as Invariant;
  return typeof x === 'object' && x !== null && typeof i.name === 'string' && typeof i.check === 'function'
    && (typeof i.judge === 'function' || typeof i.states === 'function');
}
