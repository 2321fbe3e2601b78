import { parseArgs } from 'node:util';
import { generateHtmlReport, ReportError } from '../report/html';
import { rejectEmptyPaths } from './path-options';
import { UsageError } from './usage-error';

export const REPORT_USAGE = `usage: netspec report [--results DIR]... [--out DIR] [--name TITLE]

Builds one self-contained HTML report (default reports/html/index.html) from the Allure results
that the test suite or 'netspec check' wrote (default reports/allure-results). Paths are relative
to the current directory. Works offline.
  --results  a results directory; repeat it to merge several (shards, check and tests) into one report
  --out      the report's directory
  --name     the report's title (default: the project's package.json name); an allurerc.* in the
             current directory is used as the Allure configuration when present`;

export function reportCommand(argv: string[], out: (s: string) => void): number {
  const { values } = parseArgs({ args: argv, options: { results: { type: 'string', multiple: true }, out: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) { out(REPORT_USAGE); return 0; }
  rejectEmptyPaths(values, { results: 'directory', out: 'directory' });
  try {
    out(`report written to ${generateHtmlReport(values.results ?? [], values.out, { name: values.name })}`);
    return 0;
  } catch (e) {
    if (e instanceof ReportError) throw new UsageError(e.message);
    throw e;
  }
}
