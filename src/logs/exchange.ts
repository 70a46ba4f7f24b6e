// Exchange SMTP Send/Receive protocol log parser (2013–SE): one pass over line starts with fixed-place byte checks, sessions grouped by session-id.
import type { TlsVersion } from '../policy/exchange-online.js';
import { type Aggregate, LAZY_FAILED, LAZY_NONE, ROW, rankedKind, versionIndex } from './aggregate.js';
import { latin1, lineAt, type BlockParser, type CutLine } from './reader.js';
import { Interner } from './intern.js';
import {
  BATCH_RECORDS,
  C_FINISH,
  C_PROMOTE,
  C_SESSION,
  type ClaimSeries,
  K_LONG,
  type KeptTexts,
  type LazyRowsOut,
  LineScanner,
  RECORD_INTS,
  ROW_FAILED,
  ROW_LISTED,
  ROW_NONE,
  ROW_SUITE,
  type RowIds,
  T_CONN,
  T_IP,
  T_NAME,
} from './linescan.js';
import { EXCHANGE_TLS_FAILED, EXCHANGE_TLS_SUCCESS, EXCHANGE_TLS_VERSION, matchSignatures } from './signatures.js';
import { dayKeyMs, isoAt, isoAtBytes } from './time.js';
import type { Direction } from './types.js';

interface Sess {
  ts: number;
  /** The texts of the peer key when not interned (their id -1); else '' and the parser's interner has them by id. */
  ip: string;
  name: string;
  connector: string;
  /** Interner ids of ip, name and connector, -1 for a text not interned; nameId 0: no name (never -1 with name ''). */
  ipId: number;
  nameId: number;
  connId: number;
  dir: Direction;
  version: TlsVersion | null;
  suite: string;
  sigs: string[] | null;
  errors: string[] | null;
  /** Finished (no longer the open session of its id). */
  done: boolean;
  /** Session id: its halves (signed 32-bit), or its text when that is not upper-case hex (then the halves are 0). */
  kh: number;
  kl: number;
  ks: string | null;
  /** Index in OpenSessions' pool, and how many times the object was reused (queue entries of an older one are done). */
  idx: number;
  gen: number;
}

/** murmur3's 32-bit finaliser: every input bit moves every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The open sessions by session id, and the pool their objects come from (a finished session's object is reused: a log
 * of short sessions allocates none per session). Upper-case hex ids are found by their two 32-bit halves in an
 * open-addressing table of small integers (slots [pool index + 1, high, low, 0]; the slot from a per-parser seeded mix
 * of both halves, so that a log cannot aim its ids at one slot: no number or string allocated per line), other ids by
 * their text.
 */
class OpenSessions {
  private t = new Int32Array(4 << 6);
  private mask = (1 << 6) - 1;
  /** Entries in `t`. */
  private n = 0;
  private readonly byText = new Map<string, Sess>();
  readonly pool: Sess[] = [];
  private readonly free: number[] = [];
  private readonly seed = (Math.random() * 0x7fffffff) | 0;
  size = 0;

  private home(hi: number, lo: number): number {
    return fmix(fmix(lo ^ this.seed) ^ hi) & this.mask;
  }

  get(hi: number, lo: number, text: string | null): Sess | undefined {
    if (text !== null) return this.byText.get(text);
    const t = this.t;
    for (let i = this.home(hi, lo); ; i = (i + 1) & this.mask) {
      const o = i * 4;
      const v = t[o] as number;
      if (v === 0) return undefined;
      if (t[o + 2] === lo && t[o + 1] === hi) return this.pool[v - 1];
    }
  }

  /** Adds a session whose id is not open. */
  add(s: Sess): void {
    this.size++;
    if (s.ks !== null) {
      this.byText.set(s.ks, s);
      return;
    }
    if ((this.n + 1) * 2 > this.mask) this.grow();
    this.place(s.idx + 1, s.kh, s.kl);
    this.n++;
  }

  private place(v: number, hi: number, lo: number): void {
    const t = this.t;
    let i = this.home(hi, lo);
    while (t[i * 4] !== 0) i = (i + 1) & this.mask;
    const o = i * 4;
    t[o] = v;
    t[o + 1] = hi;
    t[o + 2] = lo;
  }

  private grow(): void {
    const old = this.t;
    this.t = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let o = 0; o < old.length; o += 4) if (old[o] !== 0) this.place(old[o] as number, old[o + 1] as number, old[o + 2] as number);
  }

  /** Removes an open session (the run after its slot moves up: no tombstones). */
  delete(s: Sess): void {
    this.size--;
    if (s.ks !== null) {
      this.byText.delete(s.ks);
      return;
    }
    const t = this.t;
    const mask = this.mask;
    const v = s.idx + 1;
    let i = this.home(s.kh, s.kl);
    // (every operation of these loops runs on their first pass: the compiled code of a hot caller that inlines this
    // has no untried step to be thrown away at, the first time two ids share a slot or a run wraps around)
    for (;;) {
      const x = t[i * 4] as number;
      const next = (i + 1) & mask;
      if (x === 0) return; // not in the table (cannot happen: open sessions are)
      if (x === v) break;
      i = next;
    }
    this.n--;
    for (let j = (i + 1) & mask; t[j * 4] !== 0; j = (j + 1) & mask) {
      const o = j * 4;
      const k = this.home(t[o + 1] as number, t[o + 2] as number);
      // the entry at j stays when its home is in the cyclic range (i, j]
      const inside = (k > i ? 1 : 0) & (k <= j ? 1 : 0);
      const wrapped = (k > i ? 1 : 0) | (k <= j ? 1 : 0);
      if ((i <= j ? inside : wrapped) === 1) continue;
      t[i * 4] = t[o] as number;
      t[i * 4 + 1] = t[o + 1] as number;
      t[i * 4 + 2] = t[o + 2] as number;
      i = j;
    }
    t[i * 4] = 0;
  }

  /** A session object for a new session (its fields are set by the caller). */
  alloc(): Sess {
    const i = this.free.pop();
    if (i !== undefined) {
      const s = this.pool[i] as Sess;
      s.gen++;
      return s;
    }
    const s: Sess = {
      ts: 0,
      ip: '',
      name: '',
      connector: '',
      ipId: -1,
      nameId: 0,
      connId: -1,
      dir: 'inbound',
      version: null,
      suite: '',
      sigs: null,
      errors: null,
      done: false,
      kh: 0,
      kl: 0,
      ks: null,
      idx: this.pool.length,
      gen: 0,
    };
    this.pool.push(s);
    return s;
  }

  /** Gives a finished session's object back. */
  release(s: Sess): void {
    this.free.push(s.idx);
  }
}

/** Ints per IP in ExchangeParser.ipInfo, and in fInfo (session mode: the scanner's IP ids, without the name's place). */
const IP_INFO = 8;
const F_INFO = 3;

/** Longest probe in PeerIds: keys past it are not kept (a log made to collide falls back to Aggregate.resolve()). */
const MAX_PROBE = 16;
/** PeerIds keeps at most this many keys, then starts over. */
const PEER_IDS_MAX = 1 << 18;

/**
 * The Aggregate peer (Aggregate.resolve()) of each session key seen, by the interner ids of its IP, name and connector
 * and its direction: an open-addressing table of small integers, so that a session's peer is found without hashing or
 * comparing strings. Slots are [ip id, name id, connector id * 2 + direction, peer + 2] (0: empty).
 */
class PeerIds {
  private t = new Int32Array(4 << 8);
  private mask = (1 << 8) - 1;
  private n = 0;
  /** Per-parser seed: the slot of a key is not known in advance to whoever wrote the log. */
  private readonly seed = (Math.random() * 0x7fffffff) | 1;

  private slot(ip: number, name: number, cd: number): number {
    let h = Math.imul(ip ^ this.seed, 0x9e3779b1) ^ Math.imul(name, 0x85ebca77) ^ Math.imul(cd, 0xc2b2ae3d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x27d4eb2f);
    return (h ^ (h >>> 13)) & this.mask;
  }

  /** The peer of the key (-1: left out by --peer), or -3 when the key is not kept. */
  get(ip: number, name: number, cd: number): number {
    const t = this.t;
    let i = this.slot(ip, name, cd);
    for (let k = 0; k < MAX_PROBE; k++) {
      const o = i * 4;
      const p = t[o + 3] as number;
      if (p === 0) return -3;
      if (t[o] === ip && t[o + 1] === name && t[o + 2] === cd) return p - 2;
      i = (i + 1) & this.mask;
    }
    return -3;
  }

  /** Keeps the peer of a key that get() did not find (peer >= -1). */
  set(ip: number, name: number, cd: number, peer: number): void {
    if (this.n * 2 >= this.mask) {
      if (this.n >= PEER_IDS_MAX) {
        this.t.fill(0);
        this.n = 0;
      } else this.grow();
    }
    const t = this.t;
    let i = this.slot(ip, name, cd);
    for (let k = 0; k < MAX_PROBE; k++) {
      const o = i * 4;
      if (t[o + 3] === 0) {
        t[o] = ip;
        t[o + 1] = name;
        t[o + 2] = cd;
        t[o + 3] = peer + 2;
        this.n++;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.t;
    this.t = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    this.n = 0;
    for (let o = 0; o < old.length; o += 4)
      if (old[o + 3] !== 0) this.set(old[o] as number, old[o + 1] as number, old[o + 2] as number, (old[o + 3] as number) - 2);
  }
}

// Byte patterns of the original scan (slowLine(): lines not of the usual shape); everything else is only counted.
const P_CONNECT = Buffer.from('+,');
const P_STAR = Buffer.from('*,');
const P_EHLO = ['<,EHLO ', '<,HELO ', '<,ehlo ', '<,helo '].map((s) => Buffer.from(s));
const P_BANNER = [Buffer.from('<,220 '), Buffer.from('<,"220 ')];
const P_REPLY = ['>,4', '<,4', '>,5', '<,5'].map((s) => Buffer.from(s));
/** Quoted replies (`>,"550 5.4.317 Message expired, …"`): scanned as `"4`/`"5` ('"' is rarer than ','), then checked. */
const P_QREPLY = [Buffer.from('"4'), Buffer.from('"5')];
const P_LOGTYPE = Buffer.from('#Log-type: ');

const P_DISCONNECT = Buffer.from('-,');
const K_CONNECT = 0,
  K_EHLO = 1,
  K_BANNER = 2,
  K_STAR = 3,
  K_REPLY = 4,
  K_LOGTYPE = 5,
  K_DISCONNECT = 6,
  K_SLOW = 7;

/** Evict sessions this long after their start (Exchange's longest default session timeout is 10 minutes). */
const SESSION_TTL = 3600_000;
const MAX_OPEN = 50_000;

/** Splits an RFC 4180 CSV line into at most `max` fields; null when quoting is broken. */
export function splitCsv(s: string, max = 9): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (out.length < max) {
    if (s.charCodeAt(i) === 34) {
      let v = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q === -1) return null;
        v += s.slice(j, q);
        if (s.charCodeAt(q + 1) === 34) {
          v += '"';
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      out.push(v);
      if (j >= n) break;
      if (s.charCodeAt(j) !== 44) return null;
      i = j + 1;
    } else {
      const c = s.indexOf(',', i);
      if (c === -1 || out.length === max - 1) {
        out.push(s.slice(i));
        break;
      }
      out.push(s.slice(i, c));
      i = c + 1;
      if (i === n) {
        out.push('');
        break;
      }
    }
  }
  return out;
}

/** IP of an `ip:port` endpoint (IPv6 too: split on the last colon). */
function hostOf(ep: string): string {
  const c = ep.lastIndexOf(':');
  let h = c > 0 ? ep.slice(0, c) : ep;
  if (h.charCodeAt(0) === 91 && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

const utf8Cache = new Map<string, string>();
/** Re-decodes a latin1-decoded field as UTF-8 when it has high bytes (localized connector names). */
function utf8(s: string): string {
  if (!/[\x80-\xff]/.test(s)) return s;
  let v = utf8Cache.get(s);
  if (v === undefined) {
    v = Buffer.from(s, 'latin1').toString('utf8');
    if (utf8Cache.size < 1000) utf8Cache.set(s, v);
  }
  return v;
}

const SCHANNEL_NUM: Record<number, [TlsVersion, Direction]> = {
  0x10: ['SSLv3', 'inbound'],
  0x20: ['SSLv3', 'outbound'],
  0x40: ['TLSv1.0', 'inbound'],
  0x80: ['TLSv1.0', 'outbound'],
  0x100: ['TLSv1.1', 'inbound'],
  0x200: ['TLSv1.1', 'outbound'],
  0x400: ['TLSv1.2', 'inbound'],
  0x800: ['TLSv1.2', 'outbound'],
  0x1000: ['TLSv1.3', 'inbound'],
  0x2000: ['TLSv1.3', 'outbound'],
};
const SCHANNEL_NAME: Record<string, TlsVersion> = {
  TLS1_0: 'TLSv1.0',
  TLS1_1: 'TLSv1.1',
  TLS1_2: 'TLSv1.2',
  TLS1_3: 'TLSv1.3',
  SSL3: 'SSLv3',
};

/** Parses the TLS success context into version, direction and a compact suite (kex/bulk/mac). */
export function parseTlsSuccess(ctx: string): { version: TlsVersion; dir: Direction | null; suite: string } | null {
  const m = EXCHANGE_TLS_SUCCESS.exec(ctx);
  if (!m) return null;
  let version: TlsVersion | undefined;
  let dir: Direction | null = null;
  if (m[1]) {
    version = SCHANNEL_NAME[m[1]];
    dir = m[2] === 'SERVER' ? 'inbound' : 'outbound';
  } else {
    const e = SCHANNEL_NUM[Number(m[3])];
    if (e) [version, dir] = e;
  }
  if (!version) return null;
  const strip = (a: string | undefined): string => (a ?? '').replace(/^CALG_/, '');
  return { version, dir, suite: `${strip(m[6])}/${strip(m[4])}/${strip(m[5])}` };
}

/** True when buf[p..] starts with the bytes of `pat` (reads past the buffer fail). */
function startsAt(buf: Buffer, p: number, pat: Buffer): boolean {
  for (let k = 0; k < pat.length; k++) if (buf[p + k] !== pat[k]) return false;
  return true;
}
const B_TLSP = Buffer.from(',TLS protocol');
const B_QTLSP = Buffer.from(',"TLS protocol');
const B_TLSF = Buffer.from(',TLS negotiation failed');
const B_QTLSF = Buffer.from(',"TLS negotiation failed');
const B_FAILCONN = Buffer.from(',Failed to connect');
const B_QFAILCONN = Buffer.from(',"Failed to connect');

/** Parsed TLS success contexts (they repeat: a few suites per server), bounded. */
const TLS_CACHE_MAX = 512;

const HEX16 = /^[0-9A-F]{16}$/;

/**
 * What session mode did in this process (files it ran on, sessions it handed over whole, sessions it handed to the
 * parser, files it gave back to the parser, sessions the scanner counted in peer slots, peers added lazily, times the
 * slots were read): for tests, which check that a case ran the path it is meant to.
 */
export const sessionModeStats = { files: 0, sessions: 0, promoted: 0, left: 0, counted: 0, lazyPeers: 0, claimReads: 0 };

/** No signatures / errors (shared, never written to: Aggregate.addTo() only reads them). */
const NONE: string[] = [];

export class ExchangeParser implements BlockParser {
  private readonly open = new OpenSessions();
  private readonly hits: number[] = [];
  /** Sessions in start order for eviction (pool index and generation); entries before qHead are done. */
  private qIdx = new Int32Array(1 << 8);
  private qGen = new Int32Array(1 << 8);
  private qLen = 0;
  /** The session id of the current line (see Sess.kh/kl/ks). */
  private kh = 0;
  private kl = 0;
  private ks: string | null = null;
  private qHead = 0;
  private dir: Direction;
  /** Parsed TLS success lines by the scanner's hash of their bytes (they repeat: a few suites per server), bounded. */
  private readonly tlsCache = new Map<number, { bytes: Buffer; t: ReturnType<typeof parseTlsSuccess> }>();
  private tlsHash = 0;
  /** The reading of the last TLS success line (null: not read). */
  private tlsLast: ReturnType<typeof parseTlsSuccess> = null;
  /** What sessionLine() made of the last TLS line it read: a success, one it could not read, a failure (failLast). */
  private starRead: 'success' | 'unread' | 'failure' = 'unread';
  private failLast: TlsFailure | null = null;
  /** The scanner's record of the current line (for fields it found: remote host, EHLO name, their hashes). */
  private rec: Int32Array = new Int32Array(0);
  private ro = 0;
  private rbase = 0;
  // (IPs and names: as many as peers, tens of thousands on an internet-facing server)
  private readonly ips = new Interner();
  private readonly names = new Interner();
  private readonly connectors = new Interner(utf8);
  private readonly peerIds = new PeerIds();
  /**
   * By IP id (ips), IP_INFO ints: the name id, its arena offset and length (names), connector id * 2 + direction and
   * Aggregate peer + 2 (0: none) of the last session of that IP handed to the aggregate: a session like its IP's last
   * one finds its name and peer here, one cache line, without the names interner or PeerIds.
   */
  private ipInfo = new Int32Array(IP_INFO << 6);
  private deferred: (string | number)[] | null = null;
  /** Fields of the current line (field separators), from the scanner's record. */
  private c1 = 0;
  private c2 = 0;
  private localEnd = 0;
  private remoteEnd = 0;
  /** Classifies the lines of each block (WebAssembly); only the lines that can matter reach this parser's code. */
  private readonly scanner: LineScanner;

  /** `scanner`: the one whose read buffers the file is read into (blocks in them are classified without a copy). */
  constructor(
    private readonly file: string,
    private readonly agg: Aggregate,
    dir: Direction | null,
    private readonly maxLine: number,
    scanner?: LineScanner,
  ) {
    this.dir = dir ?? 'inbound';
    this.dirKnown = dir !== null;
    this.scanner = scanner ?? new LineScanner();
    // (session mode only where the direction is known from the start: rowDirection() changes open sessions)
    this.fast = this.dirKnown && this.scanner.fastStart();
    if (this.fast) sessionModeStats.files++;
    // (not with --peer: the per-day counts would take in sessions of peers it leaves out)
    this.counting = this.fast && !agg.filtered && this.scanner.countStart(agg.since, agg.until);
  }

  /**
   * Counting session mode: the scanner counts a usual session in its IP's peer slot (claimed by the first session
   * that ends there; a session of another key goes as C_SESSION) and this parser adds the slots to their peers at the
   * end of the file (readClaims()). So a peer is made in the aggregate later than its first session, which only
   * maxPeers could tell: claims are allowed only while the aggregate has room for them and for every peer the next
   * batch could make (claimBudget()), so no key goes to "(other)" while a claim waits.
   */
  private readonly counting: boolean;

  /** Before each batch: the claims the scanner may make in it (see counting); none left, the waiting ones are read. */
  private claimBudget(): void {
    const sc = this.scanner;
    const spare = BATCH_RECORDS + this.open.size + 16;
    let room = this.agg.peerRoom - sc.claimCount - spare;
    if (room <= 0 && sc.claimCount > 0) {
      this.readClaims();
      room = this.agg.peerRoom - spare;
    }
    sc.budget(room);
  }

  /** Adds the scanner's counted sessions to their peers (made now when new) and to the per-day series. */
  private readClaims(): void {
    const sc = this.scanner;
    const agg = this.agg;
    const k = sc.claimCount;
    const cs = sc.claimSeries();
    sessionModeStats.claimReads++;
    sessionModeStats.sessions += cs.counted + cs.dropped;
    sessionModeStats.counted += cs.counted;
    // a claim whose IP no peer has yet becomes a lazy peer (its key made only if a report or a look-up asks): the
    // claims have different IPs, and claimBudget() kept room for all of them. Which IPs peers have is asked the other
    // way round — each peer's IP looked up in the scanner's IP table and its claim marked —, so no text is made for a
    // claim that has none.
    let room = agg.peerRoom >= k;
    let marked = 0;
    if (k > 0)
      for (let id = 0; id < agg.peerCount && room; id++) {
        const x = sc.lookup(T_IP, agg.peerIp(id));
        if (x > 0) marked += sc.mark(x);
        // (an IP too long to look up: every claim is looked up by its key instead)
        else if (x < 0) room = false;
      }
    if (!room || marked > 0) {
      const ips = room ? sc.markedClaims() : sc.claimList();
      for (let j = 0; j < ips.length; j++) {
        const ipId = ips[j] as number;
        const s = sc.slot(ipId);
        const t = s.tls > 0 ? this.fTls[s.tls] : null;
        const dir = t && t.dir ? t.dir : this.dir;
        let id = agg.resolve(this.fIp(ipId), this.fName(s.name), this.fConn(s.conn), dir, dir === 'inbound' ? 'exchange-receive' : 'exchange-send');
        // (claimBudget() keeps room for every claim; should one still go to "(other)", it is counted once a session)
        if (id < -1) {
          id = -2 - id;
          agg.overflow += s.n - 1;
        }
        if (id < 0) continue;
        const f = !t && s.tls > 0 ? this.fFail[s.tls] : undefined;
        if (f) agg.addFailed(id, s.n, s.first, s.last, f.sigs, f.errors);
        else agg.addSessions(id, s.n, s.first, s.last, t ? t.version : null, t ? t.suite : '');
      }
    }
    const nFresh = room ? k - marked : 0;
    if (nFresh > 0) this.addLazyClaims(nFresh);
    sessionModeStats.lazyPeers += nFresh;
    this.addClaimSeries(cs);
    sc.clearClaims();
  }

  /**
   * The `n` claims not marked as lazy peers: their rows written by the scanner, their texts read from it when asked for
   * (copied out first should it start on another file), what their sessions add by TLS text (version and suite, or
   * failure).
   */
  private addLazyClaims(n: number): void {
    const fTls = this.fTls;
    const fFail = this.fFail;
    const w = this.scanner.tlsWidth;
    const codes = new Int32Array(w);
    const kinds = new Int8Array(w);
    const suites: string[] = new Array(w);
    const fails: (TlsFailure | null)[] = new Array(w);
    for (let tls = 0; tls < w; tls++) {
      const t = tls > 0 ? fTls[tls] : null;
      const f = !t && tls > 0 ? fFail[tls] : undefined;
      const kind = t ? versionIndex(t.version) : f ? LAZY_FAILED : LAZY_NONE;
      kinds[tls] = kind;
      codes[tls] = (kind >= 0 ? kind : f ? ROW_FAILED : ROW_NONE) | (t?.suite ? ROW_SUITE : 0) | (rankedKind(kind) ? ROW_LISTED : 0);
      suites[tls] = t ? t.suite : '';
      fails[tls] = f ?? null;
    }
    let out: LazyRowsOut | null = null;
    const ids: RowIds = { ip: new Int32Array(n), name: new Int32Array(n), conn: new Int32Array(n), tls: new Int32Array(n) };
    const fileDir = this.dir;
    const sc = this.scanner;
    // (the connectors, a handful, read now: the scanner may be on another file when a key is made)
    const conns: string[] = [''];
    for (let id = 1; id <= sc.textCount(T_CONN); id++) conns.push(this.fConn(id));
    let ips: KeptTexts | null = null;
    let names: KeptTexts | null = null;
    this.agg.addLazy(
      n,
      (i) => {
        const t = fTls[ids.tls[i] as number];
        const dir = t && t.dir ? t.dir : fileDir;
        return [
          (ips as KeptTexts).text(i),
          (names as KeptTexts).text(i),
          conns[ids.conn[i] as number] ?? '',
          dir,
          dir === 'inbound' ? 'exchange-receive' : 'exchange-send',
        ];
      },
      {
        fill: (rows) => {
          out = sc.lazyRows(ROW, codes, rows, ids);
          if (out.rows !== n) throw new RangeError('addLazyClaims(): the scanner wrote another number of rows');
        },
        cls: ids.tls,
        suites,
        fails,
        summary: () => ({ kinds, ...(out as LazyRowsOut) }),
      },
      (i) => (ips as KeptTexts).text(i),
    );
    ips = sc.keep(T_IP, ids.ip, n);
    names = sc.keep(T_NAME, ids.name, n);
  }

  /** The per-day counts of the claims' sessions into the aggregate's series (by TLS text: its version, failed, none). */
  private addClaimSeries(c: ClaimSeries): void {
    const w = c.width;
    for (let d = 0; d < c.days.length; d++) {
      const ts = (c.days[d] as number) * 86_400_000;
      for (let tls = 0; tls < w; tls++) {
        const m = c.series[d * w + tls] as number;
        if (m > 0) {
          const t = tls > 0 ? this.fTls[tls] : null;
          this.agg.addSeries(ts, t ? t.version : tls > 0 && this.fFail[tls] ? 'failed' : 'none', m);
        }
      }
    }
  }

  /**
   * Session mode (wasm/linescan.ts): the scanner keeps the open sessions and hands over one C_SESSION record per usual
   * session, sessions that need more as this parser's own (fastSess, by the scanner's handle). Off for the rest of the
   * file once the scanner or this parser meets a line that needs the parser's own tables.
   */
  private fast: boolean;
  /** The parser's sessions in session mode, by the scanner's handle. */
  private readonly fastSess: (Sess | null)[] = [];
  /** Connector texts by the scanner's ids (a handful a file; IPs and names are read from the scanner when needed). */
  private readonly fConns: string[] = [];
  private fIp(id: number): string {
    return this.scanner.text(T_IP, id);
  }
  private fName(id: number): string {
    return id > 0 ? this.scanner.text(T_NAME, id) : '';
  }
  private fConn(id: number): string {
    return (this.fConns[id] ??= this.scanner.text(T_CONN, id));
  }
  /** The parser's reading of each TLS text id of the scanner: successes, and failures. */
  private readonly fTls: (ReturnType<typeof parseTlsSuccess> | undefined)[] = [];
  private readonly fFail: (TlsFailure | undefined)[] = [];
  /** By the scanner's IP id, F_INFO ints: name id, connector id * 2 + direction, Aggregate peer + 2 of its last session. */
  private fInfo = new Int32Array(F_INFO << 8);
  private readonly fPeerIds = new PeerIds();
  private fDay = 0;
  private fDayMs = 0;

  /** False while neither a header nor the file name said send or receive: the rows tell (see rowDirection()). */
  private dirKnown: boolean;

  /** The file's format once read (a file without header or telling name gets its direction from its rows). */
  finalFormat(): 'exchange-send' | 'exchange-receive' | 'exchange' {
    return !this.dirKnown ? 'exchange' : this.dir === 'outbound' ? 'exchange-send' : 'exchange-receive';
  }

  /**
   * Direction from the rows themselves: a `<` 220 banner is the remote server greeting us (a send log), a `<` EHLO is
   * a client greeting us (a receive log). Applies to the sessions read so far and all later ones.
   */
  private rowDirection(d: Direction): void {
    this.dirKnown = true;
    if (this.dir === d) return;
    this.dir = d;
    for (let i = this.qHead; i < this.qLen; i++) {
      const x = this.queued(i);
      if (x && x.version === null) x.dir = d;
    }
  }

  /**
   * One pass over the lines of the block. The WebAssembly scanner checks each line at fixed places of the protocol
   * log CSV shape (`date-time,connector,session-id,seq,local,remote,event,data,context`) and hands back only the
   * lines whose event and first data bytes can matter (fastLine) and the lines of any other shape (headers, quoting
   * that breaks the shape, garbage), which go through slowLine(), the original pattern scan.
   */
  readonly countsLines = true;

  block(buf: Buffer, start: number, end: number, firstLine: number): number {
    this.deferred = null;
    let lines = 0;
    const sc = this.scanner;
    // session mode keeps its sessions in this scanner's memory: a block too big to copy there goes in pieces of whole
    // lines (or, with a line longer than that, ends session mode and goes to the overflow instance)
    if (this.fast && end - start > sc.copyLimit && !sc.inPlace(buf, end)) {
      let p = start;
      while (p < end && this.fast) {
        let q = Math.min(end, p + sc.copyLimit);
        if (q < end) {
          const nl = buf.lastIndexOf(10, q - 1);
          if (nl < p) this.leave();
          else q = nl + 1;
        }
        if (!this.fast) break;
        lines += this.blockLines(buf, p, q, firstLine + lines);
        p = q;
      }
      if (p < end) lines += this.blockLines(buf, p, end, firstLine + lines);
    } else lines = this.blockLines(buf, start, end, firstLine);
    // the parser's own malformed lines come after the block's overlong ones (as when the reader counted lines first)
    const d = this.deferred as unknown[] | null;
    if (d) for (let i = 0; i < d.length; i += 4) this.agg.bad(d[i] as string, d[i + 1] as number, d[i + 2] as string, d[i + 3] as string);
    this.deferred = null;
    return lines;
  }

  private blockLines(buf: Buffer, start: number, end: number, firstLine: number): number {
    const agg = this.agg;
    const sc = this.scanner;
    let lineNo = firstLine;
    const base = sc.load(buf, start, end);
    for (;;) {
      if (this.counting) this.claimBudget();
      const n = sc.next(this.maxLine);
      if (n < 0) break;
      const r = sc.current;
      // counted before the records' loop, not after it: the loop is compiled while it first runs, and a step never
      // taken by then would throw that code away the first time it is
      const from = lineNo;
      lineNo += sc.lines;
      for (let i = 0, o = 0; i < n; i++, o += RECORD_INTS) {
        const kind = r[o] as number;
        if (kind === C_SESSION) {
          this.fastSession(r, o);
          continue;
        }
        const line = from + (r[o + 1] as number);
        const ls = (r[o + 2] as number) + base;
        if (kind === K_LONG) agg.bad(this.file, line, 'line-too-long', buf.toString('latin1', ls, ls + 120));
        else if (kind === K_SLOW) {
          const next = (r[o + 4] as number) + base;
          // (the scanner ended its batch at this line: its records may be overwritten by leave())
          if (this.fast && sc.openSessions > 0) this.leave();
          this.slowLine(buf, ls, next, line);
          // a line read here that opened a session of this parser's own: session mode ends
          if (this.fast && this.open.size > 0) this.leave();
        } else if (kind > K_LONG) this.command(kind, r, o);
        else {
          this.c1 = (r[o + 5] as number) + base;
          const c2 = (this.c2 = (r[o + 6] as number) + base);
          this.localEnd = (r[o + 7] as number) + base;
          this.remoteEnd = (r[o + 8] as number) + base;
          this.tlsHash = r[o + 12] as number;
          this.rec = r;
          this.ro = o;
          this.rbase = base;
          if (r[o + 11] === 0) {
            this.kh = r[o + 9] as number;
            this.kl = r[o + 10] as number;
            this.ks = null;
          } else this.ks = latin1(buf, c2 + 1, c2 + 17);
          if (this.fast) this.fastRecord(buf, ls, (r[o + 3] as number) + base, kind, line, r, o);
          else this.fastLine(buf, ls, (r[o + 3] as number) + base, kind, line);
        }
      }
    }
    return lineNo - firstLine;
  }

  /** A C_SESSION record: a usual session the scanner kept ended; added to its peer as finish() does. */
  private fastSession(r: Int32Array, o: number): void {
    sessionModeStats.sessions++;
    const day = r[o + 3] as number;
    if (day !== this.fDay) {
      this.fDay = day;
      this.fDayMs = dayKeyMs(day);
    }
    const ts = this.fDayMs + (r[o + 4] as number);
    const agg = this.agg;
    if (!agg.inWindow(ts)) return;
    const ipId = r[o + 5] as number;
    const nameId = r[o + 6] as number;
    const connId = r[o + 7] as number;
    const tlsId = r[o + 8] as number;
    const t = tlsId > 0 ? this.fTls[tlsId] : null;
    const f = !t && tlsId > 0 ? this.fFail[tlsId] : undefined;
    const dir = t && t.dir ? t.dir : this.dir;
    const cd = connId * 2 + (dir === 'inbound' ? 0 : 1);
    const io = ipId * F_INFO;
    const info = this.fInfo;
    // (all three compared on every call: see OpenSessions.delete())
    const within = io < info.length;
    const same = within ? (info[io + 2] !== 0 ? 1 : 0) & (info[io] === nameId ? 1 : 0) & (info[io + 1] === cd ? 1 : 0) : 0;
    let id = same === 1 ? (info[io + 2] as number) - 2 : this.peerOf(true, ipId, nameId, connId, dir, cd);
    if (id < -1) id = -2 - id;
    if (id >= 0) agg.addTo(id, ts, true, t ? t.version : null, t ? t.suite : '', f ? f.sigs : NONE, f ? f.errors : NONE);
  }

  /** The other records of session mode (see C_FINISH … C_ADOPT in src/logs/linescan.ts). */
  private command(kind: number, r: Int32Array, o: number): void {
    const h = r[o + 2] as number;
    if (kind === C_FINISH) {
      const s = this.fastSess[h] as Sess;
      this.fastSess[h] = null;
      this.finish(s, false);
      return;
    }
    // C_PROMOTE, C_ADOPT: the session becomes one of this parser's (with its texts, not the scanner's ids)
    let s = r[o + 9] !== 0 ? (this.fastSess[h] as Sess) : null;
    if (!s) {
      s = this.sess(dayKeyMs(r[o + 3] as number) + (r[o + 4] as number), this.fIp(r[o + 5] as number), this.fConn(r[o + 7] as number), -1, -1);
      const nameId = r[o + 6] as number;
      if (nameId > 0) {
        s.name = this.fName(nameId);
        s.nameId = -1;
      }
      const tlsId = r[o + 8] as number;
      const t = tlsId > 0 ? this.fTls[tlsId] : null;
      const f = !t && tlsId > 0 ? this.fFail[tlsId] : undefined;
      if (t) tlsSucceeded(s, t);
      else if (f) tlsFailed(s, f);
    }
    if (kind === C_PROMOTE) {
      sessionModeStats.promoted++;
      this.fastSess[h] = s;
    } else {
      this.fastSess[h] = null;
      this.kh = r[o + 10] as number;
      this.kl = r[o + 11] as number;
      this.ks = null;
      this.track(s);
    }
  }

  /** Ends session mode: the scanner's open sessions become this parser's, in start order. */
  private leave(): void {
    const sc = this.scanner;
    const n = sc.fastLeave();
    const r = sc.records;
    for (let i = 0, o = 0; i < n; i++, o += RECORD_INTS) this.command(r[o] as number, r, o);
    this.fast = false;
    sessionModeStats.left++;
  }

  /**
   * A line record in session mode: the line of a session this parser holds (handle), maybe one to open from this
   * line first; then as fastLine().
   */
  private fastRecord(buf: Buffer, ls: number, le: number, kind: number, lineNo: number, r: Int32Array, o: number): void {
    const h = r[o + 20] as number;
    if (h < 0) {
      // the scanner ended session mode at this line (C_ADOPT records came first)
      this.fast = false;
      sessionModeStats.left++;
      this.fastLine(buf, ls, le, kind, lineNo);
      return;
    }
    const open = r[o + 21] as number;
    let s: Sess;
    if (open === 1) {
      const day = r[o + 17] as number;
      s = this.connectAt(buf, dayKeyMs(day) + (r[o + 18] as number));
      this.ownTexts(s);
      this.fastSess[h] = s;
      return;
    }
    if (open === 2) {
      s = this.sessionAt(buf, isoAtBytes(buf, ls, le));
      this.ownTexts(s);
      this.fastSess[h] = s;
    } else s = this.fastSess[h] as Sess;
    this.sessionLine(s, buf, ls, le, kind, lineNo);
    const tls = r[o + 22] as number;
    if (tls > 0) {
      // (a line with a TLS text first seen is a `*` line: sessionLine() read it)
      const read = this.starRead;
      if (read === 'success') this.fTls[tls] = this.tlsLast;
      else if (read === 'failure') this.fFail[tls] = this.failLast as TlsFailure;
      this.scanner.tlsStatus(tls, read);
    }
  }

  /** A session this parser opened in session mode keeps its texts (interner ids are the scanner's there). */
  private ownTexts(s: Sess): void {
    if (s.ipId > 0) s.ip = this.ips.value(s.ipId);
    if (s.connId > 0) s.connector = this.connectors.value(s.connId);
    s.ipId = -1;
    s.connId = -1;
  }

  /** Makes a session id given as text the current one (as the scanner gives it for the same bytes). */
  private keyOf(sid: string): void {
    if (HEX16.test(sid)) {
      this.kh = parseInt(sid.slice(0, 8), 16) | 0;
      this.kl = parseInt(sid.slice(8), 16) | 0;
      this.ks = null;
    } else this.ks = sid;
  }

  /** The open session of the current session id. */
  private lookup(): Sess | undefined {
    return this.open.get(this.kh, this.kl, this.ks);
  }

  /** Opens `s` under the current session id. */
  private track(s: Sess): void {
    if (this.ks === null) {
      s.kh = this.kh;
      s.kl = this.kl;
    } else s.ks = this.ks;
    this.open.add(s);
    if (this.qLen === this.qIdx.length) {
      const a = new Int32Array(this.qLen * 2);
      a.set(this.qIdx);
      this.qIdx = a;
      const g = new Int32Array(this.qLen * 2);
      g.set(this.qGen);
      this.qGen = g;
    }
    this.qIdx[this.qLen] = s.idx;
    this.qGen[this.qLen++] = s.gen;
  }

  /** The session of queue entry `i` while it is open, else null. */
  private queued(i: number): Sess | null {
    const s = this.open.pool[this.qIdx[i] as number] as Sess;
    return s.gen === this.qGen[i] && !s.done ? s : null;
  }

  /** agg.bad() for this parser, held until the end of the block (the cut last line of an input says so). */
  private bad(line: number, reason: string, text: string): void {
    if (this.unterminated) {
      this.cut = { line, used: false, text: text.slice(0, 300) };
      reason = 'truncated-line';
    }
    (this.deferred ??= []).push(this.file, line, reason, text);
  }

  unterminated = false;
  /** The input's last line when it was cut off mid-line (what of it was used). */
  cut: CutLine | null = null;

  /**
   * A TLS success line that does not parse: on the cut last line of an input, the version (and direction) from what
   * is left of it, the suite unknown; otherwise a malformed line.
   */
  private tlsLineUnparsed(s: Sess, lineNo: number, text: string): void {
    const m = this.unterminated ? EXCHANGE_TLS_VERSION.exec(text) : null;
    const e = m ? (m[1] ? ([SCHANNEL_NAME[m[1]], m[2] === 'SERVER' ? 'inbound' : 'outbound'] as const) : SCHANNEL_NUM[Number(m[3])]) : undefined;
    if (!e || !e[0]) {
      this.bad(lineNo, 'exchange-tls-line', text);
      return;
    }
    tlsSucceeded(s, { version: e[0], dir: e[1], suite: '' });
    this.cut = { line: lineNo, used: true, text: text.slice(0, 300) };
  }

  /**
   * Connect/disconnect bookkeeping of a line of the current session id (both paths): a `-` line ends its session, a
   * `+` line ends it and opens `fresh` in its place. Returns the open session the line is about (undefined: none yet),
   * or null when nothing is left to do with the line.
   */
  private sessionFor(kind: number, ts: number, fresh: Sess | null): Sess | null | undefined {
    const s = this.lookup();
    if (kind !== K_DISCONNECT && kind !== K_CONNECT) return s;
    if (s) this.finish(s);
    if (fresh) {
      this.track(fresh);
      this.evict(ts);
    }
    return null;
  }

  /** A line of the usual shape that matters (same effect as line() on it, without decoding the whole line). */
  private fastLine(buf: Buffer, ls: number, le: number, kind: number, lineNo: number): void {
    // a connect line's time: from the scanner when written as Exchange writes it (day and millisecond of the day)
    const day = kind === K_CONNECT ? (this.rec[this.ro + 17] as number) : 0;
    const ts = kind !== K_CONNECT ? NaN : day !== 0 ? dayKeyMs(day) + (this.rec[this.ro + 18] as number) : isoAtBytes(buf, ls, le);
    let s = this.sessionFor(kind, ts, kind === K_CONNECT ? this.connectAt(buf, ts) : null);
    if (s === null) return;
    if (!this.dirKnown) {
      if (kind === K_EHLO || kind === K_BANNER) this.rowDirection(kind === K_BANNER ? 'outbound' : 'inbound');
      else if (kind === K_REPLY) this.rowDirection(buf[this.remoteEnd + 1] === 62 ? 'inbound' : 'outbound');
    }
    if ((kind === K_EHLO || kind === K_BANNER) && s && s.nameId !== 0) return;
    if (!s) this.track((s = this.sessionAt(buf, isoAtBytes(buf, ls, le))));
    this.sessionLine(s, buf, ls, le, kind, lineNo);
  }

  /** What a line of the usual shape does to its session `s` (fastLine(), and session mode's lines of the parser's). */
  private sessionLine(s: Sess, buf: Buffer, ls: number, le: number, kind: number, lineNo: number): void {
    if ((kind === K_EHLO || kind === K_BANNER) && s.nameId !== 0) return;
    const d = this.remoteEnd + 3;
    switch (kind) {
      case K_EHLO: {
        // the name the scanner found: after `EHLO ` and spaces, up to a space, comma or quote, at most 255 bytes
        const r = this.rec,
          o = this.ro,
          base = this.rbase;
        const ns = (r[o + 17] as number) + base;
        const ne = (r[o + 18] as number) + base;
        if (ne === ns) break; // no name: as before
        // most sessions of an IP give the name its last session gave: compare with that one's bytes first
        const io = s.ipId * IP_INFO;
        const info = this.ipInfo;
        const known = s.ipId > 0 && io < info.length;
        const last = known ? (info[io] as number) : 0;
        // (compared whether or not the IP had a name: see OpenSessions.delete(); a length of -1 matches no name)
        const same = this.names.equals(known ? (info[io + 1] as number) : 0, known ? (info[io + 2] as number) : -1, buf, ns, ne);
        if (last > 0 && same) s.nameId = last;
        else if ((s.nameId = this.names.find(buf, ns, ne, r[o + 19] as number)) < 0) s.name = this.names.last;
        break;
      }
      case K_BANNER: {
        const name = bannerName(latin1(buf, d, le));
        if (name !== null) {
          s.name = name;
          s.nameId = name === '' ? 0 : -1;
        }
        break;
      }
      case K_STAR: {
        if (startsAt(buf, d, B_QTLSP) || startsAt(buf, d, B_TLSP)) {
          const c = this.tlsCache.get(this.tlsHash);
          let t: ReturnType<typeof parseTlsSuccess>;
          if (c !== undefined && c.bytes.length === le - d && buf.compare(c.bytes, 0, c.bytes.length, d, le) === 0) t = c.t;
          else {
            t = parseTlsSuccess(latin1(buf, d, le));
            if (c === undefined && this.tlsCache.size < TLS_CACHE_MAX) this.tlsCache.set(this.tlsHash, { bytes: Buffer.from(buf.subarray(d, le)), t });
          }
          this.tlsLast = t;
          this.starRead = t ? 'success' : 'unread';
          if (!t) this.tlsLineUnparsed(s, lineNo, buf.toString('latin1', ls, le));
          else tlsSucceeded(s, t);
        } else if (startsAt(buf, d, B_TLSF) || startsAt(buf, d, B_QTLSF)) {
          const f = (this.failLast = tlsFailure(latin1(buf, d, le)));
          this.starRead = 'failure';
          tlsFailed(s, f);
        } else if (startsAt(buf, d, B_FAILCONN) || startsAt(buf, d, B_QFAILCONN)) {
          if (!this.dirKnown) this.rowDirection('outbound'); // only a send log has connect failures
          connectFailed(s, latin1(buf, d, le));
        }
        break;
      }
      case K_REPLY:
        replySignatures(s, latin1(buf, d, le));
        break;
    }
  }

  /** A new open session in this file's direction (its id is set by track()). */
  private sess(ts: number, ip: string, connector: string, ipId: number, connId: number): Sess {
    const s = this.open.alloc();
    s.ts = ts;
    s.ip = ip;
    s.name = '';
    s.connector = connector;
    s.ipId = ipId;
    s.nameId = 0;
    s.connId = connId;
    s.dir = this.dir;
    s.version = null;
    s.suite = '';
    s.sigs = null;
    s.errors = null;
    s.done = false;
    s.kh = 0;
    s.kl = 0;
    s.ks = null;
    return s;
  }

  /** A new session from a `+` line: connector and remote host as the scanner found them. */
  private connectAt(buf: Buffer, ts: number): Sess {
    const r = this.rec,
      o = this.ro,
      base = this.rbase;
    const c1 = this.c1;
    let connector = '';
    let connId = -1;
    if (buf[c1 + 1] === 34) connector = utf8((splitCsv(latin1(buf, c1 + 1, this.c2), 2) as string[])[0] as string);
    else if ((connId = this.connectors.find(buf, c1 + 1, this.c2, r[o + 13] as number)) < 0) connector = this.connectors.last;
    const ips = this.ips;
    const ipId = ips.find(buf, (r[o + 14] as number) + base, (r[o + 15] as number) + base, r[o + 16] as number);
    return this.sess(ts, ipId < 0 ? ips.last : '', connector, ipId, connId);
  }

  /** A new session from the current line's connector and remote endpoint. */
  private sessionAt(buf: Buffer, ts: number): Sess {
    const c1 = this.c1;
    let connector: string;
    let connId = -1;
    if (buf[c1 + 1] === 34) connector = utf8((splitCsv(latin1(buf, c1 + 1, this.c2), 2) as string[])[0] as string);
    else {
      connector = this.connectors.get(buf, c1 + 1, this.c2);
      connId = this.connectors.id;
    }
    // the host of the remote `ip:port` (as hostOf(): up to the last colon, brackets of an IPv6 address removed)
    const a = this.localEnd + 1;
    let b = this.remoteEnd;
    let colon = b - 1;
    while (colon > a && buf[colon] !== 58) colon--;
    if (colon > a) b = colon;
    const ip = buf[a] === 91 && b - a >= 2 && buf[b - 1] === 93 ? this.ips.get(buf, a + 1, b - 1) : this.ips.get(buf, a, b);
    return this.sess(ts, ip, connector, this.ips.id, connId);
  }

  /** The original pattern scan over one line buf[ls, end) (end just after its '\n'): for lines not of the usual shape. */
  private slowLine(buf: Buffer, start: number, end: number, firstLine: number): void {
    const hits = this.hits;
    hits.length = 0;
    // the searches stop at the line's end (in the whole block, a pattern that is not on the line was looked for to the
    // end of the block: megabytes for each of a file's header lines)
    const v = buf.subarray(0, end);
    const scan = (pat: Buffer, kind: number): void => {
      let p = start;
      while ((p = v.indexOf(pat, p)) !== -1 && p < end) {
        hits.push(p * 8 + kind);
        p += pat.length;
      }
    };
    // connect lines: `,+,`
    for (let p = start; (p = v.indexOf(P_CONNECT, p)) !== -1 && p < end; p += 2) if (buf[p - 1] === 44) hits.push(p * 8 + K_CONNECT);
    // information lines `,*,` with an empty data field and a context starting with `T` or `"` (TLS success/failure)
    for (let p = start; (p = v.indexOf(P_STAR, p)) !== -1 && p < end; p += 2) {
      if (buf[p - 1] === 44 && buf[p + 2] === 44) {
        const c = buf[p + 3];
        if (c === 84 || c === 34 || c === 70) hits.push(p * 8 + K_STAR);
      }
    }
    // disconnect lines: `,-,,` (ends the session)
    for (let p = start; (p = v.indexOf(P_DISCONNECT, p)) !== -1 && p < end; p += 2) if (buf[p - 1] === 44 && buf[p + 2] === 44) hits.push(p * 8 + K_DISCONNECT);
    for (const pat of P_EHLO) scan(pat, K_EHLO);
    for (const pat of P_BANNER) scan(pat, K_BANNER);
    for (const pat of P_REPLY) scan(pat, K_REPLY);
    for (const pat of P_QREPLY) {
      for (let p = start; (p = v.indexOf(pat, p)) !== -1 && p < end; p += 2) {
        const e = buf[p - 2];
        if (buf[p - 1] === 44 && (e === 60 || e === 62)) hits.push(p * 8 + K_REPLY);
      }
    }
    scan(P_LOGTYPE, K_LOGTYPE);
    if (hits.length === 0) return;
    hits.sort((a, b) => a - b);
    let lastLineStart = -1;
    let lastKind = -1;
    for (const h of hits) {
      const kind = h & 7;
      const pos = (h - kind) / 8;
      let ls = buf.lastIndexOf(10, pos) + 1;
      if (ls < start) ls = start;
      if (ls === lastLineStart && kind === lastKind) continue; // two reply patterns on one line
      lastLineStart = ls;
      lastKind = kind;
      let le = v.indexOf(10, pos);
      if (le === -1 || le > end) le = end;
      if (le - ls > this.maxLine) continue; // counted by the reader
      if (le > ls && buf[le - 1] === 13) le--;
      if (kind === K_EHLO || kind === K_BANNER) {
        // the second EHLO of a session (after STARTTLS) needs no parsing: look the session up from the bytes
        const c = buf[ls + 24] === 44 && buf[ls + 25] !== 34 ? v.indexOf(44, ls + 25) : -1;
        if (c > 0 && c + 17 < le && buf[c + 17] === 44) {
          this.keyOf(buf.toString('latin1', c + 1, c + 17));
          const open = this.lookup();
          if (open && open.nameId !== 0) continue;
        }
      }
      const line = buf.toString('latin1', ls, le);
      this.line(line, kind, buf, start, ls, firstLine);
    }
  }

  private line(line: string, kind: number, buf: Buffer, start: number, ls: number, firstLine: number): void {
    if (kind === K_LOGTYPE) {
      if (line.startsWith('#Log-type: ')) {
        const d = /Send/i.test(line) ? 'outbound' : 'inbound';
        // the sessions counted so far ended in the direction before this header (a header ends the scanner's batch)
        if (d !== this.dir && this.counting) this.readClaims();
        this.dir = d;
      }
      return;
    }
    const f = fields(line);
    if (!f) {
      this.bad(lineAt(buf, start, ls, firstLine), 'exchange-fields', line);
      return;
    }
    const ev = f.ev;
    if (kind === K_CONNECT ? ev !== 43 : kind === K_STAR ? ev !== 42 : kind === K_DISCONNECT ? ev !== 45 : ev !== 60 && ev !== 62) return;
    const ts = isoAt(line, 0);
    this.keyOf(f.sid);
    const rest = f.rest;
    let s = this.sessionFor(kind, ts, kind === K_CONNECT ? this.newSession(ts, f) : null);
    if (s === null) return;
    // a session whose connect line is in an earlier file or before --since: start it from this line
    if (!this.dirKnown) {
      if (kind === K_EHLO || kind === K_BANNER) this.rowDirection(kind === K_BANNER ? 'outbound' : 'inbound');
      else if (kind === K_REPLY) this.rowDirection(ev === 62 ? 'inbound' : 'outbound');
    }
    if (!s) this.track((s = this.newSession(ts, f)));
    switch (kind) {
      case K_EHLO:
        if (s.nameId === 0) {
          s.name = helloName(rest);
          s.nameId = s.name === '' ? 0 : -1;
        }
        break;
      case K_BANNER: {
        const name = s.nameId !== 0 ? null : bannerName(rest);
        if (name !== null) {
          s.name = name;
          s.nameId = name === '' ? 0 : -1;
        }
        break;
      }
      case K_STAR: {
        if (rest.startsWith(',"TLS protocol') || rest.startsWith(',TLS protocol')) {
          const t = parseTlsSuccess(rest);
          if (!t) this.tlsLineUnparsed(s, lineAt(buf, start, ls, firstLine), line);
          else tlsSucceeded(s, t);
        } else if (rest.startsWith(',TLS negotiation failed') || rest.startsWith(',"TLS negotiation failed')) tlsFailed(s, tlsFailure(rest));
        else if (rest.startsWith(',Failed to connect') || rest.startsWith(',"Failed to connect')) {
          if (!this.dirKnown) this.rowDirection('outbound');
          connectFailed(s, rest);
        }
        break;
      }
      case K_REPLY:
        replySignatures(s, rest);
        break;
    }
  }

  private newSession(ts: number, f: Fields): Sess {
    return this.sess(ts, hostOf(f.remote), utf8(f.conn), -1, -1);
  }

  /** Closes sessions that started more than SESSION_TTL before `now`, and the oldest beyond MAX_OPEN. */
  private evict(now: number): void {
    while (this.qHead < this.qLen) {
      const s = this.queued(this.qHead);
      if (s && (this.open.size > MAX_OPEN || s.ts < now - SESSION_TTL)) this.finish(s);
      else if (s) break;
      this.qHead++;
    }
    const h = this.qHead;
    if (((h > 32768 ? 1 : 0) & (h * 2 > this.qLen ? 1 : 0)) === 1) {
      this.qIdx.copyWithin(0, this.qHead, this.qLen);
      this.qGen.copyWithin(0, this.qHead, this.qLen);
      this.qLen -= this.qHead;
      this.qHead = 0;
    }
  }

  /**
   * Hands a session to the aggregate: its peer found by the interned ids of its key when it has them (PeerIds), else
   * by Aggregate.resolve() (whose answer is then kept for the ids), and its fields added with no record made.
   */
  private finish(s: Sess, inOpen = true): void {
    if (inOpen) this.open.delete(s);
    s.done = true;
    const agg = this.agg;
    if (!agg.inWindow(s.ts)) return;
    const ipId = s.ipId;
    const nameId = s.nameId;
    let id: number;
    if (ipId > 0 && nameId >= 0 && s.connId > 0) {
      const cd = s.connId * 2 + (s.dir === 'inbound' ? 0 : 1);
      const io = ipId * IP_INFO;
      const info = this.ipInfo;
      // (all three compared on every call, not only after the first: see OpenSessions.delete())
      const within = io < info.length;
      const same = within ? (info[io + 4] !== 0 ? 1 : 0) & (info[io] === nameId ? 1 : 0) & (info[io + 3] === cd ? 1 : 0) : 0;
      id = same === 1 ? (info[io + 4] as number) - 2 : this.peerOf(false, ipId, nameId, s.connId, s.dir, cd);
    } else {
      const ip = ipId > 0 ? this.ips.value(ipId) : s.ip;
      const name = nameId > 0 ? this.names.value(nameId) : s.name;
      const connector = s.connId > 0 ? this.connectors.value(s.connId) : s.connector;
      id = agg.resolve(ip, name, connector, s.dir, s.dir === 'inbound' ? 'exchange-receive' : 'exchange-send');
    }
    if (id < -1) id = -2 - id;
    if (id >= 0) agg.addTo(id, s.ts, true, s.version, s.suite, s.sigs ?? NONE, s.errors ?? NONE);
    this.open.release(s);
  }

  /**
   * The Aggregate peer of a session key given by interned ids — this parser's (`scanner` false) or, in session mode,
   * the scanner's — that is not its IP's last key (the callers check ipInfo / fInfo themselves: one cache line, on
   * every session): PeerIds, else Aggregate.resolve(), whose answer is kept for the ids unless it was an overflow.
   * Returns what resolve() would.
   */
  private peerOf(scanner: boolean, ipId: number, nameId: number, connId: number, dir: Direction, cd: number): number {
    const ids = scanner ? this.fPeerIds : this.peerIds;
    let id = ids.get(ipId, nameId, cd);
    if (id === -3) {
      id = this.agg.resolve(
        scanner ? this.fIp(ipId) : this.ips.value(ipId),
        scanner ? this.fName(nameId) : nameId > 0 ? this.names.value(nameId) : '',
        scanner ? this.fConn(connId) : this.connectors.value(connId),
        dir,
        dir === 'inbound' ? 'exchange-receive' : 'exchange-send',
      );
      if (id >= -1) ids.set(ipId, nameId, cd, id);
    }
    if (id >= -1) this.remember(scanner, ipId, nameId, cd, id);
    return id;
  }

  /**
   * Keeps the key and peer of a session as its IP's last: in ipInfo with the name's place in this parser's interner,
   * or in fInfo for the scanner's ids.
   */
  private remember(scanner: boolean, ipId: number, nameId: number, cd: number, peer: number): void {
    const stride = scanner ? F_INFO : IP_INFO;
    const io = ipId * stride;
    let info = scanner ? this.fInfo : this.ipInfo;
    if (io + stride > info.length) {
      const grown = new Int32Array(Math.max(info.length * 2, io + stride));
      grown.set(info);
      if (scanner) this.fInfo = grown;
      else this.ipInfo = grown;
      info = grown;
    }
    if (scanner) {
      info[io] = nameId;
      info[io + 1] = cd;
      info[io + 2] = peer + 2;
      return;
    }
    info[io] = nameId;
    info[io + 1] = nameId > 0 ? this.names.offset(nameId) : 0;
    info[io + 2] = nameId > 0 ? this.names.length(nameId) : 0;
    info[io + 3] = cd;
    info[io + 4] = peer + 2;
  }

  end(): void {
    if (this.fast) {
      // session mode: every open session ends in start order (no line text is read: only ids and handles)
      const sc = this.scanner;
      if (this.counting) this.claimBudget();
      const n = sc.fastEnd();
      const r = sc.records;
      for (let i = 0, o = 0; i < n; i++, o += RECORD_INTS) {
        const kind = r[o] as number;
        if (kind === C_SESSION) this.fastSession(r, o);
        else this.command(kind, r, o);
      }
      this.fast = false;
    }
    // in the order they were opened (the order a Map of them would give)
    for (let i = this.qHead; i < this.qLen; i++) {
      const s = this.queued(i);
      if (s) this.finish(s);
    }
    if (this.counting) this.readClaims();
    this.qLen = 0;
    this.qHead = 0;
  }
}

/** A TLS success line: the session's version, suite and (when the line names one) direction. */
function tlsSucceeded(s: Sess, t: NonNullable<ReturnType<typeof parseTlsSuccess>>): void {
  s.version = t.version;
  s.suite = t.suite;
  if (t.dir) s.dir = t.dir;
}

/** A TLS failure line (data and context `rest`): its error token and signatures. */
function tlsFailed(s: Sess, f: TlsFailure): void {
  (s.errors ??= []).push(...f.errors);
  if (f.sigs.length > 0) (s.sigs ??= []).push(...f.sigs);
}

/** What a TLS failure line (data and context `rest`) adds to its session: its error token and signatures. */
interface TlsFailure {
  errors: string[];
  sigs: string[];
}
function tlsFailure(rest: string): TlsFailure {
  const m = EXCHANGE_TLS_FAILED.exec(rest);
  return { errors: [m?.[1] ?? 'unknown'], sigs: matchSignatures(rest, 'exchange') };
}

/** SmtpSend "Failed to connect. Winsock error code: 10061, …": the connection itself failed (counted as a failure). */
function connectFailed(s: Sess, rest: string): void {
  const w = /Winsock error code: (\d+)/.exec(rest);
  (s.errors ??= []).push(w ? `Winsock ${w[1]}` : 'Failed to connect');
}

/** A 4xx/5xx reply line: its signatures, each once per session. */
function replySignatures(s: Sess, rest: string): void {
  const ids = matchSignatures(rest, 'exchange');
  if (ids.length) for (const id of ids) if (!(s.sigs ??= []).includes(id)) s.sigs.push(id);
}

/** The remote's name in a `220` banner (send logs), or null for Exchange's own `220 2.0.0` answer to STARTTLS. */
function bannerName(rest: string): string | null {
  const v = rest.charCodeAt(0) === 34 ? rest.slice(1) : rest;
  return v.startsWith('220 2.0.0') ? null : (v.split(' ', 3)[1] ?? '').replace(/[,"]+$/, '').slice(0, 255);
}

/** The name a client gave in EHLO/HELO (`EHLO name,context`). */
function helloName(rest: string): string {
  let i = 5;
  while (rest.charCodeAt(i) === 32) i++;
  let j = i;
  for (; j < rest.length; j++) {
    const c = rest.charCodeAt(j);
    if (c === 32 || c === 44 || c === 34) break;
  }
  return rest.slice(i, Math.min(j, i + 255));
}

interface Fields {
  conn: string;
  sid: string;
  remote: string;
  ev: number;
  rest: string;
}

/**
 * The fields of a protocol log line that matter, by position: `date-time,connector,session,seq,local,remote,event,`
 * then `rest` = data and context as written (still CSV-quoted). Null when the line does not have that shape.
 */
export function fields(line: string): Fields | null {
  let i = line.indexOf(',');
  if (i < 0) return null;
  let conn: string;
  if (line.charCodeAt(i + 1) === 34) {
    const f = splitCsv(line.slice(i + 1), 2);
    if (!f) return null;
    conn = f[0] as string;
    const q = line.indexOf('",', i + 2);
    if (q < 0) return null;
    i = q + 1;
  } else {
    const c = line.indexOf(',', i + 1);
    if (c < 0) return null;
    conn = line.slice(i + 1, c);
    i = c;
  }
  // session id: 16 hex digits
  if (line.charCodeAt(i + 17) !== 44) return null;
  for (let k = i + 1; k <= i + 16; k++) {
    const c = line.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return null;
  }
  const sid = line.slice(i + 1, i + 17);
  const seqEnd = line.indexOf(',', i + 18);
  if (seqEnd < 0) return null;
  const localEnd = line.indexOf(',', seqEnd + 1);
  if (localEnd < 0) return null;
  const remoteEnd = line.indexOf(',', localEnd + 1);
  if (remoteEnd < 0 || line.charCodeAt(remoteEnd + 2) !== 44) return null;
  return {
    conn,
    sid,
    remote: line.slice(localEnd + 1, remoteEnd),
    ev: line.charCodeAt(remoteEnd + 1),
    rest: line.slice(remoteEnd + 3),
  };
}
