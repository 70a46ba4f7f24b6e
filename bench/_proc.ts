// Shared by the benches: whole processes timed as a user runs them (wall time, CPU time), side by side with anchors.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** CPU time (ms) of the waited-for children of this process (Linux /proc/self/stat cutime+cstime), or null. */
export function childCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10; // fields 16 and 17, in USER_HZ (100 per second on Linux)
  } catch {
    return null;
  }
}

export interface ProcRun {
  ms: number;
  cpu: number | null;
  code: number;
  stdout: string;
}

/** Runs one process to its end (stdout kept, up to 64 MB; stderr dropped): wall time and its CPU time (user + system). */
export function proc(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<ProcRun> {
  return new Promise((resolve, reject) => {
    const c0 = childCpuMs();
    const t = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], env: env ?? process.env });
    const out: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (d: Buffer) => {
      if (size < 64 << 20) {
        out.push(d);
        size += d.length;
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t;
      const c1 = childCpuMs();
      resolve({ ms, cpu: c0 === null || c1 === null ? null : c1 - c0, code: code ?? -1, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

export interface Subject {
  /** Short name in the table. */
  name: string;
  /** What was timed, printed with the row. */
  what: string;
  cmd: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export interface Timed {
  subject: Subject;
  /** Wall time of the first run (cold: the first start after the build or the file was written), ms. */
  first: number;
  /** Median wall time, ms. */
  wall: number;
  /**
   * CPU time per run, ms: the mean over the runs (the kernel counts children's CPU time in clock ticks of 10 ms; the
   * sum over many runs is exact to 10 ms, one run is not).
   */
  cpu: number | null;
  runs: ProcRun[];
}

/**
 * Runs every subject `n` times, interleaved, the order reversed every other round (so each sees the same load), after
 * `warm` unmeasured rounds (0: the first measured run is the cold one).
 */
export async function sideBySide(subjects: readonly Subject[], n: number, warm = 0): Promise<Timed[]> {
  const runs: ProcRun[][] = subjects.map(() => []);
  for (let r = 0; r < warm + n; r++) {
    const order = subjects.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      const s = subjects[i] as Subject;
      const x = await proc(s.cmd, s.args, s.env);
      if (r >= warm) (runs[i] as ProcRun[]).push(x);
    }
  }
  return subjects.map((subject, i) => {
    const rs = runs[i] as ProcRun[];
    const cpus = rs.map((x) => x.cpu);
    const cpu = cpus.some((c) => c === null) ? null : (cpus as number[]).reduce((a, b) => a + b, 0) / rs.length;
    return { subject, first: (rs[0] as ProcRun).ms, wall: median(rs.map((x) => x.ms)), cpu, runs: rs };
  });
}

export const ms = (x: number | null): string => (x === null || !Number.isFinite(x) ? '?' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
export const ratio = (a: number | null, b: number | null): string => (a === null || b === null || !(b > 0) ? '?' : `${(a / b).toFixed(2)}x`);

/** The machine's load when a bench starts (it is shared: numbers on a busy machine are slower and noisier). */
export function loadLine(): string {
  const [a, b, c] = loadavg();
  return `load average ${a?.toFixed(2)} ${b?.toFixed(2)} ${c?.toFixed(2)} (1/5/15 min)`;
}
