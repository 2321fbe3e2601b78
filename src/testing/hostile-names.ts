/**
 * A catalogue of hostile names, for the tests proving that names are data in every output:
 * generated code, comments, block markers, terminal output, file names, SVG, HTML and Allure
 * results. Each would do harm if some output took it raw: end a comment or a string and run
 * code, rewrite the terminal, reorder what a reader sees, escape a directory, or blow up a file.
 *
 * Payloads that run code throw `Error(4242)` (no quotes needed), so a spec that executed one
 * fails. `hostileCloudSpec` is the reference cloud with every name replaced by one of these.
 */
import type { CloudSpec } from '../model/spec';
import { referenceCloudSpec } from '../model/reference';

const RUN = ';throw new Error(4242);';

export interface HostileName {
  label: string;
  name: string;
}

export const HOSTILE_NAMES: readonly HostileName[] = [
  { label: 'newline', name: `nl\n${RUN}` },
  { label: 'carriage return', name: `cr\r${RUN}` },
  { label: 'CRLF', name: `crlf\r\n${RUN}//` },
  { label: 'end of block comment', name: `*/${RUN}/*` },
  { label: 'start of block comment', name: `/*${RUN}` },
  { label: 'template substitution', name: '${(() => { throw new Error(4242); })()}' },
  { label: 'backtick', name: '`+(() => { throw new Error(4242); })()+`' },
  { label: 'single quote', name: `');${RUN}('` },
  { label: 'double quote', name: `");${RUN}("` },
  { label: 'backslash before quote', name: `\\');${RUN}//` },
  { label: 'trailing backslash', name: 'tail\\' },
  { label: 'script end tag', name: '</script><script>alert(4242)</script>' },
  { label: 'HTML comment', name: '<!-- --><b>x</b>' },
  { label: 'CDATA end', name: ']]><x>&amp;' },
  { label: 'C0 controls', name: 'bel\u0007bs\u0008vt\u000bff\u000cdel\u007f' },
  { label: 'C1 controls', name: 'nel\u0085csi\u009b31m' },
  { label: 'ESC sequences', name: 'esc\u001b[31mred\u001b[0m\u001b]0;title\u0007\u001b[2J' },
  { label: 'bidi overrides and isolates', name: 'bidi\u202e\u2066gpj.exe\u2069\u202c' },
  { label: 'bidi marks', name: 'marks\u200e\u200f\u061c' },
  { label: 'line separator', name: `ls\u2028${RUN}` },
  { label: 'paragraph separator', name: `ps\u2029${RUN}` },
  { label: 'path separators', name: '../../etc/passwd' },
  { label: 'backslash path', name: '..\\..\\windows\\system32' },
  { label: 'dot dot', name: '..' },
  { label: 'NUL', name: 'nul\u0000byte' },
  { label: 'lone surrogate', name: 'half\ud800' },
  { label: '10 kB', name: 'long */\n'.repeat(1250) },
  { label: 'location pattern characters', name: '@x*?[y]' },
  { label: 'ordinary Unicode', name: 'café-网络-🙂' },
];

/** Characters no terminal line, comment or file name may hold raw. */
export const RAW_UNSAFE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\p{Cs}/u;

/**
 * The reference cloud with every name hostile (the cloud, hosts, networks, subnets, routers,
 * instances and a security group every port uses), each catalogue entry used at least once.
 * `offset` rotates which object gets which name. References follow the renames.
 */
export function hostileCloudSpec(offset = 0): { spec: CloudSpec; names: Map<string, string> } {
  const s = structuredClone(referenceCloudSpec) as CloudSpec;
  const names = new Map<string, string>();
  let next = offset;
  // The 10 kB name goes where it is written least often (a network without instances), so the spec stays small.
  const long = HOSTILE_NAMES.find((h) => h.label === '10 kB')!.name;
  const others = HOSTILE_NAMES.filter((h) => h.name !== long);
  const hostile = (old: string) => {
    const name = old === 'provider1' ? long : `${old}${others[next++ % others.length].name}`;
    names.set(old, name);
    return name;
  };
  const rename = (o: { name: string }) => { o.name = hostile(o.name); };
  s.name = hostile(s.name ?? 'cloud');
  s.hosts.forEach(rename);
  s.networks.forEach(rename);
  s.subnets.forEach(rename);
  (s.routers ?? []).forEach(rename);
  (s.instances ?? []).forEach(rename);
  const group = hostile('group');
  s.security_groups = [{ name: group, rules: [{ direction: 'egress' }, { direction: 'ingress', remote_group: group }] }];
  const ref = (n: string) => names.get(n) ?? n;
  for (const sub of s.subnets) sub.network = ref(sub.network);
  for (const r of s.routers ?? []) {
    if (r.external_gateway_info) r.external_gateway_info.network = ref(r.external_gateway_info.network);
    for (const i of r.interfaces ?? []) i.subnet = ref(i.subnet);
  }
  for (const i of s.instances ?? []) {
    i.host = ref(i.host);
    for (const p of i.ports) {
      p.network = ref(p.network);
      for (const f of p.fixed_ips ?? []) f.subnet = ref(f.subnet);
      p.security_groups = [group];
    }
  }
  return { spec: s, names };
}
