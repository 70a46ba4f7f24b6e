// The distributed engine: host jobs on a BullMQ queue in Redis, taken by `mailtls worker` processes on any machine.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { MailtlsError } from '../errors.js';
import { finding } from './messages.js';
import type { Lang } from '../i18n/lang.js';
import { classifyAddress } from '../net/address.js';
import { sanitize } from '../net/sanitize.js';
import { isRateLimited, markRateLimited, type ScanEngine } from './engine.js';
import { emptyHostResult } from './join.js';
import { RedisIpLimiter } from './limiter-redis.js';
import { DEFAULT_POLITENESS, type HostJob, type HostOutcome, type HostResult, type Politeness, type ScanProbe } from './types.js';

import { DEFAULT_QUEUE_NAME } from './queue-name.js';

export { DEFAULT_QUEUE_NAME };

/** Where the queue lives. */
export interface QueueConfig {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** BullMQ queue name (default `mailtls-scan`). */
  name?: string;
}

/** What a job carries: the host, and which scan it belongs to (payloads stay tiny; results go to our own hash). */
interface JobData extends HostJob {
  scanId: string;
}

/** What the coordinator tells workers through Redis, so every worker probes the same way. */
export interface ScanMeta {
  scanId: string;
  politeness: Politeness;
  /** Options for the workers' probe (EHLO name, timeouts, port...), opaque to the engine. */
  probe: Record<string, unknown>;
  lang: Lang;
}

/** Opens an ioredis connection as BullMQ wants it; a bad URL is a usage error. */
export function connectRedis(url: string): Redis {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MailtlsError('EUSAGE', `--queue must be a redis:// URL, not "${sanitize(url, 100)}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new MailtlsError('EUSAGE', `--queue must be a redis:// URL, not "${sanitize(url, 100)}"`);
  const r = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, connectTimeout: 5000 });
  r.on('error', () => undefined); // reported where a command fails
  return r;
}

/**
 * Checks within `timeoutMs` that Redis at `url` answers PING (one connection, no retries), so a scan or worker facing
 * an unreachable Redis says so instead of waiting forever; throws ECONNECT naming the URL (without its password).
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  connectRedis(url).disconnect(); // the URL check (EUSAGE) only
  const shown = sanitize(url.replace(/\/\/[^@]*@/, '//'), 100);
  const r = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let last = '';
  r.on('error', (e: Error) => {
    last = (e as NodeJS.ErrnoException).code ?? e.message;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      r.connect().then(() => r.ping()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (e) {
    const why = last || (e as NodeJS.ErrnoException).code || (e as Error).message;
    throw new MailtlsError('ECONNECT', `cannot reach Redis at ${shown}: ${sanitize(why, 200)}; is redis-server running there and reachable from this machine?`);
  } finally {
    clearTimeout(timer);
    r.disconnect();
  }
}

/** The Redis keys of one scan (hash tags keep a scan's keys on one cluster slot). */
function scanKeys(queue: string, scanId: string) {
  const base = `mailtls:${queue}:{${scanId}}`;
  return { results: `${base}:results`, done: `${base}:done`, meta: `mailtls:${queue}:meta:${scanId}`, ipPrefix: `mailtls:${queue}:ip` };
}

/** Records a result once: HSETNX wins once, and only the winner announces it on the done list. */
const RECORD = `
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return 1
end
return 0
`;

const RESULT_TTL_MS = 14 * 24 * 3600 * 1000;

interface StoredOutcome {
  result: HostResult;
  attempts: number;
  rateLimited: boolean;
}

async function record(redis: Redis, keys: ReturnType<typeof scanKeys>, key: string, o: StoredOutcome): Promise<boolean> {
  return (await redis.eval(RECORD, 2, keys.results, keys.done, key, JSON.stringify(o), RESULT_TTL_MS)) === 1;
}

const jobIdOf = (scanId: string, key: string): string => createHash('sha256').update(`${scanId}\n${key}`).digest('hex').slice(0, 32);

/** Orders jobs so that consecutive ones hit different IPs (fewer lease collisions among workers). */
function interleaveByIp<T extends HostJob>(jobs: readonly T[]): T[] {
  const byIp = new Map<string, T[]>();
  for (const j of jobs) {
    const l = byIp.get(j.ip);
    if (l) l.push(j);
    else byIp.set(j.ip, [j]);
  }
  const lists = [...byIp.values()];
  const out: T[] = [];
  for (let i = 0; out.length < jobs.length; i++) for (const l of lists) if (i < l.length) out.push(l[i] as T);
  return out;
}

export interface BullmqEngineOptions extends QueueConfig {
  /** Stable id of this scan (kept in the SQLite file, so a resumed scan finds its results again). */
  scanId: string;
  politeness?: Partial<Politeness>;
  probeOptions?: Record<string, unknown>;
  lang?: Lang;
  /** How often to look for results when none arrived (default 200 ms). */
  pollMs?: number;
}

/** The coordinator side: puts jobs on the queue and gathers results from Redis as workers finish them. */
export class BullmqEngine implements ScanEngine {
  readonly name = 'bullmq';
  private readonly redis: Redis;
  private readonly queue: Queue<JobData>;
  private readonly keys: ReturnType<typeof scanKeys>;
  private readonly p: Politeness;
  readonly queueName: string;

  constructor(private readonly o: BullmqEngineOptions) {
    this.queueName = o.name ?? DEFAULT_QUEUE_NAME;
    this.redis = connectRedis(o.url);
    this.queue = new Queue<JobData>(this.queueName, { connection: this.redis });
    this.queue.on('error', () => undefined);
    this.keys = scanKeys(this.queueName, o.scanId);
    this.p = { ...DEFAULT_POLITENESS, ...o.politeness };
  }

  async run(jobs: readonly HostJob[], onResult: (o: HostOutcome) => void, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const meta: ScanMeta = { scanId: this.o.scanId, politeness: this.p, probe: this.o.probeOptions ?? {}, lang: this.o.lang ?? 'en' };
    await this.redis.set(this.keys.meta, JSON.stringify(meta), 'PX', RESULT_TTL_MS);
    const pending = new Map(jobs.map((j) => [j.key, j]));
    const deliver = (key: string, raw: string | null): void => {
      if (raw === null || !pending.has(key)) return;
      pending.delete(key);
      const s = JSON.parse(raw) as StoredOutcome;
      onResult({ key, result: s.result, attempts: s.attempts, rateLimited: s.rateLimited });
    };
    // results recorded while the coordinator was away (resume)
    const keys = [...pending.keys()];
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const vals = await this.redis.hmget(this.keys.results, ...chunk);
      chunk.forEach((k, n) => deliver(k, vals[n] ?? null));
    }
    // enqueue the rest; the job id makes a re-add of a waiting job a no-op
    const todo = interleaveByIp([...pending.values()]);
    for (let i = 0; i < todo.length && !opts.signal?.aborted; i += 500) {
      await this.queue.addBulk(
        todo.slice(i, i + 500).map((j) => ({
          name: 'host',
          data: { scanId: this.o.scanId, key: j.key, host: j.host, ip: j.ip, port: j.port },
          opts: {
            jobId: jobIdOf(this.o.scanId, j.key),
            attempts: this.p.retries + 1,
            backoff: { type: 'exponential', delay: this.p.retryDelayMs, jitter: 0.2 },
            removeOnComplete: true,
            removeOnFail: { age: 24 * 3600 },
          },
        })),
      );
    }
    // gather until every job has a result, or the caller stops waiting (jobs stay queued for the workers)
    let lastSweep = Date.now();
    while (pending.size > 0 && !opts.signal?.aborted) {
      const popped = (await this.redis.lpop(this.keys.done, 1000)) ?? [];
      if (popped.length > 0) {
        const vals = await this.redis.hmget(this.keys.results, ...popped);
        popped.forEach((k, n) => deliver(k, vals[n] ?? null));
        continue;
      }
      if (Date.now() - lastSweep > 2000) {
        lastSweep = Date.now();
        await this.sweepFailed(pending);
      }
      await new Promise((r) => setTimeout(r, this.o.pollMs ?? 200));
    }
  }

  /** A job that failed for good (stalled too often, lost) gets an inconclusive result rather than waiting forever. */
  private async sweepFailed(pending: Map<string, HostJob>): Promise<void> {
    const failed = await this.queue.getJobs(['failed'], 0, 200);
    for (const job of failed) {
      const d = job.data as JobData | undefined;
      if (!d || d.scanId !== this.o.scanId || !pending.has(d.key)) continue;
      const result = emptyHostResult(d.host, d.ip, d.port, null, [
        finding('scan.probe-error', this.o.lang ?? 'en', { host: d.host, ip: d.ip, reason: sanitize(job.failedReason ?? 'job failed', 200) }),
      ]);
      await record(this.redis, this.keys, d.key, { result, attempts: job.attemptsMade, rateLimited: false });
      await job.remove().catch(() => undefined);
    }
  }

  /** Jobs of any scan still waiting, delayed or running on the queue. */
  async backlog(): Promise<number> {
    const c = await this.queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  /**
   * Forgets the recorded results of these hosts (the first result is kept, HSETNX: an old one would be handed back at
   * once) and their finished jobs (a failed job kept for a day would make re-adding its id a no-op), so that a run
   * after `--retry-failed` probes them again. A job a worker still holds is left to finish.
   */
  async forget(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      await this.redis.hdel(this.keys.results, ...chunk);
      // (a thousand at a time on the one connection: pipelined, not a round trip each)
      await Promise.all(chunk.map((k) => this.queue.remove(jobIdOf(this.o.scanId, k)).catch(() => 0)));
    }
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    this.redis.disconnect();
  }
}

export interface WorkerOptions extends QueueConfig {
  /** The probe this worker runs, built from the scan's probe options (see ScanMeta.probe). */
  makeProbe: (probeOptions: Record<string, unknown>, lang: Lang) => ScanProbe;
  /** Jobs in flight in this worker (default 32). */
  concurrency?: number;
  /** Allow jobs whose address is private, loopback or link-local (the coordinator cannot grant this). */
  allowPrivate?: boolean;
  /** Lease TTL for the per-IP limiter (default 15 s) and BullMQ lock duration (default 30 s). */
  leaseTtlMs?: number;
  lockDurationMs?: number;
  /** Called after each job this worker recorded. */
  onRecorded?: (key: string, o: StoredOutcome) => void;
  /** Called when the Redis connection is lost (ioredis reconnects with back-off) and when it is back. */
  onRedis?: (state: 'lost' | 'back', detail: string) => void;
  /** How long stop() waits for jobs in flight before closing anyway (default 1000 ms; unfinished jobs return to the queue). */
  stopGraceMs?: number;
  signal?: AbortSignal;
}

export interface WorkerHandle {
  id: string;
  /** Resolves when the worker has stopped (after `stop()` or the signal). */
  done: Promise<{ jobs: number }>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts a worker: takes host jobs, holds a per-IP lease while probing, records each result once. */
export async function startWorker(o: WorkerOptions): Promise<WorkerHandle> {
  const queueName = o.name ?? DEFAULT_QUEUE_NAME;
  const redis = connectRedis(o.url);
  await redis.ping().catch((e: Error) => {
    redis.disconnect();
    throw new MailtlsError('ECONNECT', `cannot reach Redis at ${sanitize(o.url.replace(/\/\/[^@]*@/, '//'), 100)}: ${e.message}`);
  });
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let lost = false;
  redis.on('reconnecting', (delay: number) => {
    if (!lost) {
      lost = true;
      o.onRedis?.('lost', `${delay} ms`);
    }
  });
  redis.on('ready', () => {
    if (lost) {
      lost = false;
      o.onRedis?.('back', '');
    }
  });
  const metas = new Map<string, { meta: ScanMeta; probe: ScanProbe; limiter: RedisIpLimiter }>();
  let jobs = 0;

  const contextOf = async (scanId: string) => {
    let c = metas.get(scanId);
    if (c) return c;
    const raw = await redis.get(scanKeys(queueName, scanId).meta);
    if (!raw) throw new Error(`scan ${scanId} has no settings in Redis (expired?)`);
    const meta = JSON.parse(raw) as ScanMeta;
    const limiter = new RedisIpLimiter(redis, {
      perIp: meta.politeness.perIp,
      perIpRate: meta.politeness.perIpRate,
      prefix: scanKeys(queueName, scanId).ipPrefix,
      ...(o.leaseTtlMs ? { leaseTtlMs: o.leaseTtlMs } : {}),
    });
    c = { meta, probe: o.makeProbe(meta.probe, meta.lang), limiter };
    metas.set(scanId, c);
    return c;
  };

  const processor = async (job: Job<JobData>, token?: string): Promise<void> => {
    const d = job.data;
    const keys = scanKeys(queueName, d.scanId);
    if ((await redis.hexists(keys.results, d.key)) === 1) return; // done before (a worker died after recording)
    const { meta, probe, limiter } = await contextOf(d.scanId);
    const lang = meta.lang;
    const cls = classifyAddress(d.ip);
    if (cls !== 'public' && !o.allowPrivate) {
      const result = emptyHostResult(d.host, d.ip, d.port, null, [
        finding('scan.probe-error', lang, { host: d.host, ip: d.ip, reason: `${cls} address refused by this worker (start it with --allow-private)` }),
      ]);
      if (await record(redis, keys, d.key, { result, attempts: 0, rateLimited: false })) jobs++;
      return;
    }
    // wait briefly for the IP's lease; if it stays taken, give the slot back and come back later
    let got = await limiter.tryAcquire(d.ip);
    for (let i = 0; i < 4 && !('lease' in got) && got.waitMs < 300; i++) {
      await sleep(Math.min(got.waitMs, 25 + Math.random() * 50));
      got = await limiter.tryAcquire(d.ip);
    }
    if (!('lease' in got)) {
      await job.moveToDelayed(Date.now() + Math.min(got.waitMs, 60_000) + Math.round(Math.random() * 100), token);
      throw new DelayedError();
    }
    let result: HostResult;
    try {
      result = await probe.probeHost({ host: d.host, ip: d.ip, port: d.port, mxPreference: null });
    } catch (e) {
      result = emptyHostResult(d.host, d.ip, d.port, null, [
        finding('scan.probe-error', lang, { host: d.host, ip: d.ip, reason: sanitize((e as Error).message, 200) }),
      ]);
    } finally {
      await got.lease.release();
    }
    const attempts = job.attemptsMade + 1;
    let rateLimited = false;
    if (isRateLimited(result)) {
      const exhaustedKey = `${scanKeys(queueName, d.scanId).ipPrefix}:{${d.ip}}:exhausted`;
      if (attempts <= meta.politeness.retries && (await redis.exists(exhaustedKey)) === 0) {
        await limiter.penalize(d.ip, meta.politeness.retryDelayMs * 2 ** (attempts - 1));
        throw new Error(`${d.host} (${d.ip}) is rate-limiting; retry later`);
      }
      // this IP stayed busy through every retry: its other hosts get one attempt each (for an hour)
      await redis.set(exhaustedKey, '1', 'PX', 3_600_000);
      result = markRateLimited(result, attempts, lang);
      rateLimited = true;
    }
    const outcome = { result, attempts, rateLimited };
    if (await record(redis, keys, d.key, outcome)) {
      jobs++;
      o.onRecorded?.(d.key, outcome);
    }
  };

  const worker = new Worker<JobData>(queueName, processor, {
    connection: redis,
    concurrency: o.concurrency ?? 32,
    lockDuration: o.lockDurationMs ?? 30_000,
    stalledInterval: Math.max(1000, Math.floor((o.lockDurationMs ?? 30_000) / 2)),
    maxStalledCount: 5,
    autorun: true,
  });
  worker.on('error', () => undefined);
  await worker.waitUntilReady();

  let stopping: Promise<void> | null = null;
  let resolveDone!: (v: { jobs: number }) => void;
  const done = new Promise<{ jobs: number }>((r) => {
    resolveDone = r;
  });
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // jobs in flight get a short grace; after it the worker closes anyway and their locks expire back to the queue
      const closed = worker.close().then(
        () => true,
        () => true,
      );
      let timer: NodeJS.Timeout | undefined;
      const graceful = await Promise.race([
        closed,
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), o.stopGraceMs ?? 1000);
        }),
      ]);
      clearTimeout(timer);
      if (!graceful) void worker.close(true).catch(() => undefined);
      redis.disconnect();
      resolveDone({ jobs });
    })();
    return stopping;
  };
  o.signal?.addEventListener('abort', () => void stop(), { once: true });
  return { id, done, stop };
}

/** Reads a scan's recorded results straight from Redis (tests and `worker` diagnostics). */
export async function recordedResults(url: string, scanId: string, name = DEFAULT_QUEUE_NAME): Promise<Map<string, StoredOutcome>> {
  const redis = connectRedis(url);
  try {
    const all = await redis.hgetall(scanKeys(name, scanId).results);
    return new Map(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as StoredOutcome]));
  } finally {
    redis.disconnect();
  }
}
