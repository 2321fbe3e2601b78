import { finalHop } from '../assert/paths';
import { mainPath } from '../trace/leaves';
import { dispositionText } from '../trace/steps';
import type { Hop, Step, Trace } from '../trace/types';
import { flowTitle } from '../trace/views/minimal';
import { escapeXml as x } from './escape';

export interface SvgOptions {
  /** Hops to draw as failing (red). */
  failing?: ReadonlySet<Hop>;
}

const LANE = 96;
const COL = 132;
const BOX_W = 116;
const BOX_H = 40;
const LEFT = 110;
const TOP = 64;

const FILL: Record<string, string> = {
  ovs: '#dbeafe', 'linux-bridge': '#ccfbf1', qrouter: '#fed7aa', snat: '#fdba74', fip: '#fde68a', qdhcp: '#e9d5ff', instance: '#dcfce7',
  root: '#f1f5f9', external: '#fef9c3', process: '#fce7f3',
};

function fillOf(h: Hop): string {
  return FILL[h.kind === 'namespace' ? h.role ?? 'root' : h.kind] ?? '#f1f5f9';
}

function short(s: string, n = 17): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** What changed on the way out of a hop: tags, tunnels, NAT — the labels on the path. */
function edgeLabel(h: Hop): string {
  const parts: string[] = [];
  for (const s of h.steps as Step[]) {
    if (s.t === 'tunnel' && s.op === 'encap') parts.push(`${s.type} ${s.vni}`);
    if (s.t === 'nat' && s.kind !== 'unSNAT' && s.kind !== 'unDNAT') parts.push(`${s.kind} → ${s.after}`);
    if (s.t === 'nat' && (s.kind === 'unSNAT' || s.kind === 'unDNAT')) parts.push(`${s.kind} → ${s.after}`);
  }
  if (!parts.length && h.kind === 'ovs' && h.vlan) parts.push(`vlan ${h.vlan}`);
  return parts.join(', ');
}

/** Hops per row: a long path wraps into rows, so the picture keeps its size at the report's width. */
export const HOPS_PER_ROW = 6;
const WIDTH = LEFT + HOPS_PER_ROW * COL + 24;
const CHARS_PER_LINE = Math.floor((WIDTH - 24) / 6.6);
const LINE = 18;
const ROW_GAP = 28;

/** Splits a headline into lines that fit the width, breaking at spaces where it can, never dropping text. */
function wrap(text: string, width = CHARS_PER_LINE): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    const at = cut > width / 2 ? cut : width;
    lines.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, '');
  }
  lines.push(rest);
  return lines;
}

const isFailure = (t: Trace) => !['delivered', 'answered', 'exits'].includes(t.disposition.kind);

/**
 * The path of a packet as a picture: hosts as lanes, bridges and namespaces as boxes, the path
 * drawn across them in order (the reply dashed), tags, VNIs and NAT labelled, the failing hop red
 * (by default the hop where a failed trace ended). A long path wraps into rows of
 * HOPS_PER_ROW hops, each row with the lanes of the hosts it visits, so the picture stays legible
 * at the report's width; the title and the outcome wrap too, never cut.
 * Every name is escaped: topology files are user input.
 */
export function renderSvg(t: Trace, opts: SvgOptions = {}): string {
  const request = mainPath(t.root);
  const reply = t.reply ? mainPath(t.reply) : [];
  const hops = [...request, ...reply];
  const end = finalHop(t);
  const failing = opts.failing ?? new Set<Hop>(isFailure(t) && end ? [end] : []);
  const title = wrap(flowTitle(t));
  const outcome = wrap(dispositionText(t.disposition));
  let y = 22 + (title.length + outcome.length) * LINE;
  // Rows: their hops, the lanes of the hosts they visit, and where they start.
  const rows: { first: number; hosts: string[]; top: number }[] = [];
  for (let first = 0; first < Math.max(hops.length, 1); first += HOPS_PER_ROW) {
    const hosts: string[] = [];
    for (const h of hops.slice(first, first + HOPS_PER_ROW)) if (!hosts.includes(h.host)) hosts.push(h.host);
    rows.push({ first, hosts, top: y });
    y += Math.max(hosts.length, 1) * LANE + ROW_GAP;
  }
  const height = y + 12;
  const rowOf = (i: number) => rows[Math.floor(i / HOPS_PER_ROW)];
  const pos = (i: number) => {
    const row = rowOf(i);
    return { x: LEFT + (i - row.first) * COL + 8, y: row.top + row.hosts.indexOf(hops[i].host) * LANE + (LANE - BOX_H) / 2 };
  };
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="11">`,
    `<title>${x(flowTitle(t))}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...title.map((line, i) => `<text x="12" y="${22 + i * LINE}" font-size="14" font-weight="bold">${x(line)}</text>`),
    ...outcome.map((line, i) => `<text x="12" y="${22 + (title.length + i) * LINE}" fill="${isFailure(t) ? '#b91c1c' : '#166534'}">${x(line)}</text>`),
  ];
  rows.forEach((row) => row.hosts.forEach((host, i) => {
    const top = row.top + i * LANE;
    out.push(`<rect x="0" y="${top}" width="${WIDTH}" height="${LANE}" fill="${i % 2 ? '#fafafa' : '#f4f4f5'}" stroke="#e4e4e7"/>`,
      `<text x="10" y="${top + LANE / 2 + 4}" font-weight="bold">${x(short(host, 15))}</text>`);
  }));
  for (let i = 1; i < hops.length; i++) {
    const a = pos(i - 1);
    const b = pos(i);
    const isReply = i >= request.length;
    const stroke = `stroke="${isReply ? '#7c3aed' : '#334155'}" stroke-width="1.6"${isReply ? ' stroke-dasharray="5,3"' : ''} marker-end="url(#arrow)"`;
    const label = edgeLabel(hops[i - 1]);
    if (rowOf(i) !== rowOf(i - 1)) {
      // The path continues on the next row: down from the last box, back to the row's start.
      const turn = rowOf(i - 1).top + rowOf(i - 1).hosts.length * LANE + ROW_GAP / 2;
      out.push(`<polyline points="${a.x + BOX_W / 2},${a.y + BOX_H} ${a.x + BOX_W / 2},${turn} ${b.x + BOX_W / 2},${turn} ${b.x + BOX_W / 2},${b.y}" fill="none" ${stroke}/>`);
      if (label) out.push(`<text x="${(a.x + b.x) / 2 + BOX_W / 2}" y="${turn - 4}" text-anchor="middle" fill="#1d4ed8">${x(short(label, 28))}</text>`);
      continue;
    }
    out.push(`<line x1="${a.x + BOX_W}" y1="${a.y + BOX_H / 2}" x2="${b.x}" y2="${b.y + BOX_H / 2}" ${stroke}/>`);
    if (label) out.push(`<text x="${(a.x + BOX_W + b.x) / 2}" y="${Math.min(a.y, b.y) - 4}" text-anchor="middle" fill="#1d4ed8">${x(short(label, 28))}</text>`);
  }
  hops.forEach((h, i) => {
    const p = pos(i);
    const bad = failing.has(h);
    const name = h.owner && h.role !== 'instance' && h.kind === 'namespace' ? `${short(h.device, 15)}` : short(h.device);
    out.push(`<g><title>${x(`${h.device}@${h.host}${h.owner ? ` (${h.owner})` : ''}`)}</title>`,
      `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${bad ? '#fee2e2' : fillOf(h)}" stroke="${bad ? '#dc2626' : '#64748b'}" stroke-width="${bad ? 3 : 1}"/>`,
      `<text x="${p.x + BOX_W / 2}" y="${p.y + 16}" text-anchor="middle">${x(name)}</text>`,
      h.owner && h.kind === 'namespace' && h.role !== 'root' ? `<text x="${p.x + BOX_W / 2}" y="${p.y + 30}" text-anchor="middle" fill="#475569">${x(short(h.owner))}</text>` : '',
      bad ? `<text x="${p.x + BOX_W / 2}" y="${p.y + BOX_H + 14}" text-anchor="middle" fill="#dc2626" font-weight="bold">✗ failing hop</text>` : '',
      '</g>');
  });
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#334155"/></marker></defs>', '</svg>');
  return out.filter(Boolean).join('\n');
}
