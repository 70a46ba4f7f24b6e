// The engine port: who runs the host jobs (in this process, or BullMQ workers on many machines) and hands back results.
import { finding } from './messages.js';
import type { Lang } from '../i18n/lang.js';
import type { HostJob, HostOutcome, HostResult, Politeness } from './types.js';

/** Runs host jobs to completion; each finished job is reported once through `onResult`. */
export interface ScanEngine {
  readonly name: string;
  /**
   * Runs `jobs` (already deduplicated; none of them done yet) and resolves when every one has a result, or when
   * `signal` aborts (then the unfinished ones stay pending for the next run).
   */
  run(jobs: readonly HostJob[], onResult: (o: HostOutcome) => void, opts?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Forgets what the engine keeps of these host jobs from earlier runs (results recorded elsewhere, finished jobs), so
   * that running them again probes them again (`--retry-failed`). Engines that keep nothing need not have it.
   */
  forget?(keys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** SMTP reply codes that mean "come back later" rather than "no". */
const BUSY_CODES = /^(421|450|451|452|554[- ].*(too many|rate|busy|limit))/i;
/** True when a host answered "busy / too many connections / try later" instead of speaking TLS. */
export function isRateLimited(r: HostResult): boolean {
  if (r.smtp.banner !== null && BUSY_CODES.test(r.smtp.banner.trim())) return true;
  return r.throttled === true;
}

/** The recorded result of a host that stayed busy through every retry: inconclusive, with a finding saying why. */
export function markRateLimited(r: HostResult, attempts: number, lang: Lang): HostResult {
  return {
    ...r,
    verdict: 'inconclusive',
    throttled: true,
    findings: [...r.findings, finding('scan.rate-limited', lang, { host: r.host, ip: r.ip, attempts })],
  };
}

/** The back-off before retry number `attempt` (1-based): doubling from `retryDelayMs`, with ±20 % jitter. */
export function backoffMs(p: Politeness, attempt: number, rand: () => number = Math.random): number {
  const base = p.retryDelayMs * 2 ** (attempt - 1);
  return Math.round(base * (0.8 + 0.4 * rand()));
}
