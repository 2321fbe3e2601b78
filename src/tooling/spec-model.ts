/**
 * What a spec file registers with Jest, read from its syntax: every `describe` and every test
 * (`it`, `test`, `fit`, `xit`, `it.each(…)(…)`, `test.prop(…)(…)`, …), with its describe path,
 * its title and its modifiers. Lint and the test-id tool both work on this model.
 */
import { Node, type CallExpression, type SourceFile } from 'ts-morph';

export const TEST_ROOTS = ['it', 'test', 'fit', 'xit', 'xtest'] as const;
export const SUITE_ROOTS = ['describe', 'fdescribe', 'xdescribe'] as const;
const MODIFIERS = new Set(['only', 'skip', 'todo', 'each', 'failing', 'concurrent', 'prop']);
/** Modifiers that take arguments and return the function that registers: `it.each(table)('name', fn)`. */
const PARAMETERIZED = new Set(['each', 'prop']);

/** `it.only.each` → `{ root: 'it', modifiers: ['only', 'each'] }`. */
export interface Callee {
  root: string;
  modifiers: string[];
}

export interface Registration {
  /** The call that registers: `it('x', fn)`, or the outer call of `it.each(t)('x', fn)`. */
  call: CallExpression;
  callee: Callee;
  /** The title as written: the literal text, or the source text when it is computed. */
  title: string;
  /** Whether `title` is the literal title (a string or a template without substitutions). */
  literal: boolean;
  /** The test body or describe callback, when there is one. */
  fn?: Node;
  /** Titles of the enclosing describes, outermost first. */
  path: string[];
  /** The enclosing describes themselves, outermost first. */
  parents: Registration[];
}

export interface SpecModel {
  sourceFile: SourceFile;
  tests: Registration[];
  suites: Registration[];
}

export function isTestRoot(root: string): boolean {
  return (TEST_ROOTS as readonly string[]).includes(root);
}

export function isSuiteRoot(root: string): boolean {
  return (SUITE_ROOTS as readonly string[]).includes(root);
}

/** Local names bound to Jest's globals by imports: `import { test as fcTest } from '@fast-check/jest'`. */
export type Aliases = ReadonlyMap<string, string>;

const JEST_MODULES = new Set(['@jest/globals', '@fast-check/jest']);

export function jestAliases(sf: SourceFile): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const imp of sf.getImportDeclarations()) {
    if (!JEST_MODULES.has(imp.getModuleSpecifierValue())) continue;
    for (const n of imp.getNamedImports()) {
      const alias = n.getAliasNode()?.getText();
      if (alias && (isTestRoot(n.getName()) || isSuiteRoot(n.getName()))) aliases.set(alias, n.getName());
    }
  }
  return aliases;
}

/** The root and modifiers of a callee expression: `it.only.each(t)` → it, [only, each]. */
export function flattenCallee(expr: Node, aliases: Aliases = new Map()): Callee | undefined {
  if (Node.isIdentifier(expr)) return { root: aliases.get(expr.getText()) ?? expr.getText(), modifiers: [] };
  if (Node.isPropertyAccessExpression(expr)) {
    const inner = flattenCallee(expr.getExpression(), aliases);
    return inner && { root: inner.root, modifiers: [...inner.modifiers, expr.getName()] };
  }
  if (Node.isCallExpression(expr) || Node.isTaggedTemplateExpression(expr)) {
    // `it.each(table)` / it.each`table`: only as the function that then registers.
    const inner = flattenCallee(Node.isCallExpression(expr) ? expr.getExpression() : expr.getTag(), aliases);
    return inner && PARAMETERIZED.has(inner.modifiers.at(-1) ?? '') ? inner : undefined;
  }
  return undefined;
}

/** The callee of a registering call (`it(…)`, `describe.each(t)(…)`), or undefined for anything else. */
export function registrationCallee(call: CallExpression, aliases: Aliases = new Map()): Callee | undefined {
  const callee = flattenCallee(call.getExpression(), aliases);
  if (!callee || !(isTestRoot(callee.root) || isSuiteRoot(callee.root))) return undefined;
  if (!callee.modifiers.every((m) => MODIFIERS.has(m))) return undefined;
  // `it.each(table)` itself is not a registration: the call it returns is.
  const last = callee.modifiers.at(-1);
  if (last && PARAMETERIZED.has(last) && !Node.isCallExpression(call.getExpression()) && !Node.isTaggedTemplateExpression(call.getExpression())) {
    return undefined;
  }
  return callee;
}

/** The title of a registration: a literal when it is one, else its source text. */
export function titleOf(call: CallExpression): { title: string; literal: boolean } {
  const arg = call.getArguments()[0];
  if (!arg) return { title: '', literal: false };
  if (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) return { title: arg.getLiteralText(), literal: true };
  return { title: arg.getText(), literal: false };
}

function functionArgument(call: CallExpression): Node | undefined {
  return call.getArguments().find((a) => Node.isArrowFunction(a) || Node.isFunctionExpression(a));
}

/** Every describe and test in a spec file. */
export function readSpec(sourceFile: SourceFile): SpecModel {
  const tests: Registration[] = [];
  const suites: Registration[] = [];
  const byCall = new Map<Node, Registration>();
  const aliases = jestAliases(sourceFile);
  sourceFile.forEachDescendant((node) => {
    if (!Node.isCallExpression(node)) return;
    const callee = registrationCallee(node, aliases);
    if (!callee) return;
    const { title, literal } = titleOf(node);
    const parents = enclosingDescribes(node, byCall);
    const reg: Registration = { call: node, callee, title, literal, fn: functionArgument(node), path: parents.map((p) => p.title), parents };
    byCall.set(node, reg);
    (isSuiteRoot(callee.root) ? suites : tests).push(reg);
  });
  return { sourceFile, tests, suites };
}

/** The describes whose callbacks contain `node`, outermost first. */
function enclosingDescribes(node: Node, byCall: Map<Node, Registration>): Registration[] {
  const path: Registration[] = [];
  for (let cur = node.getParent(); cur; cur = cur.getParent()) {
    if (!(Node.isArrowFunction(cur) || Node.isFunctionExpression(cur))) continue;
    const call = cur.getParent();
    if (!call || !Node.isCallExpression(call)) continue;
    const reg = byCall.get(call);
    if (reg && isSuiteRoot(reg.callee.root) && reg.fn === cur) path.unshift(reg);
  }
  return path;
}

/**
 * A regular expression (source) for the names Jest gives a registration at run time: the title
 * itself, or for `each` its printf (`%s`, `%#`…) and `$var` placeholders filled in, for a template
 * literal its substitutions, for `test.prop` the ` (with seed=N)` suffix; anything for a title
 * that is computed some other way.
 */
export function titlePattern(reg: Registration): string {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let body: string;
  if (reg.literal && reg.callee.modifiers.includes('each')) {
    body = reg.title.split(/(%%|%[sdifjoOp#]|\$[A-Za-z_#][\w.]*)/).map((part, i) => (i % 2 === 0 ? esc(part) : part === '%%' ? '%' : '.*?')).join('');
  } else if (reg.literal) {
    body = esc(reg.title);
  } else {
    const arg = reg.call.getArguments()[0];
    body = arg && Node.isTemplateExpression(arg)
      ? [esc(arg.getHead().getLiteralText()), ...arg.getTemplateSpans().map((s) => `.*?${esc(s.getLiteral().getLiteralText())}`)].join('')
      : '.*';
  }
  if (reg.callee.modifiers.includes('prop')) body += '(?: \\(with seed=-?\\d+\\))?';
  return body;
}
