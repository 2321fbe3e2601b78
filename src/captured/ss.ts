import type { Rejected } from './ip';
import { lines } from './ip';

/** A listening socket from `ss -lntup`. */
export interface Socket {
  proto: 'tcp' | 'udp';
  ip: string;
  port: number;
  /** Bound to one device (`0.0.0.0%tap1:67`). */
  iface?: string;
  /** The process as ss prints it (the kernel's comm: at most 15 characters); absent for kernel sockets. */
  process?: string;
}

export function parseSs(text: string): { sockets: Socket[]; rejected: Rejected[] } {
  const sockets: Socket[] = [];
  const rejected: Rejected[] = [];
  for (const [n, line] of lines(text)) {
    if (/^Netid\s/.test(line)) continue;
    const w = line.split(/\s+/);
    const reject = (reason: string) => rejected.push({ line: n, text: line, reason });
    if (w[0] !== 'tcp' && w[0] !== 'udp') { reject(`${w[0]}: a socket kind the engine does not model`); continue; }
    const local = w[4] ?? '';
    const m = /^(.*):(\d+|\*)$/.exec(local);
    if (!m) { reject(`${local}: not address:port`); continue; }
    let [, addr] = m;
    const port = Number(m[2]);
    let iface: string | undefined;
    const pct = addr.indexOf('%');
    if (pct >= 0) { iface = addr.slice(pct + 1); addr = addr.slice(0, pct); }
    // A v6 wildcard socket takes IPv4 too (bindv6only is off by default).
    if (addr === '*' || addr === '[::]' || addr === '::') addr = '0.0.0.0';
    if (addr.includes(':') || addr.startsWith('[')) { reject('an IPv6 listener (the engine walks IPv4 only)'); continue; }
    const proc = /users:\(\("([^"]+)"/.exec(line)?.[1];
    const s: Socket = { proto: w[0], ip: addr, port };
    if (iface) s.iface = iface;
    if (proc) s.process = proc;
    sockets.push(s);
  }
  return { sockets, rejected };
}

export function renderSs(sockets: readonly Socket[]): string {
  const head = 'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process';
  return [head, ...sockets.map((s, i) => {
    const local = `${s.ip}${s.iface ? `%${s.iface}` : ''}:${s.port}`;
    const users = s.process ? ` users:(("${s.process.slice(0, 15)}",pid=${1000 + i},fd=${3 + i}))` : '';
    return `${s.proto}   ${s.proto === 'tcp' ? 'LISTEN' : 'UNCONN'} 0      ${s.proto === 'tcp' ? 4096 : 0}    ${local} 0.0.0.0:*${users}`;
  })].join('\n') + '\n';
}
