// The default engine: a bounded pool in this process that dispatches host jobs IP by IP under the politeness limits.
import type { Lang } from '../i18n/lang.js';
import { finding } from './messages.js';
import { backoffMs, isRateLimited, markRateLimited, type ScanEngine } from './engine.js';
import { emptyHostResult } from './join.js';
import { LocalIpLimiter } from './limiter.js';
import { DEFAULT_POLITENESS, type HostJob, type HostOutcome, type HostResult, type Politeness, type ScanProbe } from './types.js';

interface Queued {
  job: HostJob;
  attempts: number;
}

/**
 * In-process engine. Jobs wait in one FIFO per IP; a round-robin list holds the IPs that may start a probe now, so
 * one busy IP never holds up the others and each dispatch step is O(1) whatever the number of IPs.
 */
export class LocalEngine implements ScanEngine {
  readonly name = 'local';
  private readonly p: Politeness;
  readonly limiter: LocalIpLimiter;
  /** IPs where a host stayed busy through every retry: their other hosts get one attempt, not a full back-off series. */
  private readonly exhausted = new Set<string>();

  constructor(
    private readonly probe: ScanProbe,
    politeness: Partial<Politeness> = {},
    private readonly lang: Lang = 'en',
  ) {
    this.p = { ...DEFAULT_POLITENESS, ...politeness };
    this.limiter = new LocalIpLimiter(this.p.perIp, this.p.perIpRate);
  }

  run(jobs: readonly HostJob[], onResult: (o: HostOutcome) => void, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const queues = new Map<string, Queued[]>();
    const ready: string[] = [];
    const inReady = new Set<string>();
    const timers = new Set<NodeJS.Timeout>();
    let outstanding = jobs.length;
    let active = 0;
    let stopped = false;
    const enqueue = (item: Queued): void => {
      let q = queues.get(item.job.ip);
      if (!q) {
        q = [];
        queues.set(item.job.ip, q);
      }
      q.push(item);
    };
    for (const job of jobs) enqueue({ job, attempts: 0 });

    return new Promise<void>((resolve) => {
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        resolve();
      };
      const markReady = (ip: string): void => {
        if (inReady.has(ip) || !queues.get(ip)?.length) return;
        inReady.add(ip);
        ready.push(ip);
      };
      const later = (ms: number, ip: string): void => {
        const t = setTimeout(
          () => {
            timers.delete(t);
            markReady(ip);
            pump();
          },
          Math.max(1, Math.ceil(ms)),
        );
        timers.add(t);
      };
      const pump = (): void => {
        while (!stopped && active < this.p.concurrency && ready.length > 0) {
          const ip = ready.shift() as string;
          inReady.delete(ip);
          const q = queues.get(ip);
          if (!q || q.length === 0) continue;
          const got = this.limiter.acquireNow(ip);
          if (!('lease' in got)) {
            // busy: the lease's release marks it ready again; rate or back-off: a timer does
            if (got.reason !== 'busy') later(got.waitMs, ip);
            continue;
          }
          const item = q.shift() as Queued;
          if (q.length === 0) queues.delete(ip);
          else markReady(ip);
          active++;
          void this.runOne(item, got.lease.release).then((outcome) => {
            active--;
            if (outcome === 'retry') enqueue(item);
            else {
              outstanding--;
              if (!stopped) onResult(outcome);
            }
            markReady(ip);
            if (outstanding === 0 || (stopped && active === 0)) finish();
            else pump();
          });
        }
      };
      if (opts.signal) {
        const onAbort = (): void => {
          // results of probes still in flight would be dropped anyway: stop now (they are probed again on resume)
          stopped = true;
          finish();
        };
        if (opts.signal.aborted) {
          onAbort();
          return;
        }
        opts.signal.addEventListener('abort', onAbort, { once: true });
      }
      if (outstanding === 0) {
        finish();
        return;
      }
      for (const ip of queues.keys()) markReady(ip);
      pump();
    });
  }

  /** Probes one job under its lease; a busy answer closes the IP for a back-off and asks for the job to be queued again. */
  private async runOne(item: Queued, release: () => Promise<void>): Promise<HostOutcome | 'retry'> {
    item.attempts++;
    const { job } = item;
    let result: HostResult;
    try {
      result = await this.probe.probeHost({ host: job.host, ip: job.ip, port: job.port, mxPreference: null });
    } catch (e) {
      result = emptyHostResult(job.host, job.ip, job.port, null, [
        finding('scan.probe-error', this.lang, { host: job.host, ip: job.ip, reason: (e as Error).message.slice(0, 200) }),
      ]);
    } finally {
      await release();
    }
    if (isRateLimited(result)) {
      if (item.attempts <= this.p.retries && !this.exhausted.has(job.ip)) {
        await this.limiter.penalize(job.ip, backoffMs(this.p, item.attempts));
        return 'retry';
      }
      this.exhausted.add(job.ip);
      return { key: job.key, result: markRateLimited(result, item.attempts, this.lang), attempts: item.attempts, rateLimited: true };
    }
    return { key: job.key, result, attempts: item.attempts, rateLimited: false };
  }

  async close(): Promise<void> {
    await this.limiter.close();
  }
}
