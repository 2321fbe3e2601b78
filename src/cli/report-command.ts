import { parseArgs } from 'node:util';
import { generateHtmlReport, ReportError } from '../report/html';
import { UsageError } from './usage-error';

export const REPORT_USAGE = `usage: netspec report [--results DIR] [--out DIR]

Builds one self-contained HTML report (default reports/html/index.html) from the Allure results
that the test suite or 'netspec check' wrote (default reports/allure-results). Works offline.`;

export function reportCommand(argv: string[], out: (s: string) => void): number {
  const { values } = parseArgs({ args: argv, options: { results: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) { out(REPORT_USAGE); return 0; }
  try {
    out(`report written to ${generateHtmlReport(values.results, values.out)}`);
    return 0;
  } catch (e) {
    if (e instanceof ReportError) throw new UsageError(e.message);
    throw e;
  }
}
