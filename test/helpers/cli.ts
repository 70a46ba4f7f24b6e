// Runs the real `mailtls` command in a child process for CLI tests: the compiled bin when dist/ is current, else the
// TypeScript sources through tsx (so a test run right after an edit never exercises a stale build).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let argvCache: string[] | null = null;

/** The node arguments that start the CLI: `bin/mailtls.cjs` (package.json's bin) if dist/ is newer than src/, else src via tsx. */
export function cliArgv(): string[] {
  if (argvCache) return argvCache;
  const dist = join(ROOT, 'dist', 'cli', 'main.js');
  const fresh = existsSync(dist) && newestMtime(join(ROOT, 'dist')) >= newestMtime(join(ROOT, 'src'));
  argvCache = fresh ? [join(ROOT, 'bin', 'mailtls.cjs')] : ['--import', 'tsx', join(ROOT, 'test', 'helpers', 'run-cli.ts')];
  return argvCache;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Text written to stdin (stdin is closed either way). */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
}

/** Runs `mailtls <args>` to completion; NO_COLOR and LANG=C unless the caller overrides them. */
export function runCli(args: readonly string[], o: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cliArgv(), ...args], {
      cwd: o.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '', ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mailtls ${args.join(' ')} did not finish within ${o.timeoutMs ?? 90_000} ms\nstdout:\n${out}\nstderr:\n${err}`));
    }, o.timeoutMs ?? 90_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: out, stderr: err });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(o.input ?? '');
  });
}

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` in stderr (or stdout), rejects after `ms` or when the process ends. */
  waitFor(re: RegExp, which?: 'stdout' | 'stderr', ms?: number): Promise<RegExpExecArray>;
  exit: Promise<number>;
}

/** Starts a long-running `mailtls <args>` (listen, lab serve) and lets the test watch its output. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, [...cliArgv(), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number>((r) => child.on('close', (code) => r(code ?? -1)));
  const waitFor = async (re: RegExp, which: 'stdout' | 'stderr' = 'stderr', ms = 20_000): Promise<RegExpExecArray> => {
    const until = Date.now() + ms;
    for (;;) {
      const m = re.exec(which === 'stdout' ? out : err);
      if (m) return m;
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${re} in ${which}; stdout:\n${out}\nstderr:\n${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, stdout: () => out, stderr: () => err, waitFor, exit };
}
