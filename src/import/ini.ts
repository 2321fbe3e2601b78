/**
 * The INI dialect of oslo.config files (`ml2_conf.ini`, `openvswitch_agent.ini`, ...): `[section]`
 * headers, `key = value` or `key: value`, `#`/`;` comment lines, indented continuation lines. A
 * line that is none of these is reported with its file and number, never guessed at.
 */
import type { Issues } from './issues';

export interface IniValue {
  value: string;
  line: number;
}

/** Sections by name (case kept, as oslo.config does), keys in lower case. */
export type Ini = Map<string, Map<string, IniValue>>;

export function parseIni(text: string, file: string, issues: Issues): Ini {
  const ini: Ini = new Map();
  let section: Map<string, IniValue> | undefined;
  let last: IniValue | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) { last = undefined; return; }
    if (/^\s/.test(raw) && last) { last.value = `${last.value}\n${trimmed}`; return; }
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      const name = header[1].trim();
      section = ini.get(name) ?? new Map();
      ini.set(name, section);
      last = undefined;
      return;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!kv) {
      issues.add({ file, what: `line ${line}` }, 'syntax', `not "[section]", "key = value" or a comment: ${JSON.stringify(trimmed.slice(0, 60))}`);
      return;
    }
    if (!section) {
      issues.add({ file, what: `line ${line}` }, 'syntax', `"${kv[1]}" comes before any [section] header`);
      return;
    }
    last = { value: kv[2], line };
    section.set(kv[1].toLowerCase(), last);
  });
  return ini;
}

/** oslo.config's boolean spellings; undefined for anything else. */
export function iniBool(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(s)) return true;
  if (['false', 'no', 'off', '0'].includes(s)) return false;
  return undefined;
}

/** A ListOpt: comma-separated, blanks dropped. */
export const iniList = (v: string): string[] => v.split(',').map((x) => x.trim()).filter(Boolean);
