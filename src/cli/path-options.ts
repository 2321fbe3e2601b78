import { UsageError } from './usage-error';

/**
 * Options naming a file or a directory must name one: `--topology ""` once checked the built-in
 * reference cloud instead, and `--results ""` wrote to the default place. An empty (or blank)
 * path is a usage error naming the option.
 */
export function rejectEmptyPaths(values: Readonly<Record<string, unknown>>, kinds: Readonly<Record<string, 'file' | 'directory' | 'path'>>): void {
  for (const [option, kind] of Object.entries(kinds)) {
    const value = Object.hasOwn(values, option) ? values[option] : undefined;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v.trim() === '') throw new UsageError(`--${option} needs a ${kind}, not an empty string`);
    }
  }
}

/** The same for PATH arguments. */
export function rejectEmptyPositionals(positionals: readonly string[], what = 'PATH'): void {
  if (positionals.some((p) => p.trim() === '')) throw new UsageError(`${what} must not be an empty string`);
}
