// `mailtls --version` is package.json's version — from the sources, from dist/, and from a copy laid out as an installed package.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { cliArgv, ROOT } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string; files: string[] };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const distFresh = cliArgv()[0]?.endsWith(join('bin', 'mailtls.cjs')) ?? false;

describe('mailtls --version', () => {
  it("the library constant is package.json's version (no second copy)", () => {
    expect(VERSION).toBe(pkg.version);
    expect(readFileSync(join(ROOT, 'src/version.ts'), 'utf8')).not.toContain(`'${pkg.version}'`);
  });

  it('the CLI prints it (source or dist, whichever the suite runs)', () => {
    expect(execFileSync(process.execPath, [...cliArgv(), '--version'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe(pkg.version);
  });

  it.skipIf(!distFresh)('an installed copy (node_modules/mailtls with only package.json\'s "files") prints it too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-installed-'));
    dirs.push(dir);
    const nm = join(dir, 'node_modules');
    const target = join(nm, 'mailtls');
    mkdirSync(target, { recursive: true });
    for (const f of [...pkg.files, 'package.json']) cpSync(join(ROOT, f), join(target, f), { recursive: true });
    // its dependencies beside it, as npm would place them
    for (const d of readdirSync(join(ROOT, 'node_modules'))) if (d !== 'mailtls' && !d.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', d), join(nm, d));
    expect(existsSync(join(target, 'src'))).toBe(false);
    // the bin package.json names (what npx runs), and the ES module entry beside it
    const bins = Object.values((pkg as unknown as { bin: Record<string, string> }).bin);
    expect(bins).toEqual(['bin/mailtls.cjs']);
    for (const b of [...bins, 'bin/mailtls.js']) {
      const out = execFileSync(process.execPath, [join(target, b), '--version'], { cwd: dir, encoding: 'utf8' });
      expect(out.trim()).toBe(pkg.version);
    }
  });

  it.skipIf(!distFresh)("a bundle's code cache that is missing, or that this Node's V8 refuses, is written anew after one run", () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-cache-'));
    dirs.push(dir);
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist/bundle'), join(dir, 'dist/bundle'), { recursive: true });
    const cache = join(dir, 'dist/bundle/cmd-version.cjs.cache');
    const version = (): string => execFileSync(process.execPath, [join(dir, 'bin/mailtls.cjs'), '--version'], { cwd: dir, encoding: 'utf8' }).trim();
    rmSync(cache);
    expect(version()).toBe(pkg.version);
    expect(statSync(cache).size).toBeGreaterThan(10_000);
    // what another Node would see: a cache V8 rejects (here: not a cache at all) is replaced, the run unaffected
    writeFileSync(cache, 'not a V8 code cache');
    expect(version()).toBe(pkg.version);
    expect(statSync(cache).size).toBeGreaterThan(10_000);
    expect(readdirSync(join(dir, 'dist/bundle')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // a good cache is left alone
    const before = statSync(cache).mtimeMs;
    expect(version()).toBe(pkg.version);
    expect(statSync(cache).mtimeMs).toBe(before);
  });
});

describe('packaging files', () => {
  it('LICENSE is the license package.json names, and CHANGELOG.md has an Unreleased section', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog).toContain(`## [${pkg.version}]`);
  });
});
