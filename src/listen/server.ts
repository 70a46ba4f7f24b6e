// listen(): the receiver as a library object — bind, accept within caps, record every session, stop cleanly.
import { EventEmitter, once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { mkdirSync } from 'node:fs';
import { MailtlsError } from '../errors.js';
import { generateCertificate } from '../tls/certs.js';
import { createSessionContext, type ContextSettings } from './context.js';
import { resolveLimits } from './limits.js';
import { receiverPolicy, type ReceiverPolicy } from './policy.js';
import { evictStalest, normalizeAddress, Session, type SessionContext } from './session.js';
import { WorkerPool } from './workers.js';
import type { ListenOptions, ReceiverLimits, SenderSummary, SessionRecord, Verdict } from './types.js';
import type { TlsVersion } from '../policy/exchange-online.js';

/** One self-signed certificate per host name per process: RSA key generation is the slow part of starting. */
const generated = new Map<string, Promise<{ cert: string; key: string }>>();

function selfSigned(name: string): Promise<{ cert: string; key: string }> {
  let p = generated.get(name);
  if (!p) {
    // RSA, because every Exchange Online suite is *_RSA_*: an ECDSA certificate could not serve them.
    p = generateCertificate({ commonName: name, key: 'rsa2048' }).then((c) => ({ cert: c.certPem, key: c.keyPem }));
    p.catch(() => generated.delete(name));
    generated.set(name, p);
  }
  return p;
}

/** Sessions buffered per iterator that nobody consumes, before the oldest are dropped. */
const ITERATOR_BUFFER = 10_000;
/** Distinct senders kept for the summary. */
const MAX_SENDERS = 10_000;
/** Upper bound for listen({ workers }). */
export const MAX_WORKERS = 64;

interface Waiter {
  queue: SessionRecord[];
  wake: (() => void) | null;
}

export interface ListenerEvents {
  session: [SessionRecord];
  end: [];
}

/** A running receiver. Emits 'session' (one SessionRecord per ended connection) and 'end'. */
export class Listener extends EventEmitter<ListenerEvents> {
  /** Where it listens (the actual port when 0 was asked). */
  readonly address: AddressInfo;
  readonly policy: ReceiverPolicy;
  readonly hostname: string;
  /** -TlsSenderCertificateName of the inbound connector this listener plays, or null. */
  readonly connectorName: string | null;
  /** True when the certificate was generated (self-signed) rather than given. */
  readonly selfSignedCertificate: boolean;
  /** Resolves when the listener has stopped and every session has been reported. */
  readonly done: Promise<void>;
  /** Sessions running in this process (all of them without workers; only capacity refusals with workers). */
  private readonly active = new Set<Session>();
  private readonly perClient = new Map<string, number>();
  private readonly senders = new Map<string, SenderSummary>();
  private readonly waiters = new Set<Waiter>();
  private accepted = 0;
  private stopping = false;
  private ending = false;
  private ended = false;
  private resolveDone!: () => void;
  private timer: NodeJS.Timeout | null = null;

  /** @internal use listen() */
  constructor(
    private readonly server: Server,
    private readonly ctx: SessionContext,
    private readonly maxSessions: number,
    selfSignedCert: boolean,
    private readonly pool: WorkerPool | null = null,
  ) {
    super();
    this.address = server.address() as AddressInfo;
    this.policy = ctx.policy;
    this.hostname = ctx.hostname;
    this.connectorName = ctx.connector
      ? `${ctx.connector.tlsSenderCertificateName.wildcard ? '*.' : ''}${ctx.connector.tlsSenderCertificateName.domain}`
      : null;
    this.selfSignedCertificate = selfSignedCert;
    this.done = new Promise((r) => (this.resolveDone = r));
    server.on('connection', (s) => this.onConnection(s));
  }

  /** Stops after `ms` (the --duration option). */
  stopAfter(ms: number): void {
    this.timer = setTimeout(() => void this.close(), ms);
  }

  private onConnection(socket: Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const lim = this.ctx.limits;
    const pool = this.pool;
    // With workers, server.maxConnections cannot see the handed-over sockets (Node stops counting a socket once it is
    // sent to a child), so the TCP-level refusal beyond twice the session cap is done here.
    if (pool && this.activeSessions >= lim.maxConnections * 2) {
      socket.destroy();
      return;
    }
    this.accepted++;
    const ip = normalizeAddress(socket.remoteAddress);
    const mine = this.perClient.get(ip) ?? 0;
    // Sessions already refused or evicted are on their way out and do not hold a slot.
    if (this.activeSessions - this.leavingCount() >= lim.maxConnections && mine < lim.maxConnectionsPerClient) evictStalest(this.active);
    const atCapacity = this.activeSessions - this.leavingCount() >= lim.maxConnections || mine >= lim.maxConnectionsPerClient;
    this.perClient.set(ip, mine + 1);
    // Accepting in the primary (rather than cluster-style accepting in every worker) costs one handle transfer per
    // connection, but it is what lets the total and per-client caps count every session, whichever worker runs it;
    // refusals at capacity are answered here, the rest go to the least busy worker.
    const handed =
      pool !== null &&
      !atCapacity &&
      pool.dispatch(socket, {
        onRecord: (r) => this.onSessionDone(null, ip, r),
        onLost: () => this.onSessionDone(null, ip, null),
      });
    if (!handed) {
      const session = new Session(socket, this.ctx, (r) => this.onSessionDone(session, ip, r));
      this.active.add(session);
      session.start(atCapacity);
      if (pool) socket.resume(); // the server pauses new sockets (pauseOnConnect) so none of their bytes are read here
    }
    if (this.maxSessions > 0 && this.accepted >= this.maxSessions) this.stopAccepting();
  }

  /** A session ended: release its caps and report it (`r` null: a worker died with it, nothing to report). */
  private onSessionDone(session: Session | null, ip: string, r: SessionRecord | null): void {
    if (session) this.active.delete(session);
    const n = (this.perClient.get(ip) ?? 1) - 1;
    if (n <= 0) this.perClient.delete(ip);
    else this.perClient.set(ip, n);
    if (r === null) {
      if (this.stopping && this.activeSessions === 0) this.end();
      return;
    }
    this.summarise(r);
    for (const w of this.waiters) {
      if (w.queue.length >= ITERATOR_BUFFER) w.queue.shift();
      w.queue.push(r);
      w.wake?.();
    }
    this.emit('session', r);
    if (this.stopping && this.activeSessions === 0) this.end();
  }

  /** Sessions in this process that were refused at capacity or evicted and are closing. */
  private leavingCount(): number {
    let n = 0;
    for (const s of this.active) if (s.leaving) n++;
    return n;
  }

  private summarise(r: SessionRecord): void {
    let s = this.senders.get(r.remoteAddress);
    if (!s) {
      if (this.senders.size >= MAX_SENDERS) return;
      s = {
        remoteAddress: r.remoteAddress,
        sessions: 0,
        pass: 0,
        fail: 0,
        inconclusive: 0,
        maxVersions: [],
        negotiated: [],
        ehlo: null,
        findingIds: [],
        verdict: 'inconclusive',
        lastSeen: r.endedAt,
      };
      this.senders.set(r.remoteAddress, s);
    }
    s.sessions++;
    s[r.verdict]++;
    const add = <T>(list: T[], v: T | null | undefined): void => {
      if (v !== null && v !== undefined && !list.includes(v)) list.push(v);
    };
    add<TlsVersion>(s.maxVersions, r.clientHello?.maxVersion);
    add<TlsVersion>(s.negotiated, r.negotiated?.version);
    for (const f of r.findings) add(s.findingIds, f.id);
    s.ehlo = r.ehlo ?? s.ehlo;
    s.lastSeen = r.endedAt;
    const v: Verdict = s.fail > 0 ? 'fail' : s.pass > 0 ? 'pass' : 'inconclusive';
    s.verdict = v;
  }

  /** The verdict per sender so far (client IP), in order of first contact. */
  summary(): SenderSummary[] {
    return [...this.senders.values()].map((s) => ({ ...s, maxVersions: [...s.maxVersions], negotiated: [...s.negotiated], findingIds: [...s.findingIds] }));
  }

  /** Number of sessions in progress (in this process and in its workers). */
  get activeSessions(): number {
    return this.active.size + (this.pool?.active ?? 0);
  }

  /** Process ids of the running worker processes (empty without workers, and once the listener has ended). */
  get workerPids(): number[] {
    return this.pool?.pids ?? [];
  }

  /**
   * An async iterator over sessions that end from now on; it finishes when the listener ends.
   * Each call gives an independent iterator (up to 10 000 unread sessions are buffered, then the oldest dropped).
   */
  sessions(): AsyncIterableIterator<SessionRecord> {
    const w: Waiter = { queue: [], wake: null };
    if (!this.ended) this.waiters.add(w);
    const next = async (): Promise<IteratorResult<SessionRecord>> => {
      for (;;) {
        const r = w.queue.shift();
        if (r) return { value: r, done: false };
        if (this.ended || !this.waiters.has(w)) return { value: undefined, done: true };
        await new Promise<void>((res) => (w.wake = res));
        w.wake = null;
      }
    };
    const it: AsyncIterableIterator<SessionRecord> = {
      next,
      return: async () => {
        this.waiters.delete(w);
        w.wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SessionRecord> {
    return this.sessions();
  }

  private stopAccepting(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.server.close();
    if (this.activeSessions === 0) this.end();
  }

  /**
   * Stops accepting, ends open sessions with 421, and resolves once every session has been reported (and every worker
   * process has exited).
   */
  async close(): Promise<void> {
    this.stopAccepting();
    for (const s of this.active) s.shutdown();
    this.pool?.shutdown();
    await this.done;
  }

  private end(): void {
    if (this.ending) return;
    this.ending = true;
    if (this.timer) clearTimeout(this.timer);
    const finish = (): void => {
      this.ended = true;
      for (const w of this.waiters) w.wake?.();
      this.emit('end');
      this.resolveDone();
    };
    if (this.pool) void this.pool.stop().then(finish);
    else finish();
  }
}

/** Starts a receiver; resolves once it is bound. */
export async function listen(opts: ListenOptions = {}): Promise<Listener> {
  const policy = receiverPolicy(opts.policy ?? 'exchange-online', opts.tls);
  const limits: ReceiverLimits = resolveLimits(opts.limits);
  const host = opts.hostname ?? osHostname() ?? 'localhost';
  const workers = opts.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    throw new MailtlsError('EUSAGE', `workers wants a whole number from 1 to ${MAX_WORKERS}, got ${workers}`);
  if ((opts.cert === undefined) !== (opts.key === undefined)) throw new MailtlsError('EUSAGE', 'give both a certificate and a key, or neither');
  const material = opts.cert !== undefined && opts.key !== undefined ? { cert: opts.cert, key: opts.key } : await selfSigned(host);
  if (opts.keepDir) {
    try {
      mkdirSync(opts.keepDir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new MailtlsError('EIO', `cannot create ${opts.keepDir}: ${(e as Error).message}`);
    }
  }
  const settings: ContextSettings = {
    policy: policy.name,
    ...(opts.tls ? { tls: opts.tls } : {}),
    hostname: host,
    limits,
    cert: material.cert,
    key: material.key,
    keepDir: opts.keepDir ?? null,
    keepMaxCount: limits.keepMaxCount,
    lang: opts.lang ?? 'en',
    starttls: opts.starttls !== false,
    accept: Boolean(opts.accept),
    ...(opts.connector ? { connector: opts.connector } : {}),
  };
  // Built here in every case: it checks the certificate before anything starts, and runs the capacity refusals.
  const ctx: SessionContext = createSessionContext(workers > 1 ? { ...settings, keepMaxCount: 0 } : settings);
  let pool: WorkerPool | null = null;
  if (workers > 1) {
    // Each worker keeps its share of keepMaxCount, so together they never keep more than the cap.
    const share = (i: number): number => Math.floor(limits.keepMaxCount / workers) + (i < limits.keepMaxCount % workers ? 1 : 0);
    try {
      pool = await WorkerPool.start(workers, (i) => ({ ...settings, keepMaxCount: share(i) }));
    } catch (e) {
      throw new MailtlsError('EIO', `cannot start listener workers: ${(e as Error).message}`);
    }
  }
  // With workers, accepted sockets stay paused until a worker reads them: no byte is consumed in the primary.
  const server = createServer({ noDelay: true, pauseOnConnect: pool !== null });
  // Beyond twice the session cap, refuse at the TCP level: answering 421 still costs a socket each.
  server.maxConnections = limits.maxConnections * 2;
  const bindHost = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 2525;
  server.listen({ host: bindHost, port, backlog: 511 });
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e as Error))]);
  } catch (e) {
    await pool?.stop();
    const err = e as NodeJS.ErrnoException;
    throw new MailtlsError('ECONNECT', `cannot listen on ${bindHost}:${port}: ${err.code ?? err.message}`, { code: err.code });
  }
  const listener = new Listener(server, ctx, opts.maxSessions ?? 0, opts.cert === undefined, pool);
  if (opts.durationMs && opts.durationMs > 0) listener.stopAfter(opts.durationMs);
  if (opts.signal) {
    if (opts.signal.aborted) void listener.close();
    else opts.signal.addEventListener('abort', () => void listener.close(), { once: true });
  }
  return listener;
}
