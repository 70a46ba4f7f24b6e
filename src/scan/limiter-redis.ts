// Per-IP politeness across many workers: a Lua-scripted lease per IP in Redis, with a TTL so a dead worker's lease expires.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Acquired, IpLimiter, Lease } from './limiter.js';

/**
 * KEYS: lease zset (token → expiry ms), next-start key (rate), closed key (back-off).
 * ARGV: token, perIp, spacingMs, ttlMs. Clock: Redis TIME, so workers' clocks never disagree.
 * Returns {1, 0} for a lease, or {0, waitMs, reason}.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local closed = redis.call('PTTL', KEYS[3])
if closed > 0 then return {0, closed, 'backoff'} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(first[2]) - now, 'busy'}
end
local nx = redis.call('PTTL', KEYS[2])
if nx > 0 then return {0, nx, 'rate'} end
local ttl = tonumber(ARGV[4])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl * 2)
local spacing = tonumber(ARGV[3])
if spacing > 0 then redis.call('SET', KEYS[2], '1', 'PX', spacing) end
return {1, 0, 'ok'}
`;

/** KEYS: lease zset; ARGV: token, ttlMs. Extends a live lease; 0 when it had already expired. */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
local n = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return n
`;

/** KEYS: closed key; ARGV: ms. Closes the IP for at least ms (never shortens a longer back-off). */
const PENALIZE = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1
`;

export interface RedisLimiterOptions {
  perIp: number;
  perIpRate: number;
  /** Lease lifetime; renewed every third of it while the probe runs (default 15 s). */
  leaseTtlMs?: number;
  /** Key prefix, e.g. `bull:mailtls-scan:mailtls:ip` (default `mailtls:ip`). */
  prefix?: string;
}

/** The Redis limiter: the same contract as LocalIpLimiter, shared by every worker on the queue. */
export class RedisIpLimiter implements IpLimiter {
  private readonly ttl: number;
  private readonly prefix: string;
  private readonly spacing: number;

  constructor(
    private readonly redis: Redis,
    private readonly o: RedisLimiterOptions,
  ) {
    this.ttl = o.leaseTtlMs ?? 15_000;
    this.prefix = o.prefix ?? 'mailtls:ip';
    this.spacing = o.perIpRate > 0 ? Math.ceil(1000 / o.perIpRate) : 0;
  }

  private keys(ip: string): [string, string, string] {
    const k = `${this.prefix}:{${ip}}`;
    return [`${k}:leases`, `${k}:next`, `${k}:closed`];
  }

  async tryAcquire(ip: string): Promise<Acquired> {
    const token = randomUUID();
    const [leases, next, closed] = this.keys(ip);
    const r = (await this.redis.eval(ACQUIRE, 3, leases, next, closed, token, this.o.perIp, this.spacing, this.ttl)) as [number, number, string];
    if (r[0] !== 1) return { waitMs: Math.max(1, Number(r[1])), reason: r[2] as 'busy' | 'rate' | 'backoff' };
    let released = false;
    const timer = setInterval(
      () => {
        void this.redis.eval(RENEW, 1, leases, token, this.ttl).catch(() => undefined);
      },
      Math.max(100, Math.floor(this.ttl / 3)),
    );
    timer.unref();
    const lease: Lease = {
      ip,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        await this.redis.zrem(leases, token);
      },
    };
    return { lease };
  }

  async penalize(ip: string, ms: number): Promise<void> {
    await this.redis.eval(PENALIZE, 1, this.keys(ip)[2], Math.max(1, Math.round(ms)));
  }

  /** Leases currently held on an IP (tests and diagnostics). */
  async held(ip: string): Promise<number> {
    const [leases] = this.keys(ip);
    const t = await this.redis.time();
    return this.redis.zcount(leases, Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000), '+inf');
  }

  async close(): Promise<void> {
    // the connection belongs to the caller
  }
}
