// The bundled CLI (dist/bundle/, what bin/mailtls.cjs loads): the same answers as the compiled modules in dist/, worker
// threads found from inside the bundle, Node built-ins loaded on first use.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const bundle = join(ROOT, 'dist/bundle/mailtls.cjs');
const bin = join(ROOT, 'bin/mailtls.cjs');
// the bundle is built by `npm run build` after tsc: test it only when it is newer than the sources it came from
const fresh = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(join(ROOT, 'src/cli/main.ts')).mtimeMs;
const env = { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '' };
const logs = ['test/fixtures/logs/exchange/RECV2024050210-1.LOG', 'test/fixtures/logs/exchange/SEND20240502-1.LOG', 'test/fixtures/logs/postfix/mail.log'].map(
  (f) => join(ROOT, f),
);

/** Runs `mailtls <args>` through bin/ (the bundles) or through dist/cli/main.js (the modules tsc wrote). */
function runVia(entry: 'bundle' | 'modules', args: string[]): { status: number | null; stdout: string; stderr: string } {
  const pre =
    entry === 'bundle'
      ? [bin]
      : [
          '--input-type=module',
          '-e',
          `const { main } = await import(${JSON.stringify(join(ROOT, 'dist/cli/main.js'))}); process.exitCode = await main(['node', 'mailtls', ...process.argv.slice(1)]);`,
          '--',
        ];
  const r = spawnSync(process.execPath, [...pre, ...args], { env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `mailtls logs --json` through bin/ or the modules. */
function logsJson(entry: 'bundle' | 'modules', extra: string[]): Record<string, unknown> {
  const r = runVia(entry, ['logs', ...logs, '--json', ...extra]);
  expect([0, 1], r.stderr).toContain(r.status);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  delete j.elapsedMs;
  return j;
}

describe.skipIf(!fresh)('the bundled CLI', () => {
  it('prints the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(execFileSync(process.execPath, [bin, '--version'], { env, encoding: 'utf8' }).trim()).toBe(pkg.version);
    // bin/mailtls.js (the ES module entry, for scripts that name it) runs the same CLI
    expect(execFileSync(process.execPath, [join(ROOT, 'bin/mailtls.js'), '--version'], { env, encoding: 'utf8' }).trim()).toBe(pkg.version);
    // dist/bundle/main.js: main() for code that imports the CLI
    const viaImport = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(join(ROOT, 'dist/bundle/main.js'))}); process.exitCode = await main(['node', 'mailtls', '--version']);`,
      ],
      { env, encoding: 'utf8' },
    );
    expect([viaImport.status, viaImport.stdout.trim()]).toEqual([0, pkg.version]);
  });

  it('logs: the same report as the modules, on one thread and on two worker threads (found from inside the bundle)', () => {
    const modules = logsJson('modules', ['--workers', '1']);
    expect(modules.lines).toBeGreaterThan(40);
    expect(logsJson('bundle', ['--workers', '1'])).toEqual(modules);
    expect(logsJson('bundle', ['--workers', '2'])).toEqual(modules);
  });

  it('requires TLS, DNS, zlib and worker_threads only on first use in every bundle (the start-up of every command stays light)', () => {
    const files = readdirSync(join(ROOT, 'dist/bundle')).filter((f) => f.endsWith('.cjs') && f !== 'loader.cjs');
    // the whole CLI, one per command and the one for --version, each with its code cache
    expect(files.sort()).toEqual(
      ['mailtls', 'cmd-version', ...['probe', 'listen', 'send', 'registry', 'logs', 'explain', 'scan', 'lab', 'report'].map((c) => `cmd-${c}`)]
        .map((f) => `${f}.cjs`)
        .sort(),
    );
    for (const f of files) {
      expect(existsSync(join(ROOT, 'dist/bundle', `${f}.cache`)), f).toBe(true);
      const text = readFileSync(join(ROOT, 'dist/bundle', f), 'latin1');
      for (const id of ['tls', 'dns', 'zlib', 'worker_threads', 'https', 'dgram']) expect(text, f).not.toMatch(new RegExp(`require\\("node:${id}"\\)`));
      expect(text, f).not.toMatch(/[^\x00-\x7f]/); // read as latin1 by the loader
      expect(text, f).not.toMatch(/\bimport\("/); // a vm.Script has no module loader: external packages are required
    }
    expect(readFileSync(bundle, 'latin1')).toContain(`"node:tls"`); // still there, behind the first-use proxy
    // a command's bundle holds that command only: the explain bundle has no probe code, the --version one no command
    expect(readFileSync(join(ROOT, 'dist/bundle/cmd-explain.cjs'), 'latin1')).not.toContain('"after-handshake"');
    expect(statSync(join(ROOT, 'dist/bundle/cmd-version.cjs')).size).toBeLessThan(statSync(bundle).size * 0.6);
  });

  it('every code cache the build wrote is one a start takes; a logs run that stops optimizing writes a missing one anew that the next start takes', () => {
    /** True when this Node takes `file`'s code cache (V8 rejects one stamped with other flags, e.g. --no-opt). */
    const taken = (file: string): boolean =>
      !new Script(readFileSync(file, 'latin1'), { filename: file, cachedData: readFileSync(`${file}.cache`) }).cachedDataRejected;
    const files = readdirSync(join(ROOT, 'dist/bundle')).filter((f) => f.endsWith('.cjs') && f !== 'loader.cjs');
    for (const f of files) expect(taken(join(ROOT, 'dist/bundle', f)), f).toBe(true);
    // a copy of bin/ and dist/bundle/ without the logs bundle's cache: the default report stops optimizing once the
    // input is read, and the loader writes the missing cache after that run
    const dir = mkdtempSync(join(tmpdir(), 'mailtls-cache-'));
    try {
      mkdirSync(join(dir, 'bin'));
      cpSync(bin, join(dir, 'bin/mailtls.cjs'));
      cpSync(join(ROOT, 'dist/bundle'), join(dir, 'dist/bundle'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      const logsBundle = join(dir, 'dist/bundle/cmd-logs.cjs');
      rmSync(`${logsBundle}.cache`);
      const r = spawnSync(process.execPath, [join(dir, 'bin/mailtls.cjs'), 'logs', ...logs], { env, encoding: 'utf8' });
      expect([0, 1], r.stderr).toContain(r.status);
      expect(r.stdout).toContain('TLS');
      expect(existsSync(`${logsBundle}.cache`)).toBe(true);
      expect(taken(logsBundle)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("each command's own bundle (what bin/ loads for `mailtls <command>`) answers as the compiled modules of the whole CLI do", () => {
    const run = (entry: 'bundle' | 'modules', args: string[]) => {
      const r = runVia(entry, args);
      return { ...r, stdout: r.stdout.replace(/"elapsedMs": ?\d+/g, '') };
    };
    const cases: string[][] = [
      ['explain', '451 5.7.3 STARTTLS is required to send mail', '--json'],
      ['explain', 'TLS negotiation failed with error SocketError', '--lang', 'nl'],
      ['logs', ...logs],
      ['registry', join(ROOT, 'test/fixtures/registry/export-2019-good.reg'), '--json'],
      ['lab', '--list'],
      ['report', '--help'],
      ['scan', '--help'],
      ['worker', '--help'],
      ['probe', '--help'],
      ['listen', '--help'],
      ['send', '--help'],
      ['--help'],
      ['help', 'logs'],
      ['nosuchcommand'],
    ];
    for (const args of cases) {
      const own = run('bundle', args);
      expect(own.stdout.length + own.stderr.length, args.join(' ')).toBeGreaterThan(20);
      expect(own, args.join(' ')).toEqual(run('modules', args));
    }
    // --version through its own bundle, `-V` too; with anything after it the whole CLI answers
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['-V']]) expect(run('bundle', args)).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(run('bundle', ['--version', 'x'])).toEqual(run('modules', ['--version', 'x']));
  });
});
