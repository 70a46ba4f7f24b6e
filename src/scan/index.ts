// Public API of bulk scanning: targets, store, engines (in-process, BullMQ), the scheduler and the exports.
export { parseTargets, normalizeTarget, type TargetsOptions, type ParsedTargets } from './targets.js';
export { ScanStore, BatchWriter, SCHEMA_VERSION as SCAN_SCHEMA_VERSION, type StoreCounts, type DomainRow, type Aggregate } from './store.js';
export { runScan, type ScanOptions, type ScanRun, type ScanProgress, type ScanPlan } from './scheduler.js';
export { isRateLimited, type ScanEngine } from './engine.js';
export { LocalEngine } from './engine-local.js';
// BullMQ and ioredis take ~150 ms to load: the engine and the worker come through loadBullmq() (or the `mailtls/bullmq`
// entry), so that importing mailtls for anything else does not load them.
export type { BullmqEngine, QueueConfig, BullmqEngineOptions, WorkerOptions as ScanWorkerOptions, WorkerHandle as ScanWorkerHandle } from './engine-bullmq.js';
export { DEFAULT_QUEUE_NAME } from './queue-name.js';
/** The BullMQ engine module (BullmqEngine, startWorker, recordedResults), loaded on first use. */
export const loadBullmq = (): Promise<typeof import('./engine-bullmq.js')> => import('./engine-bullmq.js');
export { LocalIpLimiter, type IpLimiter, type Lease as IpLease } from './limiter.js';
export { RedisIpLimiter, type RedisLimiterOptions } from './limiter-redis.js';
export { realProbe } from './probe-adapter.js';
export { aggregate as aggregateTarget, providerOf } from './join.js';
export { summarize, buildExport, writeJsonExport, writeCsvExport, type ScanExport, type ScanSummary, type ScanDomain } from './export.js';
export {
  hostKey,
  DEFAULT_POLITENESS,
  type Politeness,
  type ScanProbe,
  type Resolved,
  type HostRef,
  type DomainHost,
  type HostJob,
  type HostOutcome,
} from './types.js';
export * as SCAN_MESSAGES from './messages.js';
