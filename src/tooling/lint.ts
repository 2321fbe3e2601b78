/**
 * `netspec lint`: finds specs that look like they prove something and do not. Syntax only (one
 * lean ts-morph Project, no type checker), so a spec directory lints in well under a second.
 * Hooks (`beforeAll`…) prepare and are not expected to assert; tests and properties are.
 *
 * A finding on line N is silenced by `// netspec-lint-disable-next-line [rule-id …]` on line N-1.
 */
import { relative } from 'node:path';
import { Node, SyntaxKind, type CallExpression, type Project, type SourceFile } from 'ts-morph';
import { readSource } from './files';
import { toolingProject } from './project';
import { flattenCallee, isTestRoot, readSpec, type Registration } from './spec-model';

/** Every rule, with what it catches: `netspec lint --rules` prints this table. */
export const LINT_RULES = {
  'unasserted-trace': 'a trace(…), sim.trace(…) or .check(…) result that is thrown away or never used '
    + '(a bare trace on a simulation the same block creates, before another trace on it, is a warm-up: accepted)',
  'expect-without-matcher': 'expect(x) (or expect(x).not, .resolves…) with no matcher call',
  'property-without-assertion': 'an fc.property / fc.asyncProperty / test.prop callback that neither asserts nor returns a verdict',
  'property-never-run': 'an fc.property(…) that is never passed to fc.assert (so it never runs)',
  'test-without-assertion': 'a test whose body (and the local helpers it calls) asserts nothing',
  'focused-test': 'it.only, fit, describe.only, fdescribe…: every other test is silently skipped',
  'skipped-test': 'it.skip, xit, xtest, describe.skip, xdescribe…',
  'duplicate-test-name': 'two tests with the same name under the same describe path',
} as const;

export type LintRule = keyof typeof LINT_RULES;

export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: LintRule;
  message: string;
}

/** `file:line:col rule-id message`, the CLI's output line. */
export function formatFinding(f: Finding, cwd = process.cwd()): string {
  const rel = relative(cwd, f.file);
  const shown = rel && !rel.startsWith('..') ? rel : f.file;
  return `${shown}:${f.line}:${f.column} ${f.rule} ${f.message}`;
}

/** Lints spec files from disk; findings sorted by file, line and column. */
export function lintFiles(files: readonly string[], project: Project = toolingProject()): Finding[] {
  const out: Finding[] = [];
  for (const file of files) out.push(...lintSource(file, readSource(file), project));
  return out;
}

/** Lints one spec given as text (the path names it in findings). */
export function lintSource(file: string, text: string, project: Project = toolingProject()): Finding[] {
  const sf = project.createSourceFile(file, text, { overwrite: true });
  try {
    return new FileLinter(sf).run();
  } finally {
    project.removeSourceFile(sf);
  }
}

const DISABLE = /netspec-lint-disable-next-line\b(.*)$/;
const COMPARISON = new Set([
  SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken, SyntaxKind.LessThanToken, SyntaxKind.GreaterThanToken, SyntaxKind.LessThanEqualsToken,
  SyntaxKind.GreaterThanEqualsToken, SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken,
  SyntaxKind.InstanceOfKeyword, SyntaxKind.InKeyword,
]);
const BOOLEAN_CALL = /^(is|has|includes|every|some|test|startsWith|endsWith|equals?|matches|contains|can|should)([A-Z_]|$)/;
const ASSERTING_HELPER = /^(expect|assert|verify)/;
const EXPECT_MODIFIERS = new Set(['not', 'resolves', 'rejects']);

class FileLinter {
  private readonly findings: Finding[] = [];
  private readonly lines: string[];
  /** Local names of Jest's expect (`expect`, or an alias imported from @jest/globals). */
  private readonly expectNames = new Set(['expect']);
  /** Local names of fast-check (`fc`, or however it is imported). */
  private readonly fcNames = new Set(['fc']);
  /** Local functions by name, so a test that asserts through a helper counts as asserting. */
  private readonly helpers = new Map<string, Node[]>();
  private readonly asserting = new Map<Node, boolean>();

  constructor(private readonly sf: SourceFile) {
    this.lines = sf.getFullText().split('\n');
    for (const imp of sf.getImportDeclarations()) {
      const from = imp.getModuleSpecifierValue();
      if (from === '@jest/globals' || from === 'expect') {
        for (const n of imp.getNamedImports()) if (n.getName() === 'expect') this.expectNames.add(n.getAliasNode()?.getText() ?? 'expect');
      }
      if (from === 'fast-check') {
        const local = imp.getNamespaceImport() ?? imp.getDefaultImport();
        if (local) this.fcNames.add(local.getText());
      }
      if (from === '@fast-check/jest') {
        for (const n of imp.getNamedImports()) if (n.getName() === 'fc') this.fcNames.add(n.getAliasNode()?.getText() ?? 'fc');
      }
    }
    sf.forEachDescendant((n) => {
      if (Node.isFunctionDeclaration(n) && n.getName()) this.addHelper(n.getName()!, n);
      if (Node.isVariableDeclaration(n)) {
        const init = n.getInitializer();
        if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) && Node.isIdentifier(n.getNameNode())) this.addHelper(n.getName(), init);
      }
    });
  }

  run(): Finding[] {
    const spec = readSpec(this.sf);
    for (const reg of [...spec.suites, ...spec.tests]) this.focusedOrSkipped(reg);
    this.duplicates(spec.tests);
    for (const t of spec.tests) this.testAsserts(t);
    this.sf.forEachDescendant((n) => {
      if (!Node.isCallExpression(n)) return;
      this.expectHasMatcher(n);
      // A hook prepares (a warm-up, a screening pass collecting data for the tests): only tests assert.
      if (insideHook(n)) return;
      this.resultUsed(n);
      this.propertyAsserts(n);
    });
    return this.findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  }

  private addHelper(name: string, fn: Node): void {
    this.helpers.set(name, [...(this.helpers.get(name) ?? []), fn]);
  }

  private report(node: Node, rule: LintRule, message: string): void {
    const { line, column } = this.sf.getLineAndColumnAtPos(node.getStart());
    const disable = DISABLE.exec(this.lines[line - 2] ?? '');
    if (disable) {
      const rules = disable[1].split(/[\s,]+/).filter(Boolean);
      if (rules.length === 0 || rules.includes(rule)) return;
    }
    this.findings.push({ file: this.sf.getFilePath(), line, column, rule, message });
  }

  // ---------------------------------------------------------------- focused, skipped, duplicates

  private focusedOrSkipped(reg: Registration): void {
    const { root, modifiers } = reg.callee;
    const written = [root, ...modifiers.filter((m) => m === 'only' || m === 'skip')].join('.');
    const what = isTestRoot(root) ? 'test' : 'describe';
    if (root.startsWith('f') || modifiers.includes('only')) {
      this.report(reg.call, 'focused-test', `${written} focuses ${what} ${quote(reg.title)}: every other test in the file is skipped`);
    }
    if (root.startsWith('x') || modifiers.includes('skip')) {
      this.report(reg.call, 'skipped-test', `${written} skips ${what} ${quote(reg.title)}`);
    }
  }

  private duplicates(tests: Registration[]): void {
    const seen = new Map<string, Registration>();
    for (const t of tests) {
      if (!t.literal || insideLoop(t.call)) continue;
      const key = [...t.path, t.title].join('\u0000');
      const first = seen.get(key);
      if (!first) { seen.set(key, t); continue; }
      const line = this.sf.getLineAndColumnAtPos(first.call.getStart()).line;
      this.report(t.call, 'duplicate-test-name', `duplicate test name ${quote([...t.path, t.title].join(' › '))} (first at line ${line})`);
    }
  }

  // ---------------------------------------------------------------- assertions

  private testAsserts(t: Registration): void {
    const { root, modifiers } = t.callee;
    if (!t.fn || modifiers.includes('todo') || modifiers.includes('skip') || root.startsWith('x')) return;
    if (modifiers.includes('prop')) {
      if (!this.predicateAsserts(t.fn)) {
        this.report(t.call, 'property-without-assertion', `property test ${quote(t.title)} neither asserts (expect) nor returns a verdict: it passes for every input`);
      }
      return;
    }
    if (!this.containsAssertion(t.fn)) {
      this.report(t.call, 'test-without-assertion', `test ${quote(t.title)} asserts nothing: it passes whatever the cloud does`);
    }
  }

  private expectHasMatcher(call: CallExpression): void {
    const callee = call.getExpression();
    if (!Node.isIdentifier(callee) || !this.expectNames.has(callee.getText())) return;
    let node: Node = call;
    for (;;) {
      const parent = node.getParent();
      if (!parent || !Node.isPropertyAccessExpression(parent) || parent.getExpression() !== node) {
        // A statement `expect(x);` / `expect(x).not;` asserts nothing. Elsewhere (a cast, an
        // argument, a variable) the expectation object is being inspected, not forgotten.
        const stmt = parent && Node.isAwaitExpression(parent) ? parent.getParent() : parent;
        if (stmt && Node.isExpressionStatement(stmt)) this.report(call, 'expect-without-matcher', `${shorten(node.getText())} has no matcher: it asserts nothing`);
        return;
      }
      if (EXPECT_MODIFIERS.has(parent.getName())) { node = parent; continue; }
      const grand = parent.getParent();
      if (!grand || !Node.isCallExpression(grand) || grand.getExpression() !== parent) {
        this.report(call, 'expect-without-matcher', `${shorten(parent.getText())} is never called: it asserts nothing`);
      }
      return;
    }
  }

  /** Whether a function body asserts: expect, fc.assert, assert, throw, or a local helper that does. */
  private containsAssertion(fn: Node): boolean {
    const known = this.asserting.get(fn);
    if (known !== undefined) return known;
    this.asserting.set(fn, false); // recursion guard
    let found = false;
    fn.forEachDescendant((n, traversal) => {
      if (Node.isThrowStatement(n) || (Node.isCallExpression(n) && this.isAssertingCall(n))) {
        found = true;
        traversal.stop();
      }
    });
    this.asserting.set(fn, found);
    return found;
  }

  private isAssertingCall(call: CallExpression): boolean {
    const callee = flattenCallee(call.getExpression());
    if (!callee) return false;
    if (this.expectNames.has(callee.root)) return true;
    if (this.fcNames.has(callee.root) && callee.modifiers[0] === 'assert') return true;
    const name = callee.modifiers.at(-1) ?? callee.root;
    if (ASSERTING_HELPER.test(name)) return true;
    if (callee.modifiers.length === 0) return (this.helpers.get(callee.root) ?? []).some((h) => this.containsAssertion(h));
    return false;
  }

  /** A property predicate asserts, or returns a verdict (fast-check fails a property that returns false). */
  private predicateAsserts(fn: Node): boolean {
    if (this.containsAssertion(fn)) return true;
    if (Node.isArrowFunction(fn)) {
      const body = fn.getBody();
      if (!Node.isBlock(body)) return isVerdict(body);
    }
    let verdict = false;
    fn.forEachDescendant((n, traversal) => {
      if (n !== fn && (Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isFunctionDeclaration(n))) { traversal.skip(); return; }
      if (Node.isReturnStatement(n) && n.getExpression() && isVerdict(n.getExpression()!)) { verdict = true; traversal.stop(); }
    });
    return verdict;
  }

  private propertyAsserts(call: CallExpression): void {
    const callee = flattenCallee(call.getExpression());
    if (!callee || !this.fcNames.has(callee.root) || callee.modifiers.length !== 1) return;
    const kind = callee.modifiers[0];
    if (kind !== 'property' && kind !== 'asyncProperty') return;
    const predicate = call.getArguments().at(-1);
    if (predicate && (Node.isArrowFunction(predicate) || Node.isFunctionExpression(predicate)) && !this.predicateAsserts(predicate)) {
      this.report(call, 'property-without-assertion', `${callee.root}.${kind}(…)'s predicate neither asserts (expect) nor returns a verdict: the property holds for every input`);
    }
    const use = usage(call);
    if (use.kind !== 'used') {
      this.report(call, 'property-never-run', use.kind === 'discarded'
        ? `${callee.root}.${kind}(…) is built and thrown away: it never runs (wrap it in ${callee.root}.assert(…))`
        : `${use.name} = ${callee.root}.${kind}(…) is never used: it never runs (pass it to ${callee.root}.assert(…))`);
    }
  }

  // ---------------------------------------------------------------- traces and checks

  private resultUsed(call: CallExpression): void {
    const callee = call.getExpression();
    let isCheck = false;
    if (Node.isIdentifier(callee)) {
      if (callee.getText() !== 'trace' && callee.getText() !== 'traceFlow') return;
    } else if (Node.isPropertyAccessExpression(callee) && (callee.getName() === 'trace' || callee.getName() === 'check')) {
      const receiver = callee.getExpression().getText();
      if (receiver === 'console' || this.expectNames.has(receiver)) return;
      isCheck = callee.getName() === 'check';
    } else return;
    const use = usage(call);
    if (use.kind === 'used' || (use.kind === 'discarded' && isWarmUp(call))) return;
    const what = shorten(call.getText(), 50);
    const noun = isCheck ? 'result' : 'trace';
    this.report(call, 'unasserted-trace', use.kind === 'discarded'
      ? `${what} is computed and thrown away: assert on the ${noun} with expect(…) (write \`void\` to discard it on purpose)`
      : /^[\w$]+$/.test(use.name)
        ? `${use.name} = ${what} is never used: assert on it with expect(${use.name})…`
        : `nothing destructured from ${what} is used: assert on it with expect(…)`);
  }
}

type Usage = { kind: 'used' } | { kind: 'discarded' } | { kind: 'unused'; name: string };

/** What happens to a call's value: used, thrown away by an expression statement, or bound to names nobody reads. */
function usage(call: CallExpression): Usage {
  let node: Node = call;
  let parent = node.getParent();
  while (parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent)
    || Node.isSatisfiesExpression(parent) || Node.isAwaitExpression(parent) || Node.isTypeAssertion(parent))) {
    node = parent;
    parent = node.getParent();
  }
  if (!parent) return { kind: 'used' };
  if (Node.isExpressionStatement(parent)) return { kind: 'discarded' };
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
    const names = bindingNames(parent.getNameNode());
    const scope = parent.getFirstAncestor((a) => Node.isBlock(a) || Node.isSourceFile(a) || Node.isCaseClause(a)) ?? parent.getSourceFile();
    if (names.some((id) => isReferenced(id, scope))) return { kind: 'used' };
    return { kind: 'unused', name: parent.getNameNode().getText() };
  }
  return { kind: 'used' };
}

function bindingNames(name: Node): Node[] {
  if (Node.isIdentifier(name)) return [name];
  return name.getDescendants().filter((d) => {
    const p = d.getParent();
    return Node.isIdentifier(d) && !!p && Node.isBindingElement(p) && p.getNameNode() === d;
  });
}

/** Whether an identifier is read anywhere in `scope` (by name: over-approximates, never misses). */
function isReferenced(id: Node, scope: Node): boolean {
  const name = id.getText();
  let found = false;
  scope.forEachDescendant((n, traversal) => {
    if (n === id || !Node.isIdentifier(n) || n.getText() !== name) return;
    const p = n.getParent();
    if (p && Node.isPropertyAccessExpression(p) && p.getNameNode() === n) return;
    if (p && Node.isPropertyAssignment(p) && p.getNameNode() === n) return;
    found = true;
    traversal.stop();
  });
  return found;
}

/**
 * `warmed.trace(a, b);` followed, in the same block, by another trace on `warmed`, where `warmed`
 * is a simulation this block creates: a warm-up. Traces on one simulation share learned state
 * (MAC tables, neighbour caches), so a test may trace first to set that state up. A bare trace on
 * a simulation from outside the block is taken for a forgotten expect.
 */
function isWarmUp(call: CallExpression): boolean {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !Node.isIdentifier(callee.getExpression())) return false;
  const receiver = callee.getExpression().getText();
  const stmt = call.getFirstAncestor((a) => Node.isExpressionStatement(a));
  const block = stmt?.getParent();
  if (!stmt || !block || !Node.isBlock(block)) return false;
  const statements = block.getStatements();
  const own = statements.some((s) => Node.isVariableStatement(s) && s.getDeclarations().some((d) => d.getName() === receiver));
  if (!own) return false;
  return statements.slice(statements.indexOf(stmt) + 1).some((s) => s.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => {
    const e = c.getExpression();
    return Node.isPropertyAccessExpression(e) && e.getName() === 'trace' && e.getExpression().getText() === receiver;
  }));
}

const HOOKS = new Set(['beforeAll', 'beforeEach', 'afterAll', 'afterEach']);

function insideHook(node: Node): boolean {
  return !!node.getFirstAncestor((a) => Node.isCallExpression(a) && HOOKS.has(a.getExpression().getText()));
}

function isVerdict(expr: Node): boolean {
  let e = expr;
  while (Node.isParenthesizedExpression(e)) e = e.getExpression();
  if (Node.isBinaryExpression(e)) return COMPARISON.has(e.getOperatorToken().getKind());
  if (Node.isPrefixUnaryExpression(e)) return e.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isTrueLiteral(e) || Node.isFalseLiteral(e)) return true;
  if (Node.isConditionalExpression(e)) return isVerdict(e.getWhenTrue()) && isVerdict(e.getWhenFalse());
  if (Node.isCallExpression(e)) {
    const c = e.getExpression();
    const name = Node.isPropertyAccessExpression(c) ? c.getName() : c.getText();
    return BOOLEAN_CALL.test(name);
  }
  return false;
}

function insideLoop(node: Node): boolean {
  return !!node.getFirstAncestor((a) => Node.isForStatement(a) || Node.isForOfStatement(a) || Node.isForInStatement(a)
    || Node.isWhileStatement(a) || Node.isDoStatement(a)
    || (Node.isCallExpression(a) && /\.(forEach|map)$/.test(a.getExpression().getText())));
}

function quote(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

function shorten(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
