// Reference Exchange parser for tests: the pre-optimisation ExchangeParser (commit 65d9825), kept verbatim as the oracle.
import type { TlsVersion } from '../../src/policy/exchange-online.js';
import type { Aggregate } from '../../src/logs/aggregate.js';
import type { BlockParser } from '../../src/logs/reader.js';
import { lineAt } from '../../src/logs/reader.js';
import { EXCHANGE_TLS_FAILED, EXCHANGE_TLS_SUCCESS, matchSignatures } from '../../src/logs/signatures.js';
import { isoAt } from '../../src/logs/time.js';
import type { Direction } from '../../src/logs/types.js';

interface Sess {
  ts: number;
  ip: string;
  name: string;
  connector: string;
  dir: Direction;
  version: TlsVersion | null;
  suite: string;
  sigs: string[] | null;
  errors: string[] | null;
}

// Byte patterns of the lines that matter; everything else is only counted.
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
  K_DISCONNECT = 6;

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

export class ReferenceExchangeParser implements BlockParser {
  private readonly open = new Map<string, Sess>();
  private readonly hits: number[] = [];
  /** Sessions in start order (sid, session pairs) for eviction; entries before qHead are done. */
  private readonly queue: (string | Sess)[] = [];
  private qHead = 0;
  private dir: Direction;

  constructor(
    private readonly file: string,
    private readonly agg: Aggregate,
    dir: Direction | null,
    private readonly maxLine: number,
  ) {
    this.dir = dir ?? 'inbound';
  }

  block(buf: Buffer, start: number, end: number, firstLine: number): void {
    const hits = this.hits;
    hits.length = 0;
    const scan = (pat: Buffer, kind: number): void => {
      let p = start;
      while ((p = buf.indexOf(pat, p)) !== -1 && p < end) {
        hits.push(p * 8 + kind);
        p += pat.length;
      }
    };
    // connect lines: `,+,`
    for (let p = start; (p = buf.indexOf(P_CONNECT, p)) !== -1 && p < end; p += 2) if (buf[p - 1] === 44) hits.push(p * 8 + K_CONNECT);
    // information lines `,*,` with an empty data field and a context starting with `T` or `"` (TLS success/failure)
    for (let p = start; (p = buf.indexOf(P_STAR, p)) !== -1 && p < end; p += 2) {
      if (buf[p - 1] === 44 && buf[p + 2] === 44) {
        const c = buf[p + 3];
        if (c === 84 || c === 34) hits.push(p * 8 + K_STAR);
      }
    }
    // disconnect lines: `,-,,` (ends the session)
    for (let p = start; (p = buf.indexOf(P_DISCONNECT, p)) !== -1 && p < end; p += 2)
      if (buf[p - 1] === 44 && buf[p + 2] === 44) hits.push(p * 8 + K_DISCONNECT);
    for (const pat of P_EHLO) scan(pat, K_EHLO);
    for (const pat of P_BANNER) scan(pat, K_BANNER);
    for (const pat of P_REPLY) scan(pat, K_REPLY);
    for (const pat of P_QREPLY) {
      for (let p = start; (p = buf.indexOf(pat, p)) !== -1 && p < end; p += 2) {
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
      let le = buf.indexOf(10, pos);
      if (le === -1 || le > end) le = end;
      if (le - ls > this.maxLine) continue; // counted by the reader
      if (le > ls && buf[le - 1] === 13) le--;
      if (kind === K_EHLO || kind === K_BANNER) {
        // the second EHLO of a session (after STARTTLS) needs no parsing: look the session up from the bytes
        const c = buf[ls + 24] === 44 && buf[ls + 25] !== 34 ? buf.indexOf(44, ls + 25) : -1;
        if (c > 0 && c + 17 < le && buf[c + 17] === 44) {
          const open = this.open.get(buf.toString('latin1', c + 1, c + 17));
          if (open && open.name) continue;
        }
      }
      const line = buf.toString('latin1', ls, le);
      this.line(line, kind, buf, start, ls, firstLine);
    }
  }

  private line(line: string, kind: number, buf: Buffer, start: number, ls: number, firstLine: number): void {
    if (kind === K_LOGTYPE) {
      if (line.startsWith('#Log-type: ')) this.dir = /Send/i.test(line) ? 'outbound' : 'inbound';
      return;
    }
    const f = fields(line);
    if (!f) {
      this.agg.bad(this.file, lineAt(buf, start, ls, firstLine), 'exchange-fields', line);
      return;
    }
    const ev = f.ev;
    if (kind === K_CONNECT ? ev !== 43 : kind === K_STAR ? ev !== 42 : kind === K_DISCONNECT ? ev !== 45 : ev !== 60 && ev !== 62) return;
    const ts = isoAt(line, 0);
    const sid = f.sid;
    const rest = f.rest;
    let s = this.open.get(sid);
    if (kind === K_DISCONNECT) {
      if (s) this.finish(sid, s);
      return;
    }
    if (kind === K_CONNECT) {
      if (s) this.finish(sid, s);
      s = this.newSession(ts, f);
      this.open.set(sid, s);
      this.queue.push(sid, s);
      this.evict(ts);
      return;
    }
    if (!s) {
      // a session whose connect line is in an earlier file or before --since: start it from this line
      s = this.newSession(ts, f);
      this.open.set(sid, s);
      this.queue.push(sid, s);
    }
    switch (kind) {
      case K_EHLO:
        if (!s.name) s.name = helloName(rest);
        break;
      case K_BANNER: {
        const d = rest.charCodeAt(0) === 34 ? rest.slice(1) : rest;
        if (!s.name && !d.startsWith('220 2.0.0')) s.name = (d.split(' ', 3)[1] ?? '').replace(/[,"]+$/, '').slice(0, 255);
        break;
      }
      case K_STAR: {
        if (rest.startsWith(',"TLS protocol') || rest.startsWith(',TLS protocol')) {
          const t = parseTlsSuccess(rest);
          if (!t) {
            this.agg.bad(this.file, lineAt(buf, start, ls, firstLine), 'exchange-tls-line', line);
            break;
          }
          s.version = t.version;
          s.suite = t.suite;
          if (t.dir) s.dir = t.dir;
        } else if (rest.startsWith(',TLS negotiation failed') || rest.startsWith(',"TLS negotiation failed')) {
          const m = EXCHANGE_TLS_FAILED.exec(rest);
          (s.errors ??= []).push(m?.[1] ?? 'unknown');
          for (const id of matchSignatures(rest, 'exchange')) (s.sigs ??= []).push(id);
        }
        break;
      }
      case K_REPLY: {
        const ids = matchSignatures(rest, 'exchange');
        if (ids.length) for (const id of ids) if (!(s.sigs ??= []).includes(id)) s.sigs.push(id);
        break;
      }
    }
  }

  private newSession(ts: number, f: Fields): Sess {
    return {
      ts,
      ip: hostOf(f.remote),
      name: '',
      connector: utf8(f.conn),
      dir: this.dir,
      version: null,
      suite: '',
      sigs: null,
      errors: null,
    };
  }

  /** Closes sessions that started more than SESSION_TTL before `now`, and the oldest beyond MAX_OPEN. */
  private evict(now: number): void {
    const q = this.queue;
    while (this.qHead < q.length) {
      const sid = q[this.qHead] as string;
      const s = q[this.qHead + 1] as Sess;
      if (this.open.get(sid) !== s) {
        this.qHead += 2;
        continue;
      } // already finished
      if (this.open.size > MAX_OPEN || s.ts < now - SESSION_TTL) {
        this.finish(sid, s);
        this.qHead += 2;
      } else break;
    }
    if (this.qHead > 65536 && this.qHead * 2 > q.length) {
      q.splice(0, this.qHead);
      this.qHead = 0;
    }
  }

  private finish(sid: string, s: Sess): void {
    this.open.delete(sid);
    this.agg.add({
      ts: s.ts,
      ip: s.ip,
      name: s.name,
      direction: s.dir,
      connector: s.connector,
      format: s.dir === 'inbound' ? 'exchange-receive' : 'exchange-send',
      version: s.version,
      suite: s.suite,
      sigs: s.sigs ?? [],
      errors: s.errors ?? [],
      session: true,
    });
  }

  end(): void {
    for (const [sid, s] of this.open) this.finish(sid, s);
    this.queue.length = 0;
    this.qHead = 0;
  }
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
