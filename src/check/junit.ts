import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { makeDirs, OutputDirError } from '../report/output-dir';
import path from 'node:path';
import type { Cloud } from '../model/types';
import { escapeXml } from '../report/escape';
import { renderMinimal } from '../trace/views/minimal';
import type { CheckReport } from './run';

/**
 * `netspec check --junit FILE`: one JUnit test case per invariant, a violated invariant a
 * failure whose body is every counterexample, drawn hop by hop; what CI servers show per test.
 */
export function checkToJunit(cloud: Cloud, report: CheckReport): string {
  const suite = `netspec check: ${cloud.name}`;
  const failures = report.results.filter((r) => !r.holds).length;
  const cases = report.results.map((r) => {
    const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(r.invariant)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    if (r.holds) return `${open}/>`;
    const first = r.violations[0];
    const body = r.violations.map((v) => `${v.flow}: ${v.reason}${v.trace ? `\n${renderMinimal(v.trace, { mark: new Set(v.hop ? [v.hop] : []) })}` : ''}`).join('\n\n');
    const message = first ? `${first.flow}: ${first.reason}` : 'violated';
    return `${open}>\n      <failure message="${escapeXml(message)}" type="InvariantViolated">${escapeXml(body)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="netspec check" tests="${report.results.length}" failures="${failures}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${report.results.length}" failures="${failures}" errors="0" skipped="0" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** Written beside its final name and renamed, so a reader never sees half a file. */
export function writeJunit(file: string, xml: string): string {
  const target = path.resolve(file);
  // Not mkdirSync's recursive mode: it never returns under /proc on Node 20.
  makeDirs(path.dirname(target), file, 'JUnit XML');
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, xml);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new OutputDirError(`cannot write JUnit XML to ${file}: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory, not a file' : (e as Error).message}`);
  }
  return target;
}
