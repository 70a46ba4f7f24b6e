// Runs a scan end to end: targets → MX resolution → one job per unique host/IP → engine → results joined to targets.
import type { Lang } from '../i18n/lang.js';
import type { ScanEngine } from './engine.js';
import { LocalEngine } from './engine-local.js';
import { summarize, type ScanSummary } from './export.js';
import { BatchWriter, ScanStore } from './store.js';
import { DEFAULT_POLITENESS, type HostOutcome, type Politeness, type Resolved, type ScanProbe } from './types.js';

export interface ScanProgress {
  phase: 'resolve' | 'probe';
  done: number;
  total: number;
}

/** What happened before probing starts (the CLI prints it). */
export interface ScanPlan {
  targets: number;
  targetsDone: number;
  hosts: number;
  ips: number;
  pendingHosts: number;
  /** Taken up again by `retryFailed` (0 and 0 without it). */
  retried: { targets: number; hosts: number };
}

export interface ScanOptions {
  /** The SQLite file (created if missing; an existing one is resumed). */
  db: string | ScanStore;
  /** Targets to add (already parsed); those already in the file are kept as they are. */
  targets?: readonly string[];
  probe: ScanProbe;
  /** Where host jobs run (default: a LocalEngine with `politeness`). */
  engine?: ScanEngine;
  politeness?: Partial<Politeness>;
  /**
   * Take up again what failed in an earlier run of this file: targets whose DNS lookup failed and hosts that gave no
   * answer (ScanStore.retryFailed()). Without it a finished target stays as it is.
   */
  retryFailed?: boolean;
  /** DNS lookups in flight (default: politeness.concurrency). */
  resolveConcurrency?: number;
  lang?: Lang;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  onPlan?: (p: ScanPlan) => void;
  onHost?: (o: HostOutcome) => void;
}

export interface ScanRun {
  summary: ScanSummary;
  /** Targets finished in the file, and how many there are. */
  done: number;
  total: number;
  /** Host probes finished by this run. */
  hostsProbed: number;
  elapsedMs: number;
  /** False when interrupted (signal) before every target was done. */
  complete: boolean;
  /** What `retryFailed` would take up again now: finished targets whose lookup failed, hosts that gave no answer. */
  failed: { targets: number; hosts: number };
}

/** Runs `fn` over `items` with at most `limit` in flight, stopping early when `signal` aborts. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !signal?.aborted) await fn(items[next++] as T);
  });
  await Promise.all(lanes);
}

/** Scans every target in the store that is not done yet; safe to call again after a crash or an interrupt. */
export async function runScan(opts: ScanOptions): Promise<ScanRun> {
  const started = Date.now();
  const lang = opts.lang ?? 'en';
  const politeness = { ...DEFAULT_POLITENESS, ...opts.politeness };
  const store = typeof opts.db === 'string' ? new ScanStore(opts.db, opts.probe.aggregate ? { aggregate: opts.probe.aggregate } : {}) : opts.db;
  const ownsStore = typeof opts.db === 'string';
  const engine: ScanEngine = opts.engine ?? new LocalEngine(opts.probe, politeness, lang);
  let hostsProbed = 0;
  try {
    if (opts.targets) store.addTargets(opts.targets);
    let retried = { targets: 0, hosts: 0 };
    if (opts.retryFailed) {
      // the engine forgets first (results a queue keeps would otherwise come straight back), then the file
      const keys = store.failedHostKeys();
      if (keys.length > 0 && engine.forget) await engine.forget(keys);
      retried = store.retryFailed();
    }

    // 1. resolve every MX first, saved in batches so an interrupt keeps what was looked up
    const pending = store.pendingTargets();
    let resolvedCount = 0;
    let batch: Resolved[] = [];
    const flushResolved = (): void => {
      if (batch.length > 0) store.saveResolutions(batch);
      batch = [];
    };
    if (pending.length > 0) {
      opts.onProgress?.({ phase: 'resolve', done: 0, total: pending.length });
      await pool(
        pending,
        opts.resolveConcurrency ?? politeness.concurrency,
        async (target) => {
          const r = await opts.probe.resolve(target); // (not batch.push(await …): batch may be swapped meanwhile)
          batch.push(r);
          resolvedCount++;
          if (batch.length >= 200) flushResolved();
          opts.onProgress?.({ phase: 'resolve', done: resolvedCount, total: pending.length });
        },
        opts.signal,
      );
      flushResolved();
      // hosts taken up again that no target looked up again uses (its MX changed meanwhile): not probed for nothing
      if (retried.hosts > 0 && !opts.signal?.aborted) store.dropUnlinkedPendingHosts();
    }

    // 2. one job per unique host/IP/port not yet probed
    const jobs = opts.signal?.aborted ? [] : store.pendingHosts();
    const counts = store.counts();
    const ips = store.db.prepare<{ n: number }>('SELECT count(DISTINCT ip) AS n FROM hosts').get()?.n ?? 0;
    opts.onPlan?.({ targets: counts.targets, targetsDone: counts.targetsDone, hosts: counts.hosts, ips, pendingHosts: jobs.length, retried });

    // 3. probe, writing results in batches; each batch also finishes the targets it completes
    if (jobs.length > 0) {
      const writer = new BatchWriter(store);
      opts.onProgress?.({ phase: 'probe', done: 0, total: jobs.length });
      try {
        await engine.run(
          jobs,
          (o) => {
            writer.push(o);
            hostsProbed++;
            opts.onHost?.(o);
            opts.onProgress?.({ phase: 'probe', done: hostsProbed, total: jobs.length });
          },
          opts.signal ? { signal: opts.signal } : {},
        );
      } finally {
        writer.flush();
      }
    }
    const after = store.counts();
    return {
      summary: summarize(store),
      done: after.targetsDone,
      total: after.targets,
      hostsProbed,
      elapsedMs: Date.now() - started,
      complete: after.targetsDone === after.targets,
      failed: store.failedCounts(),
    };
  } finally {
    if (!opts.engine) await engine.close();
    if (ownsStore) store.close();
  }
}
