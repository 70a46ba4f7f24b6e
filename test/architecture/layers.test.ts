// The layering of src/ as a test: lower layers import no capability and no CLI; a capability or the CLI uses another capability only through its index.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src');

/** Folders (and top-level files) below every capability: they may import each other, never a capability or the CLI. */
const LOWER = ['tls', 'smtp', 'net', 'dns', 'policy', 'i18n', 'findings', 'errors.ts', 'version.ts'];
/** Capability folders: each a unit with an index.ts as its only door. */
const CAPABILITIES = ['probe', 'listen', 'send', 'registry', 'logs', 'explain', 'scan', 'lab', 'report'];
const CLI = 'cli';

/** Every .ts file under dir, as a path relative to src/ with forward slashes. */
function sources(dir = SRC): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(SRC, p).split('\\').join('/'));
  }
  return out;
}

/** Every module specifier a file names: import/export ... from, import 'x', import('x'), import x = require('x'), import types. */
function specifiers(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      out.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const a = n.arguments[0];
      // A computed import() cannot be checked: it is reported as a violation of its own.
      out.push(a && ts.isStringLiteralLike(a) ? a.text : '<computed import()>');
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
      out.push(n.moduleReference.expression.text);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      out.push(n.argument.literal.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The unit a src/-relative path belongs to: a capability (probe/transport-policy is part of probe), 'cli', a lower layer, or 'top'. */
function unitOf(path: string): { kind: 'lower' | 'capability' | 'cli' | 'top'; name: string } {
  const first = path.split('/')[0] ?? path;
  if (LOWER.includes(first)) return { kind: 'lower', name: first };
  if (CAPABILITIES.includes(first)) return { kind: 'capability', name: first };
  if (first === CLI) return { kind: 'cli', name: CLI };
  return { kind: 'top', name: first };
}

/** The import rule broken by `from` importing `to` (both src/-relative), or null. */
function violation(from: string, to: string): string | null {
  const a = unitOf(from);
  const b = unitOf(to);
  if (a.kind === 'lower') {
    if (b.kind === 'capability') return 'a lower layer imports a capability';
    if (b.kind === 'cli') return 'a lower layer imports the CLI';
    if (b.kind === 'top') return 'a lower layer imports a top-level module';
    return null;
  }
  if (b.kind === 'capability' && b.name !== a.name && to !== `${b.name}/index.ts`) return `not through ${b.name}/index.ts`;
  if (b.kind === 'cli' && a.kind !== 'cli') return 'imports the CLI';
  if (b.kind === 'top' && a.kind === 'capability') return 'a capability imports a top-level module';
  return null;
}

/** Every `file -> import` that breaks the layering, with the rule it breaks. */
function violations(): string[] {
  const out: string[] = [];
  for (const file of sources()) {
    for (const spec of specifiers(file, readFileSync(join(SRC, file), 'utf8'))) {
      if (spec === '<computed import()>') {
        out.push(`src/${file} -> import(<computed>)  (cannot be checked)`);
        continue;
      }
      if (!spec.startsWith('.')) continue; // a package or node: builtin
      const target = relative(SRC, resolve(dirname(join(SRC, file)), spec))
        .split('\\')
        .join('/')
        .replace(/\.js$/, '.ts');
      if (target.startsWith('..')) {
        out.push(`src/${file} -> ${spec}  (outside src/)`);
        continue;
      }
      const why = violation(file, target);
      if (why) out.push(`src/${file} -> ${spec}  (${why})`);
    }
  }
  return out;
}

describe('architecture: layers', () => {
  it('finds the imports it checks (import, export from, import(), import type)', () => {
    const spec = specifiers(
      'x.ts',
      [
        "import a from './a.js';",
        "import type { B } from './b.js';",
        "export { c } from './c.js';",
        "export * from './d.js';",
        "const e = await import('./e.js');",
        "type F = import('./f.js').F;",
        "import './g.js';",
        'const h = await import(name);',
      ].join('\n'),
    );
    expect(spec).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', '<computed import()>']);
    expect(violation('tls/hello.ts', 'probe/types.ts')).not.toBeNull();
    expect(violation('findings/catalog.ts', 'cli/messages.ts')).not.toBeNull();
    expect(violation('cli/commands/scan.ts', 'scan/store.ts')).not.toBeNull();
    expect(violation('cli/commands/scan.ts', 'scan/index.ts')).toBeNull();
    expect(violation('lab/run.ts', 'probe/probe.ts')).not.toBeNull();
    expect(violation('probe/host.ts', 'probe/transport-policy/policies.ts')).toBeNull();
    expect(violation('probe/host.ts', 'cli/output.ts')).not.toBeNull();
    expect(violation('explain/explain.ts', 'cli/catalog.ts')).not.toBeNull();
    expect(violation('report/render.ts', 'index.ts')).not.toBeNull();
    expect(violation('index.ts', 'cli/main.ts')).not.toBeNull();
    expect(violation('index.ts', 'probe/index.ts')).toBeNull();
  });

  it('every file is in a known place (a lower layer, a capability, the CLI, or a top-level module)', () => {
    const top = sources().filter((f) => unitOf(f).kind === 'top');
    expect(top.filter((f) => f.includes('/'))).toEqual([]);
  });

  it('lower layers import no capability and no CLI; capabilities and the CLI use each other only through index.ts', () => {
    const bad = violations();
    expect(bad, `\n${bad.join('\n')}\n`).toEqual([]);
  });
});

describe('architecture: one catalogue', () => {
  it("every messages.ts (a capability's or a lower layer's) is merged into the CLI's catalogue, and the library's has every finding", async () => {
    const cli = await import('../../src/cli/catalog.js');
    const lib = await import('../../src/index.js');
    const missing: string[] = [];
    for (const file of sources().filter((f) => f.endsWith('/messages.ts'))) {
      const m = (await import(join(SRC, file))) as { findings: Record<string, unknown>; ui: Record<string, unknown> };
      for (const id of Object.keys(m.findings)) {
        if (!(id in cli.CATALOG)) missing.push(`src/${file}: finding ${id} not in src/cli/catalog.ts`);
        if (!(id in lib.CATALOG)) missing.push(`src/${file}: finding ${id} not in the library's CATALOG`);
      }
      for (const key of Object.keys(m.ui)) if (!(key in cli.UI)) missing.push(`src/${file}: UI string ${key} not in src/cli/catalog.ts`);
    }
    expect(missing, `\n${missing.join('\n')}\n`).toEqual([]);
    expect(Object.keys(lib.CATALOG).sort()).toEqual(Object.keys(cli.CATALOG).sort());
  });
});
