import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import ts from 'typescript';
import { topologySchema, type SchemaNode } from './shape';
import { validateSpec } from './validate';

/**
 * topology.schema.json is the one table of allowed fields: validate.ts walks it, editors read it.
 * These tests keep it in step with the TypeScript spec types and with what the walker understands.
 */
const deref = (n: SchemaNode): SchemaNode => (n.$ref ? topologySchema.definitions[n.$ref.replace('#/definitions/', '')] : n);

describe('topology.schema.json', () => {
  it('uses only the JSON Schema keywords the validator implements', () => {
    const supported = new Set(['$schema', 'title', 'description', 'definitions', '$ref', 'type', 'enum', 'properties', 'required',
      'additionalProperties', 'items', 'minimum', 'maximum', 'minLength', 'pattern', 'patternErrorMessage']);
    const used = new Set<string>();
    const visit = (n: SchemaNode & { definitions?: Record<string, SchemaNode> }) => {
      Object.keys(n).forEach((k) => used.add(k));
      for (const child of [...Object.values(n.properties ?? {}), ...Object.values(n.definitions ?? {}), ...(n.items ? [n.items] : [])]) visit(child);
      if (n.properties) expect(n.additionalProperties).toBe(false);
    };
    visit(topologySchema);
    expect([...used].filter((k) => !supported.has(k))).toEqual([]);
  });

  it('describes every field of the spec types in spec.ts, and no other', () => {
    const file = join(__dirname, 'spec.ts');
    const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(file)!;
    const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
    const cloudSpec = checker.getDeclaredTypeOfSymbol(exported.find((s) => s.name === 'CloudSpec')!);
    const mismatches: string[] = [];
    const compare = (node: SchemaNode, type: ts.Type, at: string): void => {
      node = deref(node);
      type = checker.getNonNullableType(type);
      if (node.items) {
        if (!checker.isArrayType(type)) return void mismatches.push(`${at}: list in the schema only`);
        return compare(node.items, checker.getTypeArguments(type as ts.TypeReference)[0], `${at}[]`);
      }
      if (!node.properties) return;
      const props = checker.getPropertiesOfType(type);
      const names = props.map((p) => p.name).sort();
      const keys = Object.keys(node.properties).sort();
      if (names.join() !== keys.join()) mismatches.push(`${at}: spec.ts has {${names}} but the schema has {${keys}}`);
      const required = props.filter((p) => !(p.flags & ts.SymbolFlags.Optional)).map((p) => p.name).sort();
      if (required.join() !== [...(node.required ?? [])].sort().join()) mismatches.push(`${at}: required {${required}} vs {${node.required ?? []}}`);
      for (const p of props) if (node.properties[p.name]) compare(node.properties[p.name], checker.getTypeOfSymbolAtLocation(p, source), `${at}.${p.name}`);
    };
    compare(topologySchema, cloudSpec, 'CloudSpec');
    expect(mismatches).toEqual([]);
  });

  it('is what the validator accepts: an unknown field lists exactly the schema\'s names', () => {
    const [issue] = validateSpec({ hosts: [], networks: [], subnets: [], nope: 1 }, 'spec').filter((i) => i.rule === 'unknown-field');
    expect(issue.message).toContain(`allowed: ${Object.keys(topologySchema.properties!).join(', ')}`);
    const routerProps = Object.keys(topologySchema.definitions.router.properties!);
    const [r] = validateSpec({ hosts: [], networks: [], subnets: [], routers: [{ name: 'r', nope: 1 }] }, 'spec').filter((i) => i.rule === 'unknown-field');
    expect(r).toMatchObject({ path: 'routers[0].nope', message: expect.stringContaining(`allowed: ${routerProps.join(', ')}`) });
  });
});
