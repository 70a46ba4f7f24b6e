// The CLI contract matrix: bad kinds of paths and values (missing, directory, /dev/zero, FIFO, binary, unwritable,
// same-as-input, /dev/full) and the assertion every refusal must meet: exit 2, one stderr line, no stack, no file changed.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from '../helpers/cli.js';

export const BIN = join(ROOT, 'bin', 'mailtls.js');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Where the child's stdin and stdout come from: a string, a file (e.g. /dev/zero) or the default pipes. */
export interface RunOpts {
  input?: string;
  stdinFile?: string;
  stdoutFile?: string;
  stderrFile?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs the built CLI (`node bin/mailtls.js`) to its end. */
export function run(args: readonly string[], o: RunOpts = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const fds: number[] = [];
    const stdin = o.stdinFile ? openSync(o.stdinFile, 'r') : 'pipe';
    const stdout = o.stdoutFile ? openSync(o.stdoutFile, 'w') : 'pipe';
    const stderr = o.stderrFile ? openSync(o.stderrFile, 'w') : 'pipe';
    for (const f of [stdin, stdout, stderr]) if (typeof f === 'number') fds.push(f);
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: o.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '', MAILTLS_DEBUG: '', ...o.env },
      stdio: [stdin, stdout, stderr],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mailtls ${args.join(' ')} did not end within ${o.timeoutMs ?? 30_000} ms\nstdout: ${out}\nstderr: ${err}`));
    }, o.timeoutMs ?? 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      for (const f of fds) closeSync(f);
      resolve({ code, signal, stdout: out, stderr: err });
    });
    if (child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(o.input ?? '');
    }
  });
}

/** A long-running command (listen, worker, lab serve, a slow scan) whose output a test watches and signals. */
export interface Live {
  child: ChildProcess;
  out(): string;
  err(): string;
  waitFor(re: RegExp, ms?: number): Promise<void>;
  exit: Promise<Run>;
}

export function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Live {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const watchers = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of watchers) w();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of watchers) w();
  });
  const exit = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err })));
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    waitFor(re, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (re.test(out) || re.test(err)) {
            watchers.delete(check);
            clearTimeout(t);
            resolve();
          }
        };
        const t = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`no ${re} within ${ms} ms\nstdout: ${out}\nstderr: ${err}`));
        }, ms);
        watchers.add(check);
        void exit.then(() => {
          if (watchers.has(check)) {
            check();
            if (watchers.has(check)) {
              watchers.delete(check);
              clearTimeout(t);
              reject(new Error(`ended before ${re}\nstdout: ${out}\nstderr: ${err}`));
            }
          }
        });
        check();
      });
    },
  };
}

/** The bad kinds of input path every path-taking input option is tried with. */
export const IN_KINDS = ['missing', 'directory', '/dev/zero', 'fifo', 'binary'] as const;
/** The bad kinds of output path every output option is tried with (plus same-as-input, per command). */
export const OUT_KINDS = ['directory', '/dev/full', 'missing directory', 'fifo', '/proc', 'empty'] as const;

/** A scratch directory with every bad kind of path, plus a fingerprint of its files to prove nothing changed. */
export class Scratch {
  readonly dir: string;
  constructor(prefix = 'mailtls-cli-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    mkdirSync(join(this.dir, 'adir'));
    execFileSync('mkfifo', [join(this.dir, 'fifo')]);
    // a real binary: the first 64 KiB of the node executable (NUL bytes, ELF header)
    writeFileSync(join(this.dir, 'binary'), readFileSync(process.execPath).subarray(0, 65536));
    writeFileSync(join(this.dir, 'empty.txt'), '');
  }
  path(name: string): string {
    return join(this.dir, name);
  }
  write(name: string, data: string | Buffer): string {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }
  /** Bad input paths: each must be refused with exit 2 and one line. */
  badInputs(): Record<string, string> {
    return { missing: this.path('missing'), directory: this.path('adir'), '/dev/zero': '/dev/zero', fifo: this.path('fifo'), binary: this.path('binary') };
  }
  /** Bad output paths (besides same-as-input, which each command builds from its own input). */
  badOutputs(): Record<string, string> {
    return {
      directory: this.path('adir'),
      '/dev/full': '/dev/full',
      'missing directory': this.path('no/such/dir/out'),
      fifo: this.path('fifo'),
      '/proc': '/proc/mailtls-out',
      empty: '',
    };
  }
  /** name → sha256 (or kind) of every entry, to compare before/after a refused command. */
  fingerprint(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of readdirSync(this.dir)) {
      const p = join(this.dir, e);
      const st = statSync(p);
      out[e] = st.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : st.isDirectory() ? `dir:${readdirSync(p).join(',')}` : 'special';
    }
    return out;
  }
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The contract for a refused command: exit 2, exactly one line on stderr, no stack trace, nothing on stdout. */
export function expectRefused(r: Run, re?: RegExp): void {
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect({ code: r.code, lines, stdout: r.stdout }).toMatchObject({ code: 2, stdout: '' });
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^mailtls: /);
  expect(r.stderr).not.toMatch(/\n\s+at |Error: |node:internal|\.js:\d+/);
  if (re) expect(lines[0]).toMatch(re);
}

/** No stack trace, whatever the outcome. */
export function expectNoStack(r: Run): void {
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|\.js:\d+:\d+/);
}

/** A refused command left every file in the scratch directory as it was. */
export async function expectUnchanged(s: Scratch, f: () => Promise<void>): Promise<void> {
  const before = s.fingerprint();
  await f();
  expect(s.fingerprint()).toEqual(before);
}

/** A loopback TCP port that refuses connections: bound then closed. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
