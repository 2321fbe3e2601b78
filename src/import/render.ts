/**
 * The imported topology as YAML, laid out like examples/reference-cloud.yaml: a header saying
 * where it came from and what was assumed, a `$schema` line for editors, small mappings in flow
 * style, and each host's placeholders as a comment above it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Document, isMap, isSeq, visit, type Node, type YAMLMap } from 'yaml';
import type { CloudSpec } from '../model/spec';
import { hasUnsafeChars, printable, printableText } from '../util/printable';

/** The topology schema of this netspec, found from the package root (sources or build). */
export function schemaFile(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"netspec"/.test(readFileSync(pkg, 'utf8'))) {
      const src = join(dir, 'src', 'model', 'topology.schema.json');
      if (existsSync(src)) return src;
      break;
    }
    dir = dirname(dir);
  }
  return join(__dirname, '..', 'model', 'topology.schema.json');
}

/** The schema path relative to where `out` is written, with forward slashes. */
export function schemaRef(out: string): string {
  return relative(dirname(resolve(out)), schemaFile()).split(sep).join('/');
}

// Names are tenants' data: in comments they are shown escaped, one line each.
const comment = (lines: string[]) => lines.map((l) => ` ${printable(l)}`).join('\n');

export interface RenderInput {
  spec: CloudSpec;
  schema: string;
  header: string[];
  hostNotes: Map<string, string[]>;
}

export function renderYaml({ spec, schema, header, hostNotes }: RenderInput): string {
  const doc = new Document({ $schema: schema, ...spec });
  doc.commentBefore = comment([`yaml-language-server: $schema=${schema}`, '', ...header]);
  const root = doc.contents as YAMLMap;
  root.items.forEach((pair, i) => { if (i > 0) (pair.key as Node).spaceBefore = true; });

  const flow = (n: unknown) => { if (isMap(n) || isSeq(n)) n.flow = true; };
  const each = (path: string[], fn: (n: YAMLMap, i: number) => void) => {
    const seq = doc.getIn(path, true);
    if (isSeq(seq)) seq.items.forEach((n, i) => { if (isMap(n)) fn(n, i); });
  };
  each(['hosts'], (h, i) => {
    for (const k of ['management', 'overlay', 'external', 'agents']) flow(h.get(k, true));
    const notes = hostNotes.get(spec.hosts[i].name) ?? [];
    if (notes.length) h.commentBefore = comment(notes);
    if (i > 0) h.spaceBefore = true;
  });
  each(['subnets'], (s) => { for (const k of ['allocation_pools', 'host_routes']) { const q = s.get(k, true); if (isSeq(q)) q.items.forEach(flow); } });
  each(['routers'], (r) => {
    const g = r.get('external_gateway_info', true);
    if (isMap(g)) { const f = g.get('external_fixed_ips', true); if (isSeq(f)) f.items.forEach(flow); }
    const ifs = r.get('interfaces', true);
    if (isSeq(ifs)) ifs.items.forEach(flow);
  });
  each(['instances'], (inst, i) => {
    if (i > 0) inst.spaceBefore = true;
    const ports = inst.get('ports', true);
    if (isSeq(ports)) {
      ports.items.forEach((p) => {
        if (!isMap(p)) return;
        const f = p.get('fixed_ips', true);
        if (isSeq(f)) f.items.forEach(flow);
        flow(p.get('security_groups', true));
      });
    }
  });
  each(['security_groups'], (g) => { const rules = g.get('rules', true); if (isSeq(rules)) rules.items.forEach(flow); });
  // A name with control, bidi or line-separator characters is written double-quoted, the one YAML
  // style with escapes; every such character left in the text is then inside one, where the
  // escape printableText writes (\uXXXX, \r, \t) reads back as the same character.
  visit(doc, { Scalar(_, n) { if (typeof n.value === 'string' && hasUnsafeChars(n.value)) n.type = 'QUOTE_DOUBLE'; } });
  return printableText(doc.toString({ lineWidth: 0 }));
}
