// Spawns `mailtls <args>` from source and lets a test wait for stderr/stdout text and the exit status.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` in stderr (or stdout with `which`), rejects after `ms`. */
  waitFor(re: RegExp, which?: 'stdout' | 'stderr', ms?: number): Promise<RegExpExecArray>;
  exit: Promise<number>;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/receiver/run-cli.ts'), ...args], {
    cwd: root, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
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
