import { isCidr, isIpv4 } from '../net/ipv4';
import type { Rejected } from './ip';
import { lines } from './ip';

/** `ipset list`: each set's IPv4 members (the engine matches addresses; a /32 is the address). */
export function parseIpsetList(text: string): { sets: Record<string, string[]>; rejected: Rejected[] } {
  const sets: Record<string, string[]> = {};
  const rejected: Rejected[] = [];
  let current: string[] | null = null;
  let members = false;
  for (const [n, line] of lines(text)) {
    const m = /^Name:\s*(\S+)/.exec(line);
    if (m) { current = sets[m[1]] = []; members = false; continue; }
    if (/^Type:\s*/.test(line) && !/hash:(net|ip)\b/.test(line)) rejected.push({ line: n, text: line, reason: 'a set type other than hash:net or hash:ip' });
    if (/^Header:.*family inet6/.test(line)) { rejected.push({ line: n, text: line, reason: 'an IPv6 set (the engine walks IPv4 only)' }); current = null; continue; }
    if (line === 'Members:') { if (current) members = true; else rejected.push({ line: n, text: line, reason: 'Members: before any Name:' }); continue; }
    if (!members || !current) {
      if (!/^(Type|Revision|Header|Size in memory|References|Number of entries):/.test(line)) rejected.push({ line: n, text: line, reason: 'not a line of `ipset list`' });
      continue;
    }
    const member = line.split(/\s+/)[0];
    if (isIpv4(member)) current.push(member);
    else if (isCidr(member)) current.push(member.endsWith('/32') ? member.slice(0, -3) : member);
    else rejected.push({ line: n, text: line, reason: 'not an IPv4 member' });
  }
  return { sets, rejected };
}

export function renderIpsetList(sets: Record<string, string[]>): string {
  return Object.entries(sets).map(([name, members]) => [
    `Name: ${name}`, 'Type: hash:net', 'Revision: 7', 'Header: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x00000000',
    'Size in memory: 504', 'References: 1', `Number of entries: ${members.length}`, 'Members:', ...members,
  ].join('\n')).join('\n\n') + (Object.keys(sets).length ? '\n' : '');
}
