// The primary's side of listen({ workers }): fork worker processes, hand accepted sockets to the least busy, collect records.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ContextSettings } from './context.js';
import type { SessionRecord } from './types.js';

/** Messages primary → worker (a 'conn' carries the socket handle). */
export type ToWorker = { t: 'init'; settings: ContextSettings } | { t: 'conn'; n: number } | { t: 'shutdown' };
/** Messages worker → primary. */
export type ToPrimary = { t: 'ready' } | { t: 'failed'; message: string } | { t: 'session'; n: number; record: SessionRecord } | { t: 'lost'; n: number };

/** How long a worker may take to start (tsx compiling the sources on first use is the slow case). */
const START_TIMEOUT_MS = 30_000;
/** After disconnecting, how long a worker gets to exit before SIGKILL. */
const STOP_TIMEOUT_MS = 5_000;

/**
 * The worker script next to this module: dist/listen/worker.js when running compiled, src/listen/worker.ts under
 * vitest/tsx (import.meta.url is then the .ts source file) — which needs the tsx loader in the child as well.
 */
export function workerEntry(): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  if (/\.[cm]?ts$/.test(new URL(here).pathname)) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { file: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', tsx] };
  }
  return { file: fileURLToPath(new URL('./worker.js', here)), execArgv: [] };
}

interface Pending {
  onRecord: (r: SessionRecord) => void;
  /** The session ended without a record (its worker died, or the socket was gone before the handover). */
  onLost: () => void;
}

interface Worker {
  child: ChildProcess;
  alive: boolean;
  pending: Map<number, Pending>;
}

export class WorkerPool {
  private seq = 0;
  private rr = 0;
  private stopped: Promise<void> | null = null;
  private readonly killAll = (): void => {
    for (const w of this.workers) if (w.alive) w.child.kill('SIGKILL');
  };

  private constructor(private readonly workers: Worker[]) {
    // Belt and braces: a worker also exits on its own when the IPC channel closes (see worker.ts).
    process.once('exit', this.killAll);
  }

  /** Forks `count` workers and resolves once each has built its session context. */
  static async start(count: number, settingsFor: (i: number) => ContextSettings): Promise<WorkerPool> {
    const { file, execArgv } = workerEntry();
    const workers: Worker[] = [];
    const pool = new WorkerPool(workers);
    const ready: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      // stdout ignored: library code never prints, and `listen --json` owns stdout. stderr stays, for a crash's trace.
      const child = fork(file, [], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
      const w: Worker = { child, alive: true, pending: new Map() };
      workers.push(w);
      ready.push(
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`listener worker ${i} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
          const onMessage = (m: ToPrimary): void => {
            if (m.t !== 'ready' && m.t !== 'failed') return;
            clearTimeout(timer);
            child.off('message', onMessage);
            if (m.t === 'ready') resolve();
            else reject(new Error(`listener worker ${i}: ${m.message}`));
          };
          child.on('message', onMessage);
          child.once('error', (e) => {
            clearTimeout(timer);
            reject(e);
          });
          child.once('exit', (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`listener worker ${i} exited during start (${signal ?? code})`));
          });
        }),
      );
      child.on('message', (m: ToPrimary) => pool.onMessage(w, m));
      child.on('exit', () => pool.onExit(w));
      child.on('error', () => {}); // a failed send or kill; exit handling covers the rest
      child.send({ t: 'init', settings: settingsFor(i) } satisfies ToWorker);
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.stop();
      throw e;
    }
    return pool;
  }

  /** Sessions handed to workers and not yet reported. */
  get active(): number {
    let n = 0;
    for (const w of this.workers) n += w.pending.size;
    return n;
  }

  /** Process ids of the workers still running. */
  get pids(): number[] {
    return this.workers.filter((w) => w.alive && w.child.pid !== undefined).map((w) => w.child.pid as number);
  }

  /**
   * Hands an accepted socket to the worker with the fewest open sessions (round robin among equals); false when no
   * worker is left, and the caller runs the session itself.
   */
  dispatch(socket: Socket, p: Pending): boolean {
    let best: Worker | null = null;
    const n = this.workers.length;
    for (let k = 0; k < n; k++) {
      const w = this.workers[(this.rr + k) % n] as Worker;
      if (w.alive && w.child.connected && (best === null || w.pending.size < best.pending.size)) best = w;
    }
    if (!best) return false;
    this.rr = (this.rr + 1) % n;
    const id = ++this.seq;
    const w = best;
    w.pending.set(id, p);
    w.child.send({ t: 'conn', n: id } satisfies ToWorker, socket, (err) => {
      if (!err) return;
      socket.destroy();
      if (w.pending.delete(id)) p.onLost();
    });
    return true;
  }

  /** Asks every worker to end its open sessions (421) — the listener's close(). */
  shutdown(): void {
    for (const w of this.workers) if (w.alive && w.child.connected) w.child.send({ t: 'shutdown' } satisfies ToWorker);
  }

  /** Disconnects every worker (they exit on that) and resolves when all have exited; SIGKILL for a straggler. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await Promise.all(
        this.workers.map(async (w) => {
          if (w.child.exitCode !== null || w.child.signalCode !== null) return;
          const exited = new Promise<void>((r) => w.child.once('exit', () => r()));
          if (w.child.connected) w.child.disconnect();
          else w.child.kill('SIGKILL');
          const timer = setTimeout(() => w.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(timer);
        }),
      );
      process.off('exit', this.killAll);
    })();
    return this.stopped;
  }

  private onMessage(w: Worker, m: ToPrimary): void {
    if (m.t === 'session') {
      const p = w.pending.get(m.n);
      if (!p) return;
      w.pending.delete(m.n);
      p.onRecord(m.record);
    } else if (m.t === 'lost') {
      const p = w.pending.get(m.n);
      if (p && w.pending.delete(m.n)) p.onLost();
    }
  }

  /** A worker is gone: its open sessions can no longer be reported; release them so caps and close() stay right. */
  private onExit(w: Worker): void {
    w.alive = false;
    const lost = [...w.pending.values()];
    w.pending.clear();
    for (const p of lost) p.onLost();
  }
}
