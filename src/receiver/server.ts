// listen(): the receiver as a library object — bind, accept within caps, record every session, stop cleanly.
import { EventEmitter, once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import { hostname as osHostname } from 'node:os';
import { mkdirSync } from 'node:fs';
import { MailtlsError } from '../errors.js';
import { generateCertificate } from '../tls/certs.js';
import { resolveLimits } from './limits.js';
import { Keeper } from './keep.js';
import { receiverPolicy, secureContextOptions, type ReceiverPolicy } from './policy.js';
import { evictStalest, normalizeAddress, Session, type SessionContext } from './session.js';
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
  /** True when the certificate was generated (self-signed) rather than given. */
  readonly selfSignedCertificate: boolean;
  /** Resolves when the listener has stopped and every session has been reported. */
  readonly done: Promise<void>;
  private readonly active = new Set<Session>();
  private readonly perClient = new Map<string, number>();
  private readonly senders = new Map<string, SenderSummary>();
  private readonly waiters = new Set<Waiter>();
  private accepted = 0;
  private stopping = false;
  private ended = false;
  private resolveDone!: () => void;
  private timer: NodeJS.Timeout | null = null;

  /** @internal use listen() */
  constructor(
    private readonly server: Server,
    private readonly ctx: SessionContext,
    private readonly maxSessions: number,
    selfSignedCert: boolean,
  ) {
    super();
    this.address = server.address() as AddressInfo;
    this.policy = ctx.policy;
    this.hostname = ctx.hostname;
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
    this.accepted++;
    const ip = normalizeAddress(socket.remoteAddress);
    const lim = this.ctx.limits;
    const mine = this.perClient.get(ip) ?? 0;
    // Sessions already refused or evicted are on their way out and do not hold a slot.
    if (this.active.size - this.leavingCount() >= lim.maxConnections && mine < lim.maxConnectionsPerClient) evictStalest(this.active);
    const atCapacity = this.active.size - this.leavingCount() >= lim.maxConnections || mine >= lim.maxConnectionsPerClient;
    const session = new Session(socket, this.ctx, (r) => this.onSessionDone(session, ip, r));
    this.active.add(session);
    this.perClient.set(ip, mine + 1);
    session.start(atCapacity);
    if (this.maxSessions > 0 && this.accepted >= this.maxSessions) this.stopAccepting();
  }

  private onSessionDone(session: Session, ip: string, r: SessionRecord): void {
    this.active.delete(session);
    const n = (this.perClient.get(ip) ?? 1) - 1;
    if (n <= 0) this.perClient.delete(ip);
    else this.perClient.set(ip, n);
    this.summarise(r);
    for (const w of this.waiters) {
      if (w.queue.length >= ITERATOR_BUFFER) w.queue.shift();
      w.queue.push(r);
      w.wake?.();
    }
    this.emit('session', r);
    if (this.stopping && this.active.size === 0) this.end();
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
      s = { remoteAddress: r.remoteAddress, sessions: 0, pass: 0, fail: 0, inconclusive: 0, maxVersions: [], negotiated: [], ehlo: null, findingIds: [], verdict: 'inconclusive', lastSeen: r.endedAt };
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

  /** Number of sessions in progress. */
  get activeSessions(): number {
    return this.active.size;
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
    if (this.active.size === 0) this.end();
  }

  /** Stops accepting, ends open sessions with 421, and resolves once every session has been reported. */
  async close(): Promise<void> {
    this.stopAccepting();
    for (const s of this.active) s.shutdown();
    await this.done;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.waiters) w.wake?.();
    this.emit('end');
    this.resolveDone();
  }
}

/** Starts a receiver; resolves once it is bound. */
export async function listen(opts: ListenOptions = {}): Promise<Listener> {
  const policy = receiverPolicy(opts.policy ?? 'exchange-online', opts.tls);
  const limits: ReceiverLimits = resolveLimits(opts.limits);
  const host = opts.hostname ?? osHostname() ?? 'localhost';
  if ((opts.cert === undefined) !== (opts.key === undefined)) throw new MailtlsError('EUSAGE', 'give both a certificate and a key, or neither');
  const material = opts.cert !== undefined && opts.key !== undefined ? { cert: opts.cert, key: opts.key } : await selfSigned(host);
  let secureContext;
  try {
    secureContext = createSecureContext({ ...secureContextOptions(policy), cert: material.cert, key: material.key });
  } catch (e) {
    throw new MailtlsError('EINPUT', `certificate or key not usable: ${(e as Error).message}`);
  }
  let keeper: Keeper | null = null;
  if (opts.keepDir) {
    try {
      mkdirSync(opts.keepDir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new MailtlsError('EIO', `cannot create ${opts.keepDir}: ${(e as Error).message}`);
    }
    keeper = new Keeper(opts.keepDir, limits.keepMaxCount, limits.keepMaxBytes);
  }
  const ctx: SessionContext = {
    policy, hostname: host, limits, secureContext, keeper, lang: opts.lang ?? 'en', starttls: opts.starttls !== false,
    accept: Boolean(opts.accept) || policy.acceptsByDefault,
  };
  const server = createServer({ noDelay: true });
  // Beyond twice the session cap, refuse at the TCP level: answering 421 still costs a socket each.
  server.maxConnections = limits.maxConnections * 2;
  const bindHost = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 2525;
  server.listen({ host: bindHost, port, backlog: 511 });
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([e]) => Promise.reject(e as Error))]);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new MailtlsError('ECONNECT', `cannot listen on ${bindHost}:${port}: ${err.code ?? err.message}`, { code: err.code });
  }
  const listener = new Listener(server, ctx, opts.maxSessions ?? 0, opts.cert === undefined);
  if (opts.durationMs && opts.durationMs > 0) listener.stopAfter(opts.durationMs);
  if (opts.signal) {
    if (opts.signal.aborted) void listener.close();
    else opts.signal.addEventListener('abort', () => void listener.close(), { once: true });
  }
  return listener;
}
