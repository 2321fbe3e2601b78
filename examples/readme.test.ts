import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main';

/** Every example in the README is exercised: code blocks must match the files the suite runs. */
const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));

// @id b08a705f-7210-56f4-ae17-e165a62d8815
test('the "write your first spec" example is examples/first.spec.ts', () => {
  const spec = blocks.find((b) => b.lang === 'ts' && b.code.includes("describe('my cloud'"));
  expect(spec).toBeDefined();
  expect(readFileSync('examples/first.spec.ts', 'utf8').startsWith(spec!.code)).toBe(true);
});

// @id 6a7c84c3-62b0-5274-956b-e8b87eedb1e3
test('the fault-injection example is examples/catch-a-fault.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes('inject(cloud.dataplane'));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/catch-a-fault.spec.ts', 'utf8')).toContain(snippet!.code.trim().split('\n').slice(2).join('\n'));
});

// @id 69fa42f6-d118-55f9-9a97-b4c9196734c9
test('the quick-start trace prints what the README shows', async () => {
  const out: string[] = [];
  const code = await main(['trace', '--from', 'vm1', '--to', 'vm3'], (s) => out.push(s), () => undefined);
  expect(code).toBe(0);
  const shown = blocks.find((b) => b.code.startsWith('$ npx netspec trace --from vm1 --to vm3'))!;
  const printed = out.join('\n').split('\n');
  for (const line of shown.code.split('\n').slice(1)) {
    if (!line.trim() || line.includes('...') || line.includes('…')) continue;
    expect(printed).toContain(line);
  }
});

// @id 1ff162f0-a77c-506b-81ca-a498ac690634
test('the quick-start check prints what the README shows (times aside)', async () => {
  const out: string[] = [];
  const results = mkdtempSync(path.join(tmpdir(), 'netspec-readme-check-'));
  const code = await main(['check', '--results', results], (s) => out.push(s), () => undefined);
  rmSync(results, { recursive: true, force: true });
  expect(code).toBe(0);
  const shown = blocks.find((b) => b.code.startsWith('$ npx netspec check'))!;
  const withoutTimes = (s: string) => s.replace(/\d+(\.\d+)? ms/g, 'T').replace(/\s+/g, ' ').trim();
  const printed = out.join('\n').split('\n').map(withoutTimes);
  for (const line of shown.code.split('\n').slice(1)) {
    if (line.trim()) expect(printed).toContain(withoutTimes(line));
  }
});

// @id 0f54c713-455d-5a02-8ee8-000613ab5986
test('the floating-IP example is examples/floating-ip.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes('.floatingIp('));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/floating-ip.spec.ts', 'utf8')).toBe(snippet!.code);
});

// @id 05fc41d6-9001-57dd-8de2-8eb0a349b044
test('the HA-router example is examples/ha-router.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes('haRouterHasExactlyOneActive'));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/ha-router.spec.ts', 'utf8')).toBe(snippet!.code);
});

test('the DVR-router example is examples/dvr-router.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes('dvrEastWestStaysOffNetworkNode'));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/dvr-router.spec.ts', 'utf8')).toBe(snippet!.code);
});

test('the security-group example is examples/security-groups.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes("loadTopology('examples/security-groups.yaml')"));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/security-groups.spec.ts', 'utf8')).toBe(snippet!.code);
});

test('the trunk example is examples/trunk-ports.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes('trunkPortsKeepTheirVlans'));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/trunk-ports.spec.ts', 'utf8')).toBe(snippet!.code);
});

// @id 2d8ba438-24eb-54ad-be07-dda95ae0a053
test('the what-if example is examples/what-if.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes('fork(cloud).detachInterface('));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/what-if.spec.ts', 'utf8')).toBe(snippet!.code);
});

// @id 35722a49-bd7f-53b8-aad4-db46816c031c
test('netspec diff prints what the README shows (times aside), for the reference cloud without router1 on selfservice2', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'netspec-readme-diff-'));
  const cwd = process.cwd();
  try {
    const cloud = readFileSync('examples/reference-cloud.yaml', 'utf8');
    const after = cloud.replace('      - subnet: selfservice2-v4\n', '');
    expect(after).not.toBe(cloud);
    writeFileSync(path.join(dir, 'cloud.yaml'), cloud);
    writeFileSync(path.join(dir, 'cloud-after.yaml'), after);
    process.chdir(dir);
    const out: string[] = [];
    const code = await main(['diff', '--base', 'cloud.yaml', '--topology', 'cloud-after.yaml'], (s) => out.push(s), () => undefined);
    expect(code).toBe(1);
    const shown = blocks.find((b) => b.code.startsWith('$ npx netspec diff'))!;
    const withoutTimes = (s: string) => s.replace(/\d+ ms/g, 'T');
    const printed = out.join('\n').split('\n').map(withoutTimes);
    for (const line of shown.code.split('\n').slice(1)) {
      if (line.trim() && !line.includes('...')) expect(printed).toContain(withoutTimes(line));
    }
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});

// @id 59b5cabf-cd25-570e-b85f-79ebc64b940d
test('the generative example is examples/generative.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes("from 'netspec/arbitraries'"));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/generative.spec.ts', 'utf8')).toBe(snippet!.code);
});

describe("the install section is the consumer test's project", () => {
  const project = 'test/consumer/project';
  const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Write your first spec'));
  const sectionBlocks = [...install.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));

  // @id f249c6dc-99af-526e-a560-ffdcf7bdc96e
  test('jest.config.ts', () => {
    const shown = sectionBlocks.find((b) => b.lang === 'ts' && b.code.includes('@jest-config-loader'));
    expect(readFileSync(`${project}/jest.config.ts`, 'utf8')).toBe(shown!.code);
  });

  // @id 7a9d69a5-42fd-53d8-81ee-93238a6988fe
  test('the Vitest setup file', () => {
    const shown = sectionBlocks.find((b) => b.lang === 'ts' && b.code.startsWith('// vitest/setup.ts'));
    expect(readFileSync(`${project}/vitest/setup.ts`, 'utf8')).toBe(shown!.code);
  });

  // @id 7e238cd9-ed45-5133-9759-66ab02186d67
  test("tsconfig's types", () => {
    const shown = JSON.parse(sectionBlocks.find((b) => b.lang === 'json')!.code) as { compilerOptions: { types: string[] } };
    const tsconfig = JSON.parse(readFileSync(`${project}/tsconfig.json`, 'utf8')) as { compilerOptions: { types: string[] } };
    expect(tsconfig.compilerOptions.types).toEqual(shown.compilerOptions.types);
  });

  // @id fc9c7f55-188d-5608-b425-45ff17b27c05
  test('the install commands, which test/consumer/run reads from here', () => {
    const commands = sectionBlocks.filter((b) => b.lang === 'sh').flatMap((b) => b.code.split('\n')).filter((l) => l.startsWith('npm install '));
    expect(commands[0]).toMatch(/^npm install --save-dev \.\/netspec-\d+\.\d+\.\d+\.tgz /);
    expect(commands[0]).toContain(`netspec-${(JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version}.tgz`);
    expect(readFileSync('test/consumer/run', 'utf8')).toContain("awk '/^## Install/");
  });
});

// @id 509bd614-fc36-58b6-ba31-fc94b36bc07d
test('the capture example uses the options the capture script has', () => {
  const shown = blocks.find((b) => b.lang === 'sh' && b.code.includes('netspec capture --script'))!;
  const script = readFileSync('capture/netspec-capture.sh', 'utf8');
  const usage = script.slice(0, script.indexOf('set -u'));
  const options = [...shown.code.matchAll(/ (--[a-z-]+)/g)].map((m) => m[1]).filter((o) => o !== '--script');
  expect(options.length).toBeGreaterThan(2);
  for (const o of options) expect(usage).toContain(`#   ${o} `);
  expect(shown.code).toContain('> capture.sh');
});

// @id 100fc0b2-f4be-5f3a-a1b5-fbe5e16d50c5
test('the captured example is examples/captured.spec.ts', () => {
  const snippet = blocks.find((b) => b.lang === 'ts' && b.code.includes('simulateCaptured('));
  expect(snippet).toBeDefined();
  expect(readFileSync('examples/captured.spec.ts', 'utf8')).toBe(snippet!.code);
});

// @id 4ceb0fb7-0ed8-5c3a-a603-586294d43469
test('import --captured prints what the README shows', async () => {
  const out: string[] = [];
  const code = await main(['import', '--captured', 'examples/captured/reference'], (s) => out.push(s), () => undefined);
  expect(code).toBe(0);
  const shown = blocks.find((b) => b.code.startsWith('$ npx netspec import --captured'))!;
  const printed = out.join('\n').split('\n');
  for (const line of shown.code.trimEnd().split('\n').slice(1)) expect(printed).toContain(line);
});

test('the drift examples print what the README shows', async () => {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await main(argv, (s) => out.push(s), () => undefined);
    return { code, printed: out.join('\n').split('\n') };
  };
  const expectShown = (start: string, printed: string[]) => {
    const shown = blocks.find((b) => b.code.startsWith(start));
    expect(shown).toBeDefined();
    for (const line of shown!.code.split('\n').slice(1)) if (line.trim() && line !== '...') expect(printed).toContain(line);
  };
  const clean = await run('drift', '--captured', 'examples/captured/reference', '--topology', 'examples/reference-cloud.yaml');
  expect(clean.code).toBe(0);
  expectShown('$ npx netspec drift --captured examples/captured/reference --topology', clean.printed);

  // The edited capture the second example describes.
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'netspec-readme-drift-')), 'edited');
  cpSync('examples/captured/reference', dir, { recursive: true });
  const edit = (f: string, change: (t: string) => string) => writeFileSync(path.join(dir, f), change(readFileSync(path.join(dir, f), 'utf8')));
  edit('compute1/ovs/ports.json', (t) => t.replace('"qvo5742ee20-b2",1]', '"qvo5742ee20-b2",2]'));
  edit('network1/ovs/flows/br-tun.txt', (t) => t.split('\n').filter((l) => !/table=22, .*priority=1,dl_vlan=1 /.test(l)).join('\n'));
  const swap = (t: string) => t.replace(/(dl_vlan=|mod_vlan_vid:|tag: |",)([12])\b/g, (_, k: string, v: string) => `${k}${v === '1' ? '2' : '1'}`);
  for (const f of ['compute2/ovs/ports.json', 'compute2/ovs/show.txt', 'compute2/ovs/flows/br-tun.txt']) edit(f, swap);
  const edited = await run('drift', '--captured', dir, '--topology', 'examples/reference-cloud.yaml');
  rmSync(path.dirname(dir), { recursive: true, force: true });
  expect(edited.code).toBe(1);
  expectShown('$ npx netspec drift --captured edited', edited.printed);
});
