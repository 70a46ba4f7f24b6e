// Distributed scan on a real redis-server: two worker processes, one SIGKILLed mid-scan; each host recorded exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullmqEngine, recordedResults } from '../../src/scan/engine-bullmq.js';
import { buildExport } from '../../src/scan/export.js';
import { RedisIpLimiter } from '../../src/scan/limiter-redis.js';
import { runScan } from '../../src/scan/scheduler.js';
import { ScanStore } from '../../src/scan/store.js';
import { fakeProbe, makeWorld } from './fake-probe.js';
import { startRedis, type RedisServer } from './redis.js';

let redis: RedisServer;
const dir = mkdtempSync(join(tmpdir(), 'mailtls-bullmq-'));
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  recorded: string[];
  ready: Promise<void>;
}

function spawnWorker(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/fake-worker.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const recorded: string[] = [];
  let buf = '';
  let onReady!: () => void;
  const ready = new Promise<void>((r) => {
    onReady = r;
  });
  child.stdout?.on('data', (b: Buffer) => {
    buf += b.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.startsWith('R ')) recorded.push(line.slice(2));
      else if (line.startsWith('READY')) onReady();
    }
  });
  return { child, recorded, ready };
}

const exited = (p: ChildProcess): Promise<void> => new Promise((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

describe('BullMQ engine', () => {
  it('lease limiter holds across connections and expires when its holder dies', async () => {
    const a = new Redis(redis.url);
    const b = new Redis(redis.url);
    const la = new RedisIpLimiter(a, { perIp: 1, perIpRate: 0, leaseTtlMs: 400, prefix: 't1' });
    const lb = new RedisIpLimiter(b, { perIp: 1, perIpRate: 0, leaseTtlMs: 400, prefix: 't1' });
    const got = await la.tryAcquire('127.0.0.9');
    expect('lease' in got).toBe(true);
    const other = await lb.tryAcquire('127.0.0.9');
    expect(other).toMatchObject({ reason: 'busy' });
    expect('lease' in (await lb.tryAcquire('127.0.0.10'))).toBe(true);
    // a holder that dies stops renewing: simulate by disconnecting its client, then wait out the TTL
    a.disconnect();
    await new Promise((r) => setTimeout(r, 700));
    expect('lease' in (await lb.tryAcquire('127.0.0.9'))).toBe(true);
    await lb.penalize('127.0.0.11', 5000);
    expect(await lb.tryAcquire('127.0.0.11')).toMatchObject({ reason: 'backoff' });
    b.disconnect();
  });

  it('two workers, one killed mid-scan: every host done exactly once, results equal a single-machine scan', async () => {
    const DOMAINS = 240;
    const IPS = 12;
    const DELAY = 10;
    const world = makeWorld(DOMAINS, IPS);
    const targets = [...world.mx.keys()];

    // reference: the same scan on one machine
    const local = join(dir, 'local.sqlite');
    await runScan({ db: local, targets, probe: fakeProbe(world, 0).probe, politeness: { perIpRate: 0 } });

    const w1 = spawnWorker([redis.url, String(DOMAINS), String(IPS), String(DELAY)]);
    const w2 = spawnWorker([redis.url, String(DOMAINS), String(IPS), String(DELAY)]);
    await Promise.all([w1.ready, w2.ready]);

    const db = join(dir, 'dist.sqlite');
    const engine = new BullmqEngine({ url: redis.url, scanId: 'test-kill', politeness: { perIpRate: 0, perIp: 1 }, pollMs: 50 });
    let killed = false;
    let seen = 0;
    const run = await runScan({
      db,
      targets,
      probe: fakeProbe(world, 0).probe,
      engine,
      onHost: () => {
        if (++seen === 40 && !killed) {
          killed = true;
          w1.child.kill('SIGKILL');
        }
      },
    });
    await engine.close();
    w2.child.kill('SIGTERM');
    await Promise.all([exited(w1.child), exited(w2.child)]);

    expect(killed).toBe(true);
    expect(run.complete).toBe(true);
    const all = [...w1.recorded, ...w2.recorded];
    expect(new Set(all).size).toBe(all.length); // nothing recorded twice
    expect(w2.recorded.length).toBeGreaterThan(0);

    const sDist = new ScanStore(db);
    const sLocal = new ScanStore(local);
    const hostsDist = sDist.counts().hosts;
    // Redis holds exactly one recorded result per host (HSETNX); the workers announced each at most once — the killed
    // one may have died between recording and printing, so its last few lines can be missing, never doubled
    const recorded = await recordedResults(redis.url, 'test-kill');
    expect(recorded.size).toBe(hostsDist);
    expect(all.every((k) => recorded.has(k))).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(hostsDist - 8);
    const strip = (e: ReturnType<typeof buildExport>) => e.domains.map((d) => ({ ...d, mx: d.mx.map((h) => ({ ...h, elapsedMs: 0 })) }));
    const dist = buildExport(sDist);
    const ref = buildExport(sLocal);
    sDist.close();
    sLocal.close();
    expect(dist.summary).toEqual(ref.summary);
    expect(strip(dist)).toEqual(strip(ref));
  });

  it('--retry-failed through the queue: the hosts that stayed busy are probed again, not answered from Redis', async () => {
    const DOMAINS = 24;
    const IPS = 4;
    const world = makeWorld(DOMAINS, IPS);
    const targets = [...world.mx.keys()];
    const busy = '127.0.3.1';
    const politeness = { perIpRate: 0, perIp: 1, retries: 0, retryDelayMs: 10 };
    const db = join(dir, 'retry.sqlite');
    const engineFor = () => new BullmqEngine({ url: redis.url, scanId: 'test-retry', politeness, pollMs: 50 });

    // first run: one address answers 421 every time, its hosts end inconclusive
    const w1 = spawnWorker([redis.url, String(DOMAINS), String(IPS), '0'], { FAKE_BUSY_IPS: busy });
    await w1.ready;
    let engine = engineFor();
    const first = await runScan({ db, targets, probe: fakeProbe(world, 0).probe, engine, politeness });
    await engine.close();
    w1.child.kill('SIGTERM');
    await exited(w1.child);
    expect(first.complete).toBe(true);
    const busyHosts = first.failed.hosts;
    expect(busyHosts).toBeGreaterThan(0);
    expect(first.summary.verdicts.inconclusive).toBeGreaterThan(0);

    // the address is back; a worker that sees it healthy, and the scan taken up again
    const w2 = spawnWorker([redis.url, String(DOMAINS), String(IPS), '0']);
    await w2.ready;
    engine = engineFor();
    let plan: { retried: { hosts: number }; pendingHosts: number } | undefined;
    const retry = await runScan({ db, targets, probe: fakeProbe(world, 0).probe, engine, politeness, retryFailed: true, onPlan: (p) => (plan = p) });
    await engine.close();
    w2.child.kill('SIGTERM');
    await exited(w2.child);
    expect(plan?.retried.hosts).toBe(busyHosts);
    expect(plan?.pendingHosts).toBe(busyHosts);
    expect(w2.recorded).toHaveLength(busyHosts); // probed again by the worker, each once
    expect(retry.complete).toBe(true);
    expect(retry.failed).toEqual({ targets: 0, hosts: 0 });
    expect(retry.summary.verdicts.inconclusive).toBe(0);
  });
});
