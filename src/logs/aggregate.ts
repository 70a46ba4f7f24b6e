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
 * The accumulator behind one PeerReport: times as numbers until the end, versions as two small arrays indexed like
 * TLS_VERSIONS (sessions, last time seen) — a few cache lines per peer touched per session, no keyed property stores.
 */
export interface PeerAcc extends Omit<PeerReport, 'firstSeen' | 'lastSeen' | 'versionLastSeen' | 'versions'> {
  first: number;
  last: number;
  vc: number[];
  vl: number[];
}

/** Index of a version in TLS_VERSIONS (most common first). */
function vIndex(v: TlsVersion): number {
  return v === 'TLSv1.2' ? 3 : v === 'TLSv1.3' ? 4 : v === 'TLSv1.0' ? 1 : v === 'TLSv1.1' ? 2 : 0;
}

/** Everything an Aggregate holds, as plain data (sent from a worker to the main thread). */
export interface AggregateData {
  peers: PeerAcc[];
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

export class Aggregate {
  /** Every peer, in the order first seen. */
  readonly peers: PeerAcc[] = [];
  /**
   * The peer of each IP, or its first MAX_PEERS_PER_IP peers when there are several: the index of `peers` (no key
   * string is built for a session, nor for a new peer). An IP's further peers are in `byKey`.
   */
  private readonly byIp = new Map<string, PeerAcc | PeerAcc[]>();
  /** The peers of IPs that have more than MAX_PEERS_PER_IP of them, by their whole key. */
  private readonly byKey = new Map<string, PeerAcc>();
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
  private readonly since: number;
  private readonly until: number;
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

  /** True when a time passes --since/--until (times that could not be read always pass). */
  inWindow(ts: number): boolean {
    return !(ts < this.since) && !(ts >= this.until);
  }

  /** Counts a malformed line and keeps the first few as samples (the first few of each file with samplesPerFile). */
  bad(file: string, line: number, reason: string, text: string): void {
    this.malformed++;
    if (this.samplesPerFile) {
      if (file !== this.sampleFile) { this.sampleFile = file; this.fileSamples = 0; }
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
    if (!l) this.local.push(l = { file, mta, count: 0, first: null, last: null, sample: text.slice(0, 300) });
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
    if (this.filter) {
      const ip = r.ip.toLowerCase();
      const name = r.name.toLowerCase();
      if (!this.filter.some((f) => ip.includes(f) || name.includes(f))) return;
    }
    let p = this.find(r.ip, r.name, r.connector, r.direction, r.format);
    if (!p) p = this.create(r);
    const failed = r.sigs.length > 0 || r.errors.length > 0;
    if (r.session) {
      p.sessions++;
      if (r.version) {
        p.tlsSessions++;
        if (r.version === 'unknown') p.unknownVersion++;
        else {
          const i = vIndex(r.version);
          p.vc[i] = (p.vc[i] as number) + 1;
          if (!(r.ts <= (p.vl[i] as number))) p.vl[i] = r.ts;
        }
        if (r.suite) p.suites[r.suite] = (p.suites[r.suite] ?? 0) + 1;
      } else if (!failed) p.noTls++;
    }
    if (failed) p.failures++;
    for (const s of r.sigs) p.signatures[s] = (p.signatures[s] ?? 0) + 1;
    for (const e of r.errors) p.errors[e] = (p.errors[e] ?? 0) + 1;
    if (r.ts === r.ts) {
      if (!(r.ts >= p.first)) p.first = r.ts;
      if (!(r.ts <= p.last)) p.last = r.ts;
      if (r.session || failed) {
        const day = dayOf(r.ts);
        let d = this.series.get(day);
        if (!d) this.series.set(day, (d = {}));
        const k = r.session ? (r.version ?? (failed ? 'failed' : 'none')) : 'failed';
        d[k] = (d[k] ?? 0) + 1;
      }
    }
  }

  /** The peer of this key, if there is one. */
  private find(ip: string, name: string, connector: string, direction: Direction, format: LogFormat): PeerAcc | undefined {
    const known = this.byIp.get(ip);
    if (known === undefined) return undefined;
    if (!Array.isArray(known)) {
      if (known.name === name && known.connector === connector && known.direction === direction && known.format === format) return known;
      return this.byKey.size > 0 ? this.byKey.get(`${direction}\u0000${ip}\u0000${name}\u0000${connector}\u0000${format}`) : undefined;
    }
    for (let i = 0; i < known.length; i++) {
      const q = known[i] as PeerAcc;
      if (q.name === name && q.connector === connector && q.direction === direction && q.format === format) return q;
    }
    return this.byKey.size > 0 ? this.byKey.get(`${direction}\u0000${ip}\u0000${name}\u0000${connector}\u0000${format}`) : undefined;
  }

  /** Adds a peer to `peers` and the index (`name`: the name it is found by, when not its own). */
  private insert(p: PeerAcc, name = p.name): void {
    this.peers.push(p);
    const known = this.byIp.get(p.peer);
    if (known === undefined) this.byIp.set(p.peer, p);
    else if (!Array.isArray(known)) this.byIp.set(p.peer, [known, p]);
    else if (known.length < MAX_PEERS_PER_IP) known.push(p);
    else { this.byKey.set(`${p.direction}\u0000${p.peer}\u0000${name}\u0000${p.connector}\u0000${p.format}`, p); return; }
    if (name !== p.name) this.byKey.set(`${p.direction}\u0000${p.peer}\u0000${name}\u0000${p.connector}\u0000${p.format}`, p);
  }

  /** The new peer of a record that has none yet, or "(other)" beyond maxPeers. */
  private create(r: SessionRecord): PeerAcc {
    if (this.peers.length >= this.maxPeers) {
      this.overflow++;
      const o = this.find(OTHER, '', r.connector, r.direction, r.format);
      if (o) return o;
      const p = newPeer(OTHER, '', r.direction, r.connector, r.format);
      this.insert(p);
      return p;
    }
    // (as before: a peer whose key has "(other)" in it gets no name; it is still found by the name it came with)
    const odd = r.ip.includes(OTHER) || r.name.includes(OTHER) || r.connector.includes(OTHER);
    const p = newPeer(r.ip, odd ? '' : r.name, r.direction, r.connector, r.format);
    this.insert(p, r.name);
    return p;
  }

  /** Plain data for postMessage. */
  toData(): AggregateData {
    return {
      peers: this.peers, series: [...this.series.entries()], lines: this.lines, bytes: this.bytes,
      malformed: this.malformed, samples: this.samples, files: this.files, overflow: this.overflow,
      tlsUnused: this.tlsUnused, tlsUnusedSamples: this.tlsUnusedSamples, local: this.local,
    };
  }

  /** Merges another aggregate's data into this one. */
  merge(d: AggregateData): void {
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
    for (const q of d.peers) {
      const p = this.find(q.peer, q.name, q.connector, q.direction, q.format);
      if (!p) { this.insert(q); continue; }
      p.sessions += q.sessions;
      p.tlsSessions += q.tlsSessions;
      p.noTls += q.noTls;
      p.unknownVersion += q.unknownVersion;
      p.failures += q.failures;
      for (let i = 0; i < p.vc.length; i++) {
        p.vc[i] = (p.vc[i] as number) + (q.vc[i] as number);
        if (!((q.vl[i] as number) <= (p.vl[i] as number))) p.vl[i] = q.vl[i] as number;
      }
      addAll(p.suites, q.suites);
      addAll(p.signatures, q.signatures);
      addAll(p.errors, q.errors);
      if (q.first < p.first) p.first = q.first;
      if (q.last > p.last) p.last = q.last;
    }
  }

  /** Totals over all peers. */
  totals(): LogTotals {
    const t: LogTotals = { sessions: 0, tlsSessions: 0, noTls: 0, failures: 0, versions: {}, unknownVersion: 0, signatures: {} };
    for (const p of this.peers) {
      t.sessions += p.sessions;
      t.tlsSessions += p.tlsSessions;
      t.noTls += p.noTls;
      t.failures += p.failures;
      t.unknownVersion += p.unknownVersion;
      addAll(t.versions, versionCounts(p));
      addAll(t.signatures, p.signatures);
    }
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

function newPeer(ip: string, name: string, direction: Direction, connector: string, format: LogFormat): PeerAcc {
  return {
    peer: ip, name, direction, connector, format, sessions: 0, tlsSessions: 0, noTls: 0, unknownVersion: 0,
    suites: {}, failures: 0, signatures: {}, errors: {}, first: Infinity, last: -Infinity,
    vc: TLS_VERSIONS.map(() => 0), vl: TLS_VERSIONS.map(() => -Infinity),
  };
}

/** The sessions per version of a peer, versions in protocol order (only those seen). */
function versionCounts(p: PeerAcc): Partial<Record<TlsVersion, number>> {
  const out: Partial<Record<TlsVersion, number>> = {};
  TLS_VERSIONS.forEach((v, i) => { if ((p.vc[i] as number) > 0) out[v] = p.vc[i] as number; });
  return out;
}

const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
/**
 * Date#toISOString() of a time: the day from dayOf()'s cache, the time of day by arithmetic (a report of many peers
 * formats three times per peer); years outside 1970–9999 go to toISOString().
 */
function iso(t: number): string | null {
  if (!Number.isFinite(t)) return null;
  if (!(t >= 0 && t < 253402300800000)) return new Date(t).toISOString();
  const msOfDay = t % 86_400_000;
  const s = Math.floor(msOfDay / 1000);
  const m = msOfDay % 1000;
  return `${dayOf(t)}T${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}.${m < 10 ? '00' : m < 100 ? '0' : ''}${m}Z`;
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

/** The public shape of a peer. */
export function peerReport(p: PeerAcc): PeerReport {
  const versionLastSeen: PeerReport['versionLastSeen'] = {};
  TLS_VERSIONS.forEach((v, i) => { if ((p.vc[i] as number) > 0) versionLastSeen[v] = iso(p.vl[i] as number) ?? undefined; });
  // spelled out (same key order as newPeer()): an object rest/spread per peer is slow with many peers
  return {
    peer: p.peer, name: p.name, direction: p.direction, connector: p.connector, format: p.format, sessions: p.sessions,
    tlsSessions: p.tlsSessions, noTls: p.noTls, versions: versionCounts(p), unknownVersion: p.unknownVersion,
    suites: ordered(p.suites), failures: p.failures, signatures: ordered(p.signatures), errors: ordered(p.errors), firstSeen: iso(p.first), lastSeen: iso(p.last), versionLastSeen,
  };
}
