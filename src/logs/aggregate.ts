// Per-peer aggregation of parsed sessions: bounded by the number of peers (and days), mergeable across workers.
import { TLS_VERSIONS, type TlsVersion } from '../policy/exchange-online.js';
import type { DaySeries, Direction, FileReport, LocalFailure, LogFormat, LogTotals, MalformedSample, PeerReport } from './types.js';

/** One parsed session (or a session-less event such as a bare TLS error line). */
export interface SessionRecord {
  /** Time in ms since the epoch; NaN when the line has none that could be read. */
  ts: number;
  ip: string;
  name: string;
  direction: Direction;
  connector: string;
  format: LogFormat;
  /** Negotiated version; 'unknown' when TLS was used but the version is not logged; null: no TLS. */
  version: TlsVersion | 'unknown' | null;
  suite: string;
  /** Signature ids seen in the session. */
  sigs: string[];
  /** Raw error tokens (SocketError, NoCredentials, OpenSSL reason...). */
  errors: string[];
  /** False for an event that is not a whole session (counted as a failure only). */
  session: boolean;
}

/**
 * One peer's aggregate as plain data (what a worker thread sends; Aggregate keeps its peers as arrays): times as
 * numbers, versions as two small arrays indexed like TLS_VERSIONS (sessions, last time seen).
 */
export interface PeerAcc extends Omit<PeerReport, 'firstSeen' | 'lastSeen' | 'versionLastSeen' | 'versions'> {
  first: number;
  last: number;
  vc: number[];
  vl: number[];
}

/** Index of a version in TLS_VERSIONS (the per-version numbers of a ROW; tested most common first). */
export function versionIndex(v: TlsVersion): number {
  return v === 'TLSv1.2' ? 3 : v === 'TLSv1.3' ? 4 : v === 'TLSv1.0' ? 1 : v === 'TLSv1.1' ? 2 : 0;
}

/**
 * Peers as columns (what a worker thread sends: a few arrays and one transferable Float64Array instead of an object,
 * arrays and records per peer; for 60,000 peers the structured clone of those took ~300 ms and the garbage of it more).
 */
export interface PeerColumns {
  count: number;
  ip: string[];
  name: string[];
  connector: string[];
  direction: Direction[];
  format: LogFormat[];
  /** STRIDE numbers per peer, laid out as Aggregate's own table (N_SESS…); its buffer can be transferred. */
  num: Float64Array;
  /** Each peer's first suite ('' none); its count is in `num`. */
  suite1: string[];
  /** The rest, flat: peer index, what (0 a further suite, 1 a signature, 2 an error token), key, count; repeated. */
  extra: (string | number)[];
}

/** Peers given as PeerAcc objects (tests, other producers) as the columns Aggregate.merge() takes. */
export function peerColumns(accs: readonly PeerAcc[]): PeerColumns {
  const c: PeerColumns = {
    count: accs.length,
    ip: [],
    name: [],
    connector: [],
    direction: [],
    format: [],
    num: new Float64Array(accs.length * STRIDE),
    suite1: [],
    extra: [],
  };
  accs.forEach((q, i) => {
    c.ip.push(q.peer);
    c.name.push(q.name);
    c.connector.push(q.connector);
    c.direction.push(q.direction);
    c.format.push(q.format);
    const o = i * STRIDE;
    const n = c.num;
    n[o + N_SESS] = q.sessions;
    n[o + N_TLS] = q.tlsSessions;
    n[o + N_NOTLS] = q.noTls;
    n[o + N_UNK] = q.unknownVersion;
    n[o + N_FAIL] = q.failures;
    n[o + N_FIRST] = q.first;
    n[o + N_LAST] = q.last;
    for (let v = 0; v < TLS_VERSIONS.length; v++) {
      n[o + N_VC + v] = q.vc[v] as number;
      n[o + N_VL + v] = q.vl[v] as number;
    }
    const suites = Object.entries(q.suites);
    c.suite1.push(suites[0]?.[0] ?? '');
    n[o + N_SUITE] = suites[0]?.[1] ?? 0;
    for (const [k, m] of suites.slice(1)) c.extra.push(i, 0, k, m);
    for (const [k, m] of Object.entries(q.signatures)) c.extra.push(i, 1, k, m);
    for (const [k, m] of Object.entries(q.errors)) c.extra.push(i, 2, k, m);
  });
  return c;
}

/** Everything an Aggregate holds, as plain data (sent from a worker to the main thread). */
export interface AggregateData {
  peers: PeerColumns;
  series: [string, Record<string, number>][];
  lines: number;
  bytes: number;
  malformed: number;
  samples: MalformedSample[];
  files: FileReport[];
  overflow: number;
  tlsUnused: number;
  tlsUnusedSamples: MalformedSample[];
  local: LocalFailure[];
}

export interface AggregateOptions {
  since?: number;
  until?: number;
  peer?: string[];
  maxPeers?: number;
  maxSamples?: number;
  /** Keep the first maxSamples of every file instead of the first overall (worker threads; see orderSamples()). */
  samplesPerFile?: boolean;
}

const OTHER = '(other)';
/**
 * Peers remembered per IP for add()'s fast path. An IP with more of them (a log that gives one address thousands of
 * names) is looked up by the full key instead: scanning a long list for every session would be quadratic.
 */
const MAX_PEERS_PER_IP = 8;

/**
 * The numbers of a peer, at `id * STRIDE` in Aggregate's one Float64Array: sessions, TLS sessions, sessions without
 * TLS, TLS sessions of unknown version, failures, first and last time, sessions per version (TLS_VERSIONS order), last
 * time per version, and the count of its first suite.
 */
const N_SESS = 0,
  N_TLS = 1,
  N_NOTLS = 2,
  N_UNK = 3,
  N_FAIL = 4,
  N_FIRST = 5,
  N_LAST = 6,
  N_VC = 7,
  N_VL = 12,
  N_SUITE = 17;
const STRIDE = 18;

/** The key of a peer added by Aggregate.addLazy(): IP, name, connector, direction, format. */
export type LazyKey = [string, string, string, Direction, LogFormat];
/**
 * The layout of a peer's row of numbers (what the Exchange parser has its scanner write new peers' rows in: addLazy()):
 * numbers a row, where sessions, TLS sessions, sessions without TLS, failed ones, first and last start, the
 * per-version counts and last starts (`versions` each, in TLS_VERSIONS order; -Infinity: never) and the sessions with
 * the first suite are; every other number of a new row is 0.
 */
export const ROW = {
  stride: STRIDE,
  sess: N_SESS,
  tls: N_TLS,
  noTls: N_NOTLS,
  fail: N_FAIL,
  first: N_FIRST,
  last: N_LAST,
  vc: N_VC,
  vl: N_VL,
  suite: N_SUITE,
  versions: TLS_VERSIONS.length,
} as const;
/**
 * The sessions of the peers Aggregate.addLazy() adds: `fill` writes their rows (ROW layout, every number of each), and
 * each peer's class (`cls`) says the suite its sessions named ('' for none) and the failure they add (null for none).
 * Optionally, what the one pass over the peers (stats()) would work out from those rows, read after fill(): by class
 * the kind of its sessions (a version index, LAZY_NONE or LAZY_FAILED) and their number, and the rows (in order) whose
 * class rankedKind() says comes before the healthy peers.
 */
export interface LazyRows {
  fill(rows: Float64Array): void;
  cls: Int32Array;
  suites: readonly string[];
  fails: readonly ({ sigs: readonly string[]; errors: readonly string[] } | null)[];
  summary?: () => LazySummary;
}
export interface LazySummary {
  kinds: Int8Array;
  sessions: Float64Array;
  listed: Int32Array;
}
/** LazyRows.kinds: sessions without TLS, failed sessions (a version index otherwise). */
export const LAZY_NONE = -1,
  LAZY_FAILED = -2;
/** True when a peer whose sessions are all of this kind comes before the healthy ones (failures, SSLv3, TLS 1.0/1.1, no TLS). */
export function rankedKind(kind: number): boolean {
  return kind === LAZY_NONE || kind === LAZY_FAILED || (kind >= 0 && kind < 3);
}

/** What identifies a peer (the report's key), and its index in the arrays. */
interface PeerKey {
  ip: string;
  name: string;
  connector: string;
  direction: Direction;
  format: LogFormat;
  id: number;
}

export class Aggregate {
  /**
   * The peers, struct of arrays: peer i's key in `keys` (one small object: what a look-up compares), its numbers in `num`, its suites as the first
   * one seen (with its count in `num`) plus a record only when it has several, signatures and errors only when it has
   * any. A session touches a few cache lines of one peer, and the collector has no per-peer objects to trace.
   */
  private keys: (PeerKey | null)[] = [];
  /**
   * Peers added by addLazy(), whose keys are made when first asked for (key()) and put in the index only when a look-up
   * first needs them (indexLazy()): ranges of ids with what makes the key of each, and the class of each (its first
   * suite until suite1 has one: lazySuite()).
   */
  private readonly lazy: {
    from: number;
    to: number;
    make: (i: number) => LazyKey;
    ip: ((i: number) => string) | undefined;
    cls: Int32Array;
    suites: readonly string[];
  }[] = [];
  /** Lazy peers not yet in byIp/byKey (from this index in `lazy`). */
  private unindexed = -1;
  /** Changes of the peers' numbers so far, and the one pass over them (stats()) made at `statsAt` of them. */
  private gen = 0;
  private statsAt = -1;
  private statsOf: { sums: Float64Array; ranked: Int32Array } | null = null;
  /**
   * What stats() would work out for some ranges of lazy peers, from their producer (LazyRows.summary), in id order:
   * a range's is dropped as soon as one of its rows changes (touch()); [preFrom, preTo) spans them all.
   */
  private readonly pre: { from: number; to: number; sums: Float64Array; ranked: Int32Array }[] = [];
  private preFrom = Number.POSITIVE_INFINITY;
  private preTo = Number.NEGATIVE_INFINITY;
  private num = new Float64Array(STRIDE * 1024);
  /** Each peer's first suite ('' none; a lazy peer's is undefined until written: firstSuite()). */
  private suite1: (string | undefined)[] = [];
  private readonly suitesOf = new Map<number, Record<string, number>>();
  private readonly sigsOf = new Map<number, Record<string, number>>();
  private readonly errsOf = new Map<number, Record<string, number>>();
  /**
   * The peer of each IP, or its first MAX_PEERS_PER_IP peers when there are several: the index of the peers (no key
   * string is built for a session, nor for a new peer). An IP's further peers are in `byKey`.
   */
  private readonly byIp = new Map<string, PeerKey | PeerKey[]>();
  /** The peers of IPs that have more than MAX_PEERS_PER_IP of them (and renamed ones), by their whole key. */
  private readonly byKey = new Map<string, number>();
  readonly series = new Map<string, Record<string, number>>();
  lines = 0;
  bytes = 0;
  malformed = 0;
  /** Peers that did not fit under maxPeers and went to "(other)". */
  overflow = 0;
  readonly samples: MalformedSample[] = [];
  readonly files: FileReport[] = [];
  /** Lines that mention TLS/SSL but were not used (not read as part of a session), with the first few. */
  tlsUnused = 0;
  readonly tlsUnusedSamples: MalformedSample[] = [];
  /** This server's own TLS set-up failures (it cannot do TLS), one entry per MTA and file. */
  readonly local: LocalFailure[] = [];
  /** The --since/--until window (ms; ±Infinity when not given). */
  readonly since: number;
  readonly until: number;
  private readonly filter: string[] | null;
  private readonly maxPeers: number;
  private readonly maxSamples: number;
  private readonly samplesPerFile: boolean;
  private sampleFile = '';
  private fileSamples = 0;

  constructor(opts: AggregateOptions = {}) {
    this.since = opts.since ?? -Infinity;
    this.until = opts.until ?? Infinity;
    this.filter = opts.peer && opts.peer.length > 0 ? opts.peer.map((p) => p.toLowerCase()) : null;
    this.maxPeers = opts.maxPeers ?? 200_000;
    this.maxSamples = opts.maxSamples ?? 10;
    this.samplesPerFile = opts.samplesPerFile ?? false;
  }

  /** Number of peers. */
  get peerCount(): number {
    return this.keys.length;
  }

  /** True with --peer: a session may belong to no peer (resolve() answers -1). */
  get filtered(): boolean {
    return this.filter !== null;
  }

  /** Peers that can still be made before maxPeers sends new keys to "(other)". */
  get peerRoom(): number {
    return this.maxPeers - this.keys.length;
  }

  /** True when a time passes --since/--until (times that could not be read always pass). */
  inWindow(ts: number): boolean {
    return !(ts < this.since) && !(ts >= this.until);
  }

  /** Counts a malformed line and keeps the first few as samples (the first few of each file with samplesPerFile). */
  bad(file: string, line: number, reason: string, text: string): void {
    this.malformed++;
    if (this.samplesPerFile) {
      if (file !== this.sampleFile) {
        this.sampleFile = file;
        this.fileSamples = 0;
      }
      if (this.fileSamples++ >= this.maxSamples) return;
    } else if (this.samples.length >= this.maxSamples) return;
    this.samples.push({ file, line, reason, text: text.slice(0, 200) });
  }

  /** Counts a line that mentions TLS/SSL but was not used, keeping the first few. */
  tlsWord(file: string, line: number, text: string): void {
    this.tlsUnused++;
    if (this.tlsUnusedSamples.length < this.maxSamples) this.tlsUnusedSamples.push({ file, line, reason: 'tls-line-not-used', text: text.slice(0, 200) });
  }

  /** Records a local TLS set-up failure of `mta` (this server cannot do TLS). */
  localFailure(file: string, mta: string, ts: number, text: string): void {
    let l = this.local.find((x) => x.file === file && x.mta === mta);
    if (!l) this.local.push((l = { file, mta, count: 0, first: null, last: null, sample: text.slice(0, 300) }));
    l.count++;
    if (ts === ts) {
      const t = new Date(ts).toISOString();
      if (l.first === null || t < l.first) l.first = t;
      if (l.last === null || t > l.last) l.last = t;
    }
  }

  /**
   * Puts the samples in the order the files would have been read in one thread and keeps the first few (after
   * worker threads, each of which kept the first few of every file it read).
   */
  orderSamples(files: string[]): void {
    const rank = new Map(files.map((f, i) => [f, i]));
    const keyed = this.samples.map((m, i) => ({ m, r: rank.get(m.file) ?? files.length, i }));
    keyed.sort((a, b) => a.r - b.r || a.i - b.i);
    this.samples.length = 0;
    for (const k of keyed.slice(0, this.maxSamples)) this.samples.push(k.m);
  }

  /** Adds one session (or event) to its peer. */
  add(r: SessionRecord): void {
    if (!this.inWindow(r.ts)) return;
    let id = this.resolve(r.ip, r.name, r.connector, r.direction, r.format);
    if (id === -1) return;
    if (id < -1) id = -2 - id;
    this.addTo(id, r.ts, r.session, r.version, r.suite, r.sigs, r.errors);
  }

  /**
   * The peer a session of this key goes to, found or made as add() does (after its --since/--until check): its id,
   * -1 when --peer leaves the key out, or -2 - id when maxPeers was reached and the key went to that "(other)" peer.
   * The first two answer the same for the same key every time (a caller may remember them by key); the last counts one
   * overflow per call, so it is not one to remember.
   */
  resolve(ip: string, name: string, connector: string, direction: Direction, format: LogFormat): number {
    if (this.filter) {
      const lip = ip.toLowerCase();
      const lname = name.toLowerCase();
      if (!this.filter.some((f) => lip.includes(f) || lname.includes(f))) return -1;
    }
    const id = this.find(ip, name, connector, direction, format);
    if (id >= 0) return id;
    if (this.keys.length >= this.maxPeers) {
      this.overflow++;
      const o = this.find(OTHER, '', connector, direction, format);
      return -2 - (o >= 0 ? o : this.insert(OTHER, '', direction, connector, format));
    }
    // (as before: a peer whose key has "(other)" in it gets no name; it is still found by the name it came with)
    const odd = ip.includes(OTHER) || name.includes(OTHER) || connector.includes(OTHER);
    return this.insert(ip, odd ? '' : name, direction, connector, format, name);
  }

  /**
   * Adds one session (or, with `session` false, an event that only counts as a failure) to peer `id` (from resolve()),
   * given as its fields: what add() does with a record, for parsers that keep no record.
   */
  addTo(
    id: number,
    ts: number,
    session: boolean,
    version: TlsVersion | 'unknown' | null,
    suite: string,
    sigs: readonly string[],
    errors: readonly string[],
  ): void {
    this.changed(id);
    const num = this.num;
    const o = id * STRIDE;
    const failed = sigs.length > 0 || errors.length > 0;
    if (session) {
      num[o + N_SESS] = (num[o + N_SESS] as number) + 1;
      const v = version;
      if (v) {
        num[o + N_TLS] = (num[o + N_TLS] as number) + 1;
        if (v === 'unknown') num[o + N_UNK] = (num[o + N_UNK] as number) + 1;
        else {
          const i = versionIndex(v);
          num[o + N_VC + i] = (num[o + N_VC + i] as number) + 1;
          if (!(ts <= (num[o + N_VL + i] as number))) num[o + N_VL + i] = ts;
        }
        if (suite) this.addSuite(id, suite, 1);
      } else if (!failed) num[o + N_NOTLS] = (num[o + N_NOTLS] as number) + 1;
    }
    if (failed) {
      num[o + N_FAIL] = (num[o + N_FAIL] as number) + 1;
      this.countFailure(id, 1, sigs, errors);
    }
    if (ts === ts) {
      if (!(ts >= (num[o + N_FIRST] as number))) num[o + N_FIRST] = ts;
      if (!(ts <= (num[o + N_LAST] as number))) num[o + N_LAST] = ts;
      if (session || failed) {
        const day = dayOf(ts);
        let d = this.series.get(day);
        if (!d) this.series.set(day, (d = {}));
        const k = session ? (version ?? (failed ? 'failed' : 'none')) : 'failed';
        d[k] = (d[k] ?? 0) + 1;
      }
    }
  }

  /**
   * Adds `n` whole sessions without failures, all with this version and suite, started between `first` and `last`
   * (readable times), to peer `id` (from resolve()): what n addTo() calls would add, but the per-day series, which the
   * caller adds with addSeries().
   */
  addSessions(id: number, n: number, first: number, last: number, version: TlsVersion | 'unknown' | null, suite: string): void {
    this.changed(id);
    const num = this.num;
    const o = id * STRIDE;
    num[o + N_SESS] = (num[o + N_SESS] as number) + n;
    if (version) {
      num[o + N_TLS] = (num[o + N_TLS] as number) + n;
      if (version === 'unknown') num[o + N_UNK] = (num[o + N_UNK] as number) + n;
      else {
        const i = versionIndex(version);
        num[o + N_VC + i] = (num[o + N_VC + i] as number) + n;
        if (!(last <= (num[o + N_VL + i] as number))) num[o + N_VL + i] = last;
      }
      if (suite) this.addSuite(id, suite, n);
    } else num[o + N_NOTLS] = (num[o + N_NOTLS] as number) + n;
    if (!(first >= (num[o + N_FIRST] as number))) num[o + N_FIRST] = first;
    if (!(last <= (num[o + N_LAST] as number))) num[o + N_LAST] = last;
  }

  /**
   * Adds `n` whole sessions without TLS that failed with these signatures and error tokens, started between `first`
   * and `last`, to peer `id`: what n addTo() calls would add, but the per-day series (addSeries()).
   */
  addFailed(id: number, n: number, first: number, last: number, sigs: readonly string[], errors: readonly string[]): void {
    this.changed(id);
    const num = this.num;
    const o = id * STRIDE;
    num[o + N_SESS] = (num[o + N_SESS] as number) + n;
    num[o + N_FAIL] = (num[o + N_FAIL] as number) + n;
    this.countFailure(id, n, sigs, errors);
    if (!(first >= (num[o + N_FIRST] as number))) num[o + N_FIRST] = first;
    if (!(last <= (num[o + N_LAST] as number))) num[o + N_LAST] = last;
  }

  /** Counts the signatures and error tokens of `n` failed sessions of peer `id` (each occurrence n times). */
  private countFailure(id: number, n: number, sigs: readonly string[], errors: readonly string[]): void {
    if (sigs.length > 0) {
      let d = this.sigsOf.get(id);
      if (!d) this.sigsOf.set(id, (d = {}));
      for (const x of sigs) d[x] = (d[x] ?? 0) + n;
    }
    if (errors.length > 0) {
      let d = this.errsOf.get(id);
      if (!d) this.errsOf.set(id, (d = {}));
      for (const x of errors) d[x] = (d[x] ?? 0) + n;
    }
  }

  /** Adds `n` to the per-day series of the day of time `ts` under `key` (a version, 'none', 'failed'). */
  addSeries(ts: number, key: string, n: number): void {
    const day = dayOf(ts);
    let d = this.series.get(day);
    if (!d) this.series.set(day, (d = {}));
    d[key] = (d[key] ?? 0) + n;
  }

  /** Counts `n` sessions with `suite` for peer `id` (the first suite in suite1, a record once there are several). */
  private addSuite(id: number, suite: string, n: number): void {
    const first = this.firstSuite(id);
    // (a peer's first suite and its repeats take the same steps: the code compiled while only new peers came along
    // has none left untried for the repeats)
    const fresh = first === '';
    const again = first === suite;
    if (fresh || again) {
      if (fresh) this.suite1[id] = suite;
      const num = this.num;
      const o = id * STRIDE + N_SUITE;
      const had = num[o] as number;
      num[o] = (fresh ? 0 : had) + n;
      return;
    }
    let d = this.suitesOf.get(id);
    if (!d) this.suitesOf.set(id, (d = { [first]: 0 }));
    d[suite] = (d[suite] ?? 0) + n;
  }

  /** The suites of peer `id` as a record, in the order first seen. */
  private suites(id: number): Record<string, number> {
    const first = this.firstSuite(id);
    if (first === '') return {};
    const d = this.suitesOf.get(id);
    if (!d) return { [first]: this.num[id * STRIDE + N_SUITE] as number };
    d[first] = this.num[id * STRIDE + N_SUITE] as number;
    return d;
  }

  /** The IP of peer `id` (of a lazy one without making its key, when addLazy() was told how). */
  peerIp(id: number): string {
    const k = this.keys[id];
    if (k) return k.ip;
    const l = this.lazyOf(id);
    return l.ip ? l.ip(id - l.from) : this.made(id).k.ip;
  }

  /**
   * Adds `n` new peers without looking their keys up, with their sessions: `make(i)` gives the key of the i-th, whose
   * IP no peer may have yet (peerIp() of every peer tells) and which are all different; `s` their sessions, as
   * addSessions() or addFailed() would add them to a new peer (the rows written by s.fill() whole: tens of thousands
   * at a time). Their keys are
   * made only when asked for: a report shows the first few of tens of thousands, and a look-up puts them all in the
   * index first. `ip(i)`, when given, is make(i)'s IP alone (cheaper: a report compares peers of equal numbers by IP
   * first). Returns the id of the first.
   */
  addLazy(n: number, make: (i: number) => LazyKey, s: LazyRows, ip?: (i: number) => string): number {
    const from = this.keys.length;
    if (n <= 0) return from;
    this.gen++;
    // (grown once to its size, not doubled on the way)
    if ((from + n) * STRIDE > this.num.length) {
      const grown = new Float64Array((from + n) * STRIDE + (this.num.length >> 1));
      grown.set(this.num);
      this.num = grown;
    }
    const num = this.num;
    s.fill(num.subarray(from * STRIDE, (from + n) * STRIDE));
    // (keys and first suites made by builtins, not a loop that runs once before V8 compiles it: the first suites come
    // from the classes when asked for, see firstSuite())
    this.keys = this.keys.concat(new Array<null>(n).fill(null));
    this.suite1 = this.suite1.concat(new Array<undefined>(n));
    const summary = s.summary ? s.summary() : null;
    if (s.fails.some((f) => f !== null)) {
      // (failed sessions rank a peer before the healthy ones: with a summary, only its listed rows can have them)
      const rows = summary ? summary.listed : null;
      const k = rows ? rows.length : n;
      for (let j = 0; j < k; j++) {
        const i = rows ? (rows[j] as number) : j;
        const f = s.fails[s.cls[i] as number];
        if (f) this.countFailure(from + i, num[(from + i) * STRIDE + N_SESS] as number, f.sigs, f.errors);
      }
    }
    if (this.unindexed < 0) this.unindexed = this.lazy.length;
    this.lazy.push({ from, to: from + n, make, ip, cls: s.cls, suites: s.suites });
    if (summary) this.presum(from, n, summary);
    return from;
  }

  /** The stats() numbers of lazy peers [from, from + n) from their producer's summary (see LazyRows), kept in `pre`. */
  private presum(from: number, n: number, x: LazySummary): void {
    // sessions, TLS sessions, without TLS, failed, unknown version, per version (stats()'s order)
    const sums = new Float64Array(5 + TLS_VERSIONS.length);
    for (let c = 0; c < x.sessions.length; c++) {
      const m = x.sessions[c] as number;
      if (!(m > 0)) continue;
      const k = x.kinds[c] as number;
      sums[0] = (sums[0] as number) + m;
      if (k >= 0) {
        sums[1] = (sums[1] as number) + m;
        sums[5 + k] = (sums[5 + k] as number) + m;
      } else if (k === LAZY_FAILED) sums[3] = (sums[3] as number) + m;
      else sums[2] = (sums[2] as number) + m;
    }
    const ranked = new Int32Array(x.listed.length);
    for (let i = 0; i < ranked.length; i++) ranked[i] = from + (x.listed[i] as number);
    this.pre.push({ from, to: from + n, sums, ranked });
    this.preFrom = Math.min(this.preFrom, from);
    this.preTo = Math.max(this.preTo, from + n);
  }

  /** Row `id` changes (its numbers, or a new peer's row): the one pass over the peers is out of date. */
  private changed(id: number): void {
    this.gen++;
    if (id >= this.preFrom && id < this.preTo) this.touch(id);
  }

  /** Row `id` changes: the producer's stats of its range (if any) no longer hold. */
  private touch(id: number): void {
    const i = this.pre.findIndex((r) => id >= r.from && id < r.to);
    if (i < 0) return;
    this.pre.splice(i, 1);
    this.preFrom = Number.POSITIVE_INFINITY;
    this.preTo = Number.NEGATIVE_INFINITY;
    for (const r of this.pre) {
      this.preFrom = Math.min(this.preFrom, r.from);
      this.preTo = Math.max(this.preTo, r.to);
    }
  }

  /** Peer `id`'s first suite ('' for none). */
  private firstSuite(id: number): string {
    const x = this.suite1[id];
    return x !== undefined ? x : this.lazySuite(id);
  }

  /** The range of lazy peers `id` is in (the last one, usually). */
  private lazyOf(id: number): (typeof this.lazy)[number] {
    const l = this.lazy[this.lazy.length - 1] as (typeof this.lazy)[number];
    return id >= l.from && id < l.to ? l : (this.lazy.find((x) => id >= x.from && id < x.to) as (typeof this.lazy)[number]);
  }

  /** A lazy peer's first suite, from its class (written into suite1 then). */
  private lazySuite(id: number): string {
    const l = this.lazyOf(id);
    const x = l.suites[l.cls[id - l.from] as number] ?? '';
    this.suite1[id] = x;
    return x;
  }

  /** The key of peer `id`, made now for a lazy one (see addLazy()). */
  private key(id: number): PeerKey {
    const k = this.keys[id];
    if (k) return k;
    return this.made(id).k;
  }

  /** Makes the key of lazy peer `id` (as insert() would for its key); with the name a look-up finds it by. */
  private made(id: number): { k: PeerKey; lookupName: string } {
    const l = this.lazyOf(id);
    const [ip, name, connector, direction, format] = l.make(id - l.from);
    const odd = ip.includes(OTHER) || name.includes(OTHER) || connector.includes(OTHER);
    const k: PeerKey = { ip, name: odd ? '' : name, connector, direction, format, id };
    this.keys[id] = k;
    return { k, lookupName: name };
  }

  /** Puts every lazy peer not yet indexed in byIp/byKey (their keys made). */
  private indexLazy(): void {
    const from = this.unindexed;
    this.unindexed = -1;
    for (let r = from; r < this.lazy.length; r++) {
      const l = this.lazy[r] as (typeof this.lazy)[number];
      for (let id = l.from; id < l.to; id++) {
        const m = this.made(id);
        this.index(m.k, m.lookupName);
      }
    }
  }

  /** The peer of this key, or -1. */
  private find(ip: string, name: string, connector: string, direction: Direction, format: LogFormat): number {
    if (this.unindexed >= 0) this.indexLazy();
    const known = this.byIp.get(ip);
    if (known === undefined) return -1;
    if (!Array.isArray(known)) {
      if (known.name === name && known.connector === connector && known.direction === direction && known.format === format) return known.id;
    } else {
      for (let i = 0; i < known.length; i++) {
        const q = known[i] as PeerKey;
        if (q.name === name && q.connector === connector && q.direction === direction && q.format === format) return q.id;
      }
    }
    return this.byKey.size > 0 ? (this.byKey.get(`${direction}\u0000${ip}\u0000${name}\u0000${connector}\u0000${format}`) ?? -1) : -1;
  }

  /** A new peer with no sessions yet, added to the index (`lookupName`: the name it is found by, when not its own). */
  private insert(ip: string, name: string, direction: Direction, connector: string, format: LogFormat, lookupName = name): number {
    const k: PeerKey = { ip, name, connector, direction, format, id: this.keys.length };
    this.row(k);
    this.index(k, lookupName);
    return k.id;
  }

  /** A new peer's row: its key and numbers, no sessions yet. */
  private row(k: PeerKey): void {
    const id = this.keys.length;
    this.changed(id);
    this.keys.push(k);
    this.suite1.push('');
    if ((id + 1) * STRIDE > this.num.length) {
      const grown = new Float64Array(this.num.length * 2);
      grown.set(this.num);
      this.num = grown;
    }
    const o = id * STRIDE;
    const num = this.num;
    // by hand: fill() is a call per range, and a log of short sessions makes a peer every few sessions
    for (let i = o; i < o + STRIDE; i++) num[i] = 0;
    num[o + N_FIRST] = Infinity;
    num[o + N_LAST] = -Infinity;
    for (let i = 0; i < TLS_VERSIONS.length; i++) num[o + N_VL + i] = -Infinity;
  }

  /** Puts peer `k` in the index (`lookupName`: the name it is found by, when not its own). */
  private index(k: PeerKey, lookupName: string): void {
    const { ip, name, connector, direction, format, id } = k;
    const known = this.byIp.get(ip);
    if (known === undefined) this.byIp.set(ip, k);
    else if (!Array.isArray(known)) this.byIp.set(ip, [known, k]);
    else if (known.length < MAX_PEERS_PER_IP) known.push(k);
    else {
      this.byKey.set(`${direction}\u0000${ip}\u0000${lookupName}\u0000${connector}\u0000${format}`, id);
      return;
    }
    if (lookupName !== name) this.byKey.set(`${direction}\u0000${ip}\u0000${lookupName}\u0000${connector}\u0000${format}`, id);
  }

  /** Every peer in its public shape (log strings not yet sanitised), in the order first seen. */
  peerReports(): PeerReport[] {
    const out: PeerReport[] = [];
    for (let id = 0; id < this.keys.length; id++) out.push(this.peerReport(id));
    return out;
  }

  /** Peer `id` in its public shape (a fresh object; log strings not yet sanitised). */
  peerReport(id: number): PeerReport {
    const num = this.num;
    const o = id * STRIDE;
    const k = this.key(id);
    // versions and their last times by name (a store per version, not a keyed store per peer); a time equal to the
    // peer's last one reuses its text (the usual case: one version)
    const last = num[o + N_LAST] as number;
    const lastSeen = iso(last);
    const versions: Partial<Record<TlsVersion, number>> = {};
    const versionLastSeen: PeerReport['versionLastSeen'] = {};
    // (in TLS_VERSIONS order: the keys come out in protocol order)
    for (let i = 0; i < TLS_VERSIONS.length; i++) {
      const n = num[o + N_VC + i] as number;
      if (n > 0) {
        const v = TLS_VERSIONS[i] as TlsVersion;
        versions[v] = n;
        versionLastSeen[v] = isoOr(num[o + N_VL + i] as number, last, lastSeen);
      }
    }
    const firstT = num[o + N_FIRST] as number;
    const first = this.firstSuite(id);
    let suites: Record<string, number> = {};
    if (first !== '') {
      if (this.suitesOf.has(id)) suites = ordered(this.suites(id));
      else suites[first] = num[o + N_SUITE] as number;
    }
    const sigs = this.sigsOf.size > 0 ? this.sigsOf.get(id) : undefined;
    const errs = this.errsOf.size > 0 ? this.errsOf.get(id) : undefined;
    // spelled out in PeerReport's key order: an object rest/spread per peer is slow with many peers
    return {
      peer: k.ip,
      name: k.name,
      direction: k.direction,
      connector: k.connector,
      format: k.format,
      sessions: num[o + N_SESS] as number,
      tlsSessions: num[o + N_TLS] as number,
      noTls: num[o + N_NOTLS] as number,
      versions,
      unknownVersion: num[o + N_UNK] as number,
      suites,
      failures: num[o + N_FAIL] as number,
      signatures: sigs ? ordered(sigs) : {},
      errors: errs ? ordered(errs) : {},
      firstSeen: firstT === last ? lastSeen : iso(firstT),
      lastSeen,
      versionLastSeen,
    };
  }

  /**
   * The report order of the peers (worst first: failures, SSLv3/TLS 1.0, TLS 1.1, sessions without TLS, healthy; then
   * more failures, more sessions, then the whole key), read from the numbers without a PeerReport per peer. Valid
   * until the aggregate changes.
   */
  peerOrder(): PeerOrder {
    return new PeerOrderImpl(
      this.num,
      this.keys.length,
      (id) => this.key(id),
      (id) => this.peerIp(id),
      this.sigsOf,
      this.stats().ranked,
    );
  }

  /**
   * One pass over the peers, kept until their numbers change: the sums totals() gives (sessions, TLS sessions, without
   * TLS, failures, unknown version, then per version) and the peers ranked before the healthy ones (failures, SSLv3,
   * TLS 1.0/1.1, no TLS), in id order, from which PeerOrder picks. A report needs both; with tens of thousands of peers
   * every such pass runs once, mostly before it is compiled.
   */
  private stats(): { sums: Float64Array; ranked: Int32Array } {
    if (this.statsOf && this.statsAt === this.gen) return this.statsOf;
    const num = this.num;
    const n = this.keys.length;
    const ranked = new Int32Array(n);
    let r = 0;
    let sess = 0,
      tls = 0,
      noTls = 0,
      fail = 0,
      unk = 0,
      v0 = 0,
      v1 = 0,
      v2 = 0,
      v3 = 0,
      v4 = 0;
    // the peers between the ranges whose numbers their producer worked out (pre), row by row
    for (let p = 0, from = 0; p <= this.pre.length; p++) {
      const x = this.pre[p];
      const to = x ? x.from : n;
      for (let id = from, o = from * STRIDE; id < to; id++, o += STRIDE) {
        const f = num[o + N_FAIL] as number;
        const a = num[o + N_VC] as number;
        const b = num[o + N_VC + 1] as number;
        const c = num[o + N_VC + 2] as number;
        const nt = num[o + N_NOTLS] as number;
        sess += num[o + N_SESS] as number;
        tls += num[o + N_TLS] as number;
        noTls += nt;
        fail += f;
        unk += num[o + N_UNK] as number;
        v0 += a;
        v1 += b;
        v2 += c;
        v3 += num[o + N_VC + 3] as number;
        v4 += num[o + N_VC + 4] as number;
        if (f + a + b + c + nt > 0) ranked[r++] = id;
      }
      if (!x) break;
      ranked.set(x.ranked, r);
      r += x.ranked.length;
      from = x.to;
    }
    const sums = Float64Array.of(sess, tls, noTls, fail, unk, v0, v1, v2, v3, v4);
    for (const x of this.pre) for (let i = 0; i < sums.length; i++) sums[i] = (sums[i] as number) + (x.sums[i] as number);
    this.statsOf = { sums, ranked: ranked.subarray(0, r) };
    this.statsAt = this.gen;
    return this.statsOf;
  }

  /** Plain data for postMessage (the peers as columns; transfer `peers.num.buffer`). */
  toData(): AggregateData {
    const n = this.keys.length;
    const peers: PeerColumns = {
      count: n,
      ip: [],
      name: [],
      connector: [],
      direction: [],
      format: [],
      num: this.num.slice(0, n * STRIDE),
      suite1: [],
      extra: [],
    };
    for (let id = 0; id < n; id++) {
      const k = this.key(id);
      peers.ip.push(k.ip);
      peers.name.push(k.name);
      peers.connector.push(k.connector);
      peers.direction.push(k.direction);
      peers.format.push(k.format);
      peers.suite1.push(this.firstSuite(id));
    }
    // (a peer's further suites in the order first seen; its first suite's record entry is a placeholder, see suites())
    for (const [id, d] of this.suitesOf) for (const [k, m] of Object.entries(d)) if (k !== this.firstSuite(id)) peers.extra.push(id, 0, k, m);
    for (const [id, d] of this.sigsOf) for (const [k, m] of Object.entries(d)) peers.extra.push(id, 1, k, m);
    for (const [id, d] of this.errsOf) for (const [k, m] of Object.entries(d)) peers.extra.push(id, 2, k, m);
    return {
      peers,
      series: [...this.series.entries()],
      lines: this.lines,
      bytes: this.bytes,
      malformed: this.malformed,
      samples: this.samples,
      files: this.files,
      overflow: this.overflow,
      tlsUnused: this.tlsUnused,
      tlsUnusedSamples: this.tlsUnusedSamples,
      local: this.local,
    };
  }

  /** Merges another aggregate's data into this one. */
  merge(d: AggregateData): void {
    this.gen++;
    this.lines += d.lines;
    this.bytes += d.bytes;
    this.malformed += d.malformed;
    this.overflow += d.overflow;
    this.tlsUnused += d.tlsUnused;
    for (const x of d.tlsUnusedSamples) if (this.tlsUnusedSamples.length < this.maxSamples) this.tlsUnusedSamples.push(x);
    this.local.push(...d.local);
    // every sample: the caller orders them and keeps the first few (orderSamples())
    this.samples.push(...d.samples);
    this.files.push(...d.files);
    for (const [day, v] of d.series) {
      let t = this.series.get(day);
      if (!t) this.series.set(day, (t = {}));
      for (const [k, n] of Object.entries(v)) t[k] = (t[k] ?? 0) + n;
    }
    const p = d.peers;
    const q = p.num;
    const ids = new Int32Array(p.count);
    for (let i = 0; i < p.count; i++) {
      const ip = p.ip[i] as string,
        name = p.name[i] as string,
        connector = p.connector[i] as string,
        direction = p.direction[i] as Direction,
        format = p.format[i] as LogFormat;
      let id = this.find(ip, name, connector, direction, format);
      if (id < 0) id = this.insert(ip, name, direction, connector, format);
      ids[i] = id;
      this.changed(id);
      const num = this.num;
      const o = id * STRIDE;
      const r = i * STRIDE;
      num[o + N_SESS] = (num[o + N_SESS] as number) + (q[r + N_SESS] as number);
      num[o + N_TLS] = (num[o + N_TLS] as number) + (q[r + N_TLS] as number);
      num[o + N_NOTLS] = (num[o + N_NOTLS] as number) + (q[r + N_NOTLS] as number);
      num[o + N_UNK] = (num[o + N_UNK] as number) + (q[r + N_UNK] as number);
      num[o + N_FAIL] = (num[o + N_FAIL] as number) + (q[r + N_FAIL] as number);
      for (let v = 0; v < TLS_VERSIONS.length; v++) {
        num[o + N_VC + v] = (num[o + N_VC + v] as number) + (q[r + N_VC + v] as number);
        if (!((q[r + N_VL + v] as number) <= (num[o + N_VL + v] as number))) num[o + N_VL + v] = q[r + N_VL + v] as number;
      }
      const s1 = p.suite1[i] as string;
      const n1 = q[r + N_SUITE] as number;
      if (s1 !== '' && n1) this.addSuite(id, s1, n1);
      if ((q[r + N_FIRST] as number) < (num[o + N_FIRST] as number)) num[o + N_FIRST] = q[r + N_FIRST] as number;
      if ((q[r + N_LAST] as number) > (num[o + N_LAST] as number)) num[o + N_LAST] = q[r + N_LAST] as number;
    }
    const x = p.extra;
    for (let j = 0; j + 3 < x.length; j += 4) {
      const id = ids[x[j] as number] as number;
      const what = x[j + 1] as number;
      const key = x[j + 2] as string;
      const n = x[j + 3] as number;
      if (what === 0) {
        if (n) this.addSuite(id, key, n);
        continue;
      }
      const of = what === 1 ? this.sigsOf : this.errsOf;
      let t = of.get(id);
      if (!t) of.set(id, (t = {}));
      if (n) t[key] = (t[key] ?? 0) + n;
    }
  }

  /** Totals over all peers. */
  totals(): LogTotals {
    const t: LogTotals = { sessions: 0, tlsSessions: 0, noTls: 0, failures: 0, versions: {}, unknownVersion: 0, signatures: {} };
    const x = this.stats().sums;
    t.sessions = x[0] as number;
    t.tlsSessions = x[1] as number;
    t.noTls = x[2] as number;
    t.failures = x[3] as number;
    t.unknownVersion = x[4] as number;
    const vc = Array.from(x.subarray(5, 5 + TLS_VERSIONS.length));
    for (const d of this.sigsOf.values()) addAll(t.signatures, d);
    TLS_VERSIONS.forEach((v, i) => {
      if ((vc[i] as number) > 0) t.versions[v] = vc[i] as number;
    });
    t.versions = ordered(t.versions, true);
    t.signatures = ordered(t.signatures);
    return t;
  }

  /** The per-day series, days in order. */
  seriesData(): DaySeries {
    const out: DaySeries = {};
    for (const day of [...this.series.keys()].sort()) out[day] = ordered({ ...this.series.get(day) }, true);
    return out;
  }
}

let lastDayNum = NaN;
let lastDay = '';
/** Day names by day number (logs interleave a few days at most: lines of sessions that cross midnight, merged files). */
const dayNames = new Map<number, string>();
/** `yyyy-mm-dd` (UTC) of a time, cached. */
function dayOf(ts: number): string {
  const n = Math.floor(ts / 86_400_000);
  if (n !== lastDayNum) {
    let d = dayNames.get(n);
    if (d === undefined) {
      d = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (dayNames.size >= 4096) dayNames.clear();
      dayNames.set(n, d);
    }
    lastDayNum = n;
    lastDay = d;
  }
  return lastDay;
}

function addAll(into: Record<string, number | undefined>, from: Record<string, number | undefined>): void {
  for (const [k, n] of Object.entries(from)) if (n) into[k] = (into[k] ?? 0) + n;
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
/** `Thh:mm:ss` by second of the day and `.mmmZ` by millisecond, made when first needed (a report formats 3 times a peer). */
let HMS: (string | undefined)[] | undefined;
let MS: (string | undefined)[] | undefined;
/**
 * Date#toISOString() of a time: the day from dayOf()'s cache, the time of day from the tables above (three pieces, not
 * a dozen intermediate strings per time); years outside 1970–9999 go to toISOString().
 */
function iso(t: number): string | null {
  if (!Number.isFinite(t)) return null;
  if (!(t >= 0 && t < 253402300800000)) return new Date(t).toISOString();
  // (allocated whole on first use: filled sparsely, a growing array turns into a slow dictionary)
  HMS ??= new Array<string | undefined>(86_400).fill(undefined);
  MS ??= new Array<string | undefined>(1000).fill(undefined);
  const msOfDay = t % 86_400_000;
  const s = Math.floor(msOfDay / 1000);
  const m = msOfDay % 1000;
  const hms = (HMS[s] ??= `T${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}`);
  const ms = Number.isInteger(m) ? (MS[m] ??= `.${m < 10 ? '00' : m < 100 ? '0' : ''}${m}Z`) : `.${m < 10 ? '00' : m < 100 ? '0' : ''}${m}Z`;
  return dayOf(t) + hms + ms;
}

/** iso(t), or `known` (the text of time `same`) when t is that time. */
function isoOr(t: number, same: number, known: string | null): string | undefined {
  return (t === same ? known : iso(t)) ?? undefined;
}

/** Versions in protocol order, then the other series keys. */
const VERSION_RANK: Record<string, number> = { SSLv3: 0, 'TLSv1.0': 1, 'TLSv1.1': 2, 'TLSv1.2': 3, 'TLSv1.3': 4, unknown: 5, none: 6, failed: 7 };
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byVersion = (a: string, b: string): number => (VERSION_RANK[a] ?? 99) - (VERSION_RANK[b] ?? 99) || byCodeUnit(a, b);

/**
 * A copy of `o` with its keys in a fixed order (versions in protocol order, anything else by code unit), so that the
 * report does not depend on the order sessions were read in, nor on how many threads read them.
 */
export function ordered<T extends object>(o: T, versions = false): T {
  const keys = Object.keys(o);
  if (keys.length < 2) return o;
  keys.sort(versions ? byVersion : byCodeUnit);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = (o as Record<string, unknown>)[k];
  return out as T;
}

/** What a peer must have to be picked by PeerOrder.first(): any peer, failures, sessions of a version, sessions without TLS. */
export type PeerPick = 'all' | 'failures' | 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'noTls';
const PICK_AT: Record<PeerPick, number> = { all: -1, failures: N_FAIL, SSLv3: N_VC, 'TLSv1.0': N_VC + 1, 'TLSv1.1': N_VC + 2, noTls: N_NOTLS };

/** The peers of an aggregate in report order, by id (see Aggregate.peerOrder()). */
export interface PeerOrder {
  /** Number of peers. */
  readonly n: number;
  /** Negative when peer `a` comes before peer `b` (a total order: the same key twice goes by id, as a stable sort). */
  cmp(a: number, b: number): number;
  /** Every peer id in report order. */
  sorted(): Uint32Array;
  /** The first `k` peers in report order among those `pick` accepts, and how many it accepts in all. */
  first(k: number, pick: PeerPick): { ids: number[]; count: number };
  /** first() for several picks in one pass over the peers. */
  firstOf(k: number, picks: readonly PeerPick[]): { ids: number[]; count: number }[];
  /** Peers whose signatures include `sig`. */
  peersWithSignature(sig: string): number;
}

class PeerOrderImpl implements PeerOrder {
  readonly n: number;
  /**
   * rank * 2^32 - failures (failures < 2^32), and -sessions: the numeric part of the order, per id — kept for every
   * peer only for sorted(); a report's picks compare a few peers, whose numbers are read when compared (key1()).
   */
  private k1: Float64Array | null = null;
  private k2: Float64Array | null = null;

  constructor(
    private readonly num: Float64Array,
    n: number,
    private readonly keyOf: (id: number) => PeerKey,
    private readonly ipOf: (id: number) => string,
    private readonly sigsOf: ReadonlyMap<number, Record<string, number>>,
    /** The peers ranked before the healthy ones, in id order (Aggregate's stats()). */
    private readonly ranked: Int32Array,
  ) {
    this.n = n;
  }

  /** The first part of peer `id`'s order: its rank (failures, SSLv3/TLS 1.0, TLS 1.1, no TLS, healthy) and failures. */
  private key1(id: number): number {
    if (this.k1) return this.k1[id] as number;
    const num = this.num;
    const o = id * STRIDE;
    const fail = num[o + N_FAIL] as number;
    const rank =
      fail > 0
        ? 0
        : (num[o + N_VC] as number) > 0 || (num[o + N_VC + 1] as number) > 0
          ? 1
          : (num[o + N_VC + 2] as number) > 0
            ? 2
            : (num[o + N_NOTLS] as number) > 0
              ? 3
              : 4;
    return rank * 4294967296 - Math.min(fail, 4294967295);
  }

  private key2(id: number): number {
    return this.k2 ? (this.k2[id] as number) : -(this.num[id * STRIDE + N_SESS] as number);
  }

  /** IPs asked for by cmpKey() (a pick's last kept peer is compared with every peer of equal numbers). */
  private readonly ips = new Map<number, string>();
  private ip(id: number): string {
    let x = this.ips.get(id);
    if (x === undefined) this.ips.set(id, (x = this.ipOf(id)));
    return x;
  }

  /** The whole key of two peers whose numbers are equal (then the id: a stable sort's order); the IPs first, alone. */
  private cmpKey(a: number, b: number): number {
    const byIp = byCodeUnit(this.ip(a), this.ip(b));
    if (byIp !== 0) return byIp;
    const p = this.keyOf(a),
      q = this.keyOf(b);
    return (
      byCodeUnit(p.name, q.name) || byCodeUnit(p.direction, q.direction) || byCodeUnit(p.connector, q.connector) || byCodeUnit(p.format, q.format) || a - b
    );
  }

  cmp(a: number, b: number): number {
    return this.key1(a) - this.key1(b) || this.key2(a) - this.key2(b) || this.cmpKey(a, b);
  }

  sorted(): Uint32Array {
    if (!this.k1) {
      const k1 = new Float64Array(this.n);
      const k2 = new Float64Array(this.n);
      for (let id = 0; id < this.n; id++) {
        k1[id] = this.key1(id);
        k2[id] = this.key2(id);
      }
      this.k1 = k1;
      this.k2 = k2;
    }
    // (measured: a packed numeric pre-sort, or the IPs' code units through the typed-array sort, were no faster on
    // the first and only call a report makes)
    const ids = new Uint32Array(this.n);
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    return ids.sort((a, b) => this.cmp(a, b));
  }

  first(k: number, pick: PeerPick): { ids: number[]; count: number } {
    return this.firstOf(k, [pick])[0] as { ids: number[]; count: number };
  }

  firstOf(k: number, picks: readonly PeerPick[]): { ids: number[]; count: number }[] {
    const at = picks.map((p) => PICK_AT[p]);
    const out = picks.map(() => ({ ids: [] as number[], count: 0 }));
    const num = this.num;
    const m = picks.length;
    // the peers a pick can accept are among those ranked before the healthy ones (every pick of a report but 'all');
    // and the first k of 'all' alone are too, when there are at least k of them (each comes before any healthy peer)
    const allOnly = m === 1 && at[0] === -1 && k > 0;
    const ranked = this.ranked;
    const rankedOnly = m > 0 && at.every((f) => f === N_FAIL || f === N_VC || f === N_VC + 1 || f === N_VC + 2 || f === N_NOTLS);
    const cand: Int32Array | null = rankedOnly || (allOnly && ranked.length >= k) ? ranked : null;
    const nCand = cand ? cand.length : this.n;
    for (let c = 0; c < nCand; c++) {
      const id = cand ? (cand[c] as number) : c;
      const o = id * STRIDE;
      for (let j = 0; j < m; j++) {
        const f = at[j] as number;
        if (f >= 0 && !((num[o + f] as number) > 0)) continue;
        const r = out[j] as { ids: number[]; count: number };
        r.count++;
        const ids = r.ids;
        if (k <= 0 || (ids.length === k && this.cmp(id, ids[k - 1] as number) > 0)) continue;
        // binary insertion into the k kept so far
        let lo = 0,
          hi = ids.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (this.cmp(ids[mid] as number, id) < 0) lo = mid + 1;
          else hi = mid;
        }
        ids.splice(lo, 0, id);
        if (ids.length > k) ids.pop();
      }
    }
    // ('all' accepts every peer, those left out above too)
    if (allOnly) (out[0] as { ids: number[]; count: number }).count = this.n;
    return out;
  }

  peersWithSignature(sig: string): number {
    let n = 0;
    for (const d of this.sigsOf.values()) if (d[sig]) n++;
    return n;
  }
}
