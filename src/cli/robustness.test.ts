import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectUsageError, runCli } from '../testing/cli';

/** The CLI under careless or hostile use: one clear line and exit 2, never a crash or a silent default. */
const root = mkdtempSync(path.join(tmpdir(), 'netspec-cli-robust-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = runCli;


const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

describe('names of Object.prototype members', () => {
  it.each(PROTOTYPE_NAMES)('%s is an unknown command', async (name) => {
    expectUsageError(await run(name), `unknown command ${JSON.stringify(name)}`, 'commands: check');
  });

  it.each(PROTOTYPE_NAMES)('%s is an unknown option, view, protocol, invariant or instance', async (name) => {
    expectUsageError(await run('trace', `--${name}`, '--from', 'vm1', '--to', 'vm3'), `--${name}`);
    expectUsageError(await run('trace', '--from', 'vm1', '--to', 'vm3', '--view', name), '--view must be one of');
    expectUsageError(await run('trace', '--from', 'vm1', '--to', 'vm3', '--proto', name), '--proto must be one of');
    expectUsageError(await run('trace', '--from', 'vm1', '--to', name), `unknown instance ${JSON.stringify(name)}`);
    expectUsageError(await run('check', '--only', name), `unknown invariant ${JSON.stringify(name)}`);
  });
});

describe('an empty string for a file or directory', () => {
  const cases: [string, string[], string][] = [
    ['check --topology ""', ['check', '--topology', ''], '--topology needs a file'],
    ['check --results ""', ['check', '--results', ''], '--results needs a directory'],
    ['check --report --out ""', ['check', '--report', '--out', ''], '--out needs a directory'],
    ['trace --topology ""', ['trace', '--topology', '', '--from', 'vm1', '--to', 'vm3'], '--topology needs a file'],
    ['scaffold --topology ""', ['scaffold', '--topology', ''], '--topology needs a file'],
    ['scaffold --out ""', ['scaffold', '--out', ''], '--out needs a file'],
    ['report --results ""', ['report', '--results', ''], '--results needs a directory'],
    ['report --results DIR --results ""', ['report', '--results', root, '--results', ''], '--results needs a directory'],
    ['report --out ""', ['report', '--out', ''], '--out needs a directory'],
    ['import --openstack ""', ['import', '--openstack', '', '--out', path.join(root, 'cloud.yaml')], '--openstack needs a directory'],
    ['import --out ""', ['import', '--openstack', root, '--out', ''], '--out needs a file'],
    ['ids --allure ""', ['ids', '--allure', ''], '--allure needs a directory'],
    ['ids --check ""', ['ids', '--check', ''], 'PATH must not be an empty string'],
    ['lint ""', ['lint', ''], 'PATH must not be an empty string'],
    ['validate ""', ['validate', ''], 'FILE must not be an empty string'],
    ['check --junit ""', ['check', '--junit', ''], '--junit needs a file'],
    ['check --topology " "', ['check', '--topology', ' '], '--topology needs a file'],
  ];
  it.each(cases)('%s exits 2 naming the option', async (_, argv, message) => {
    expectUsageError(await run(...argv), message);
  });
});

/**
 * The process entry (what bin/netspec runs, from the sources), its stdout closed before it
 * writes: as `netspec trace ... | head -1` once head has gone.
 */
function runWithClosedStdout(...argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'esbuild-register', '-e', "require('./src/cli/bin.ts').runBin(process.argv.slice(1))", '--', ...argv], {
      cwd: path.join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout closed early', () => {
  it('netspec trace | head -1 ends quietly with the trace\'s own exit status', async () => {
    expect(await runWithClosedStdout('trace', '--from', 'vm1', '--to', 'vm3', '--view', 'detailed')).toEqual({ code: 0, stderr: '' });
    expect(await runWithClosedStdout('trace', '--from', 'vm1', '--to', '192.168.1.99')).toEqual({ code: 1, stderr: '' });
  }, 60_000);

  it('netspec check --json | head -1 ends quietly and still writes its results', async () => {
    expect(await runWithClosedStdout('check', '--json', '--only', 'sameNetworkNeverRouted', '--results', path.join(root, 'results'))).toEqual({ code: 0, stderr: '' });
  }, 60_000);
});
