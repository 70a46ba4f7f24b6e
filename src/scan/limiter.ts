// Per-IP politeness: at most N probes in flight per address and a minimum spacing between starts (one process).

/** A held slot on one IP; release it when the probe ends. */
export interface Lease {
  readonly ip: string;
  release(): Promise<void>;
}

/** Either a lease, or how long to wait before asking again. */
export type Acquired = { lease: Lease } | { waitMs: number; reason: 'busy' | 'rate' | 'backoff' };

/** The limiter both engines use: the in-process one below, or the Redis one for many workers. */
export interface IpLimiter {
  tryAcquire(ip: string): Promise<Acquired>;
  /** Keeps the IP closed for `ms` (after a "too many connections" answer). */
  penalize(ip: string, ms: number): Promise<void>;
  close(): Promise<void>;
}

interface IpState {
  active: number;
  nextStart: number;
  closedUntil: number;
}

/** In-process limiter: exact, synchronous underneath, no I/O. */
export class LocalIpLimiter implements IpLimiter {
  private readonly ips = new Map<string, IpState>();
  private readonly spacingMs: number;

  constructor(
    private readonly perIp: number,
    perIpRate: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.spacingMs = perIpRate > 0 ? 1000 / perIpRate : 0;
  }

  private state(ip: string): IpState {
    let s = this.ips.get(ip);
    if (!s) {
      s = { active: 0, nextStart: 0, closedUntil: 0 };
      this.ips.set(ip, s);
    }
    return s;
  }

  /** Synchronous form, used by the in-process engine's dispatcher. */
  acquireNow(ip: string): Acquired {
    const s = this.state(ip);
    const t = this.clock();
    if (s.closedUntil > t) return { waitMs: s.closedUntil - t, reason: 'backoff' };
    if (s.active >= this.perIp) return { waitMs: 0, reason: 'busy' };
    if (s.nextStart > t) return { waitMs: s.nextStart - t, reason: 'rate' };
    s.active++;
    s.nextStart = t + this.spacingMs;
    let released = false;
    return {
      lease: {
        ip,
        release: async () => {
          if (released) return;
          released = true;
          s.active--;
          if (s.active === 0 && s.nextStart <= this.clock() && s.closedUntil <= this.clock()) this.ips.delete(ip);
        },
      },
    };
  }

  async tryAcquire(ip: string): Promise<Acquired> {
    return this.acquireNow(ip);
  }

  async penalize(ip: string, ms: number): Promise<void> {
    const s = this.state(ip);
    s.closedUntil = Math.max(s.closedUntil, this.clock() + ms);
  }

  /** Probes in flight on an IP (tests). */
  active(ip: string): number {
    return this.ips.get(ip)?.active ?? 0;
  }

  async close(): Promise<void> {
    this.ips.clear();
  }
}
