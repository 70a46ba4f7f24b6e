// Postfix, Exim and Sendmail log parser (syslog, RFC 3339 syslog, Exim mainlog): prefilter, then one regex per line kind.
import type { TlsVersion } from '../policy/exchange-online.js';
import type { Aggregate, SessionRecord } from './aggregate.js';
import { latin1, type BlockParser } from './reader.js';
import { K_LONG, LineScanner, RECORD_INTS } from './linescan.js';
import {
  matchSignatures, SIG_EXIM_TLS_ERROR, SIG_SENDMAIL_STARTTLS_ERROR,
} from './signatures.js';
import { isoAt, syslogTime } from './time.js';
import type { Direction, LogFormat } from './types.js';

type Mta = 'postfix' | 'exim' | 'sendmail';


/** A line is read only when it contains one of these (wasm/mta-patterns.ts is generated from this list). */
export const PATTERNS = [
  'TLS connection ', 'connect from ', 'SSL_accept error', 'SSL_connect error', 'TLS library problem',
  'STARTTLS command first', 'lost connection after STARTTLS', ' relay=', ' <= ', ' => ', ' ** ', ' == ', 'TLS error on',
  'TLS send error', 'TLS recv error', 'STARTTLS=', 'STARTTLS:', 'TLS handshake failed', 'TLS session',
];

const RX_SYSLOG = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) \S+ ([\w/.-]+)\[(\d+)\]: (.*)$/;
const RX_EXIM = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})? (?:\[\d+(?:\/\d+)?\] )?(.*)$/;

const RX_PF_TLS = /^(?:(?:Anonymous|Untrusted|Trusted|Verified) )?TLS connection (?:established|reused) (from|to) ([^[\s]*)\[([^\]]+)\](?::\d+)?(?: to \S+)?: (SSLv[23]|TLSv1(?:\.[0-3])?) with cipher (\S+)/;
const RX_PF_CONNECT = /^(dis)?connect from ([^[\s]*)\[([^\]]+)\]/;
const RX_PF_HOSTIP = /(?:from|to) ([^[\s]*)\[([^\]]+)\]/;
const RX_PF_DELIVERY = /^\w+: to=<[^>]*>, (?:orig_to=<[^>]*>, )?relay=([^[\s,]*)\[([^\]]+)\](?::\d+)?, (.*)$/;
const RX_OPENSSL_REASON_RAW = /error:[0-9A-Fa-f]+:[^:]*:[^:]*:([^:,]+)/;
/** The reason text of an OpenSSL error string (`error:0A000102:SSL routines::unsupported protocol` → `unsupported protocol`). */
const RX_OPENSSL_REASON = {
  exec(s: string): [string, string] | null {
    const m = RX_OPENSSL_REASON_RAW.exec(s);
    const r = m?.[1]?.trim();
    return r && !/^reason\(\d+\)$/.test(r) ? [m?.[0] as string, r] : null;
  },
};

const RX_EXIM_H = /\bH=(?:([^\s([]+) )?(?:\(([^)]*)\) )?\[([^\]]+)\]/;
const RX_EXIM_X = /\bX=([^\s:]+):([^\s:]+)/;
const RX_EXIM_P = /\bP=(\S+)/;

const RX_SM_TLS = /STARTTLS=(server|client), relay=([^,]*), version=([^,]+), verify=[^,]*, cipher=([^,\s]+)/;
const RX_SM_RELAY = /relay=([^,]*)/;

/** TLS version from the spellings of Postfix, Exim and Sendmail (`TLSv1` and Exim's `TLS1` are TLS 1.0). */
export function mtaVersion(v: string): TlsVersion | 'unknown' {
  switch (v) {
    case 'TLSv1': case 'TLS1': case 'TLS1.0': case 'TLSv1.0': return 'TLSv1.0';
    case 'TLSv1.1': case 'TLS1.1': return 'TLSv1.1';
    case 'TLSv1.2': case 'TLS1.2': return 'TLSv1.2';
    case 'TLSv1.3': case 'TLS1.3': return 'TLSv1.3';
    case 'SSLv3': case 'SSL3': case 'SSL3.0': return 'SSLv3';
    default: return 'unknown';
  }
}

/** Sendmail `relay=` value: `name [ip]`, `[ip]`, `name.` (with "(may be forged)" removed). */
function smRelay(r: string): { ip: string; name: string } {
  const m = /^(\S*?)\.? ?\[([^\]]+)\]/.exec(r.trim());
  if (m) return { ip: m[2] as string, name: m[1] ?? '' };
  const n = r.trim().split(' ')[0] ?? '';
  return { ip: n.replace(/\.$/, ''), name: '' };
}

interface PidSess {
  ip: string;
  name: string;
  ts: number;
  version: TlsVersion | 'unknown' | null;
  suite: string;
  sigs: string[];
  errors: string[];
  connector: string;
}

interface SmtpPid {
  tlsIp: string | null;
  used: boolean;
  pendingSigs: string[];
  pendingErrors: string[];
  lastIp: string;
  lastName: string;
}

const MAX_PIDS = 20_000;

export class MtaParser implements BlockParser {
  private readonly smtpd = new Map<string, PidSess>();
  private readonly smtp = new Map<string, SmtpPid>();
  private readonly starts: number[] = [];
  /** Which MTAs were seen (the file's format is the most frequent). */
  readonly seen: Record<Mta, number> = { postfix: 0, exim: 0, sendmail: 0 };

  constructor(
    private readonly file: string,
    private readonly agg: Aggregate,
    private readonly year: number,
    private readonly nowMonth: number,
    private readonly maxLine: number,
    scanner?: LineScanner,
  ) {
    this.scanner = scanner ?? new LineScanner();
  }

  /** Counts lines and finds the candidate lines of each block (WebAssembly, shared with the Exchange parser). */
  private readonly scanner: LineScanner;

  /** The dominant MTA of this file. */
  format(): LogFormat {
    const s = this.seen;
    return s.exim > s.postfix && s.exim >= s.sendmail ? 'exim' : s.sendmail > s.postfix ? 'sendmail' : 'postfix';
  }

  /**
   * The WebAssembly scanner counts the lines of the block, flags overlong ones and finds those that contain one of
   * PATTERNS (the same lines candidateLines() finds); only those are decoded.
   */
  readonly countsLines = true;

  block(buf: Buffer, start: number, end: number, firstLine: number): number {
    const sc = this.scanner;
    const agg = this.agg;
    const cand = this.starts;
    cand.length = 0;
    let lineNo = firstLine;
    const base = sc.load(buf, start, end);
    for (let n = sc.nextMta(this.maxLine); n >= 0; n = sc.nextMta(this.maxLine)) {
      const r = sc.current;
      for (let i = 0, o = 0; i < n; i++, o += RECORD_INTS) {
        const line = lineNo + (r[o + 1] as number);
        const ls = (r[o + 2] as number) + base;
        // overlong lines are reported first, the block's unreadable candidate lines after them (as the reader did)
        if (r[o] === K_LONG) agg.bad(this.file, line, 'line-too-long', buf.toString('latin1', ls, ls + 120));
        else cand.push(ls, (r[o + 3] as number) + base, line);
      }
      lineNo += sc.lines;
    }
    for (let i = 0; i < cand.length; i += 3) {
      const ls = cand[i] as number;
      let le = cand[i + 1] as number;
      if (le > ls && buf[le - 1] === 13) le--;
      const line = latin1(buf, ls, le);
      if (!this.line(line)) agg.bad(this.file, cand[i + 2] as number, 'mta-line', line);
    }
    return lineNo - firstLine;
  }

  /** Handles one candidate line; false when it looks like a log line of ours but cannot be read. */
  private line(line: string): boolean {
    let ts = NaN;
    let prog = '';
    let pid = '';
    let msg: string;
    let m = RX_SYSLOG.exec(line);
    if (m) {
      prog = m[1] as string;
      pid = m[2] as string;
      msg = m[3] as string;
      ts = line.charCodeAt(0) <= 57 ? isoAt(line, 0) : syslogTime(line, this.year, this.nowMonth);
    } else if ((m = RX_EXIM.exec(line))) {
      prog = 'exim';
      msg = m[1] as string;
      ts = isoAt(line, 0);
    } else {
      // wrapped lines (e.g. a SIEM's msg="STARTTLS=server, ...") still carry the message
      msg = line;
    }
    if (prog.includes('postfix') || /^(?:smtpd?|lmtp)$/.test(prog)) return this.postfix(prog, pid, msg, ts, line);
    if (prog === 'exim' || prog.startsWith('exim')) return this.exim(msg, ts, line);
    if (prog === 'sm-mta' || prog === 'sendmail' || msg.includes('STARTTLS=') || msg.includes('STARTTLS:')) return this.sendmail(pid, msg, ts, line);
    return true; // some other program's line that happened to match a pattern
  }

  private rec(ts: number, ip: string, name: string, dir: Direction, connector: string, fmt: Mta, version: TlsVersion | 'unknown' | null,
    suite: string, sigs: string[], errors: string[], session: boolean): void {
    const r: SessionRecord = { ts, ip: ip || '(unknown)', name, direction: dir, connector, format: fmt, version, suite, sigs, errors, session };
    this.agg.add(r);
  }

  private postfix(prog: string, pid: string, msg: string, ts: number, line: string): boolean {
    this.seen.postfix++;
    const smtpd = prog.endsWith('smtpd');
    let m: RegExpExecArray | null;
    if (smtpd) {
      if ((m = RX_PF_CONNECT.exec(msg))) {
        const old = this.smtpd.get(pid);
        if (old) this.finishSmtpd(pid, old);
        if (!m[1]) this.openSmtpd(pid, m[3] as string, m[2] as string, ts, prog);
        return true;
      }
      const s = this.smtpd.get(pid);
      if ((m = RX_PF_TLS.exec(msg))) {
        const sess = s ?? this.openSmtpd(pid, m[3] as string, m[2] as string, ts, prog);
        sess.version = mtaVersion(m[4] as string);
        sess.suite = m[5] as string;
        return true;
      }
      const sigs = matchSignatures(line, 'postfix');
      const reason = RX_OPENSSL_REASON.exec(msg)?.[1];
      const lost = msg.startsWith('lost connection after STARTTLS');
      if (sigs.length === 0 && !reason && !lost) return true;
      let sess = s;
      if (!sess) {
        const h = RX_PF_HOSTIP.exec(msg);
        sess = this.openSmtpd(pid, h?.[2] ?? '', h?.[1] ?? '', ts, prog);
      }
      for (const id of sigs) if (!sess.sigs.includes(id)) sess.sigs.push(id);
      if (reason) sess.errors.push(reason.trim());
      else if (lost) sess.errors.push('lost connection after STARTTLS');
      return true;
    }
    // smtp (outbound) and lmtp
    let st = this.smtp.get(pid);
    if (!st) {
      if (this.smtp.size >= MAX_PIDS) this.smtp.clear();
      st = { tlsIp: null, used: false, pendingSigs: [], pendingErrors: [], lastIp: '', lastName: '' };
      this.smtp.set(pid, st);
    }
    if ((m = RX_PF_TLS.exec(msg))) {
      st.tlsIp = m[3] as string;
      st.used = false;
      st.lastIp = m[3] as string;
      st.lastName = m[2] as string;
      this.rec(ts, m[3] as string, m[2] as string, 'outbound', prog, 'postfix', mtaVersion(m[4] as string), m[5] as string, [], [], true);
      return true;
    }
    if ((m = RX_PF_DELIVERY.exec(msg))) {
      const ip = m[2] as string;
      const rest = m[3] as string;
      const sigs = matchSignatures(rest, 'postfix');
      sigs.push(...st.pendingSigs.filter((x) => !sigs.includes(x)));
      const errors = st.pendingErrors;
      st.pendingSigs = [];
      st.pendingErrors = [];
      const reuse = /\bconn_use=(\d+)/.exec(rest);
      const sameSession = (reuse && Number(reuse[1]) > 1) || (st.tlsIp === ip && !st.used);
      if (st.tlsIp === ip) st.used = true;
      if (!sameSession || sigs.length || errors.length)
        this.rec(ts, ip, m[1] as string, 'outbound', prog, 'postfix', null, '', sigs, errors, !sameSession);
      st.lastIp = ip;
      st.lastName = m[1] as string;
      return true;
    }
    const sigs = matchSignatures(line, 'postfix');
    const reason = RX_OPENSSL_REASON.exec(msg)?.[1];
    if (!sigs.length && !reason) return true;
    const h = RX_PF_HOSTIP.exec(msg);
    if (!h) {
      // "TLS library problem" has no peer: keep it for the next line of this process
      for (const id of sigs) if (!st.pendingSigs.includes(id)) st.pendingSigs.push(id);
      if (reason) st.pendingErrors.push(reason.trim());
      return true;
    }
    const allSigs = [...sigs, ...st.pendingSigs.filter((x) => !sigs.includes(x))];
    const errors = [...st.pendingErrors, ...(reason ? [reason.trim()] : [])];
    st.pendingSigs = [];
    st.pendingErrors = [];
    this.rec(ts, h[2] as string, h[1] as string, 'outbound', prog, 'postfix', null, '', allSigs, errors, false);
    return true;
  }

  private openSmtpd(pid: string, ip: string, name: string, ts: number, prog: string): PidSess {
    if (this.smtpd.size >= MAX_PIDS) for (const [k, v] of this.smtpd) { this.finishSmtpd(k, v); if (this.smtpd.size < MAX_PIDS / 2) break; }
    const s: PidSess = { ip, name: name === 'unknown' ? '' : name, ts, version: null, suite: '', sigs: [], errors: [], connector: prog };
    this.smtpd.set(pid, s);
    return s;
  }

  private finishSmtpd(pid: string, s: PidSess): void {
    this.smtpd.delete(pid);
    this.rec(s.ts, s.ip, s.name, 'inbound', s.connector, 'postfix', s.version, s.suite, s.sigs, s.errors, true);
  }

  private exim(msg: string, ts: number, line: string): boolean {
    this.seen.exim++;
    const arrival = msg.includes(' <= ');
    const delivery = !arrival && /(?:^|\s)(?:=>|\*\*|==) /.test(msg);
    const tlsError = /TLS (?:send |recv )?error on connection|TLS session: |a TLS session is required/.test(msg);
    if (!arrival && !delivery && !tlsError) return true;
    const h = RX_EXIM_H.exec(msg);
    const ip = h?.[3] ?? '';
    const name = h?.[2] || h?.[1] || '';
    const sigs = matchSignatures(line, 'exim');
    if (tlsError && !sigs.includes(SIG_EXIM_TLS_ERROR)) sigs.push(SIG_EXIM_TLS_ERROR);
    const errors: string[] = [];
    if (tlsError) {
      const e = /\): (.*)$/.exec(msg)?.[1] ?? /TLS session: (.*)$/.exec(msg)?.[1];
      if (e) errors.push(e.slice(0, 120));
    }
    if (!arrival && !delivery) {
      // "TLS error on connection from NAME (HELO) [IP] (SSL_accept): ..." (inbound) or "H=host [ip] TLS error on connection" (outbound)
      const inbound = /error on connection from/.test(msg);
      let eip = ip;
      let ename = name;
      if (!h) {
        const f = /from (?:([^\s(]\S*) )?(?:\(([^)]*)\) )?\[([^\]]+)\]/.exec(msg);
        eip = f?.[3] ?? '';
        ename = f?.[2] || f?.[1] || '';
      }
      this.rec(ts, eip, ename, inbound ? 'inbound' : 'outbound', 'exim', 'exim', null, '', sigs, errors, false);
      return true;
    }
    if (!h) return true; // local submission or delivery: no remote peer
    const x = RX_EXIM_X.exec(msg);
    const p = RX_EXIM_P.exec(msg)?.[1] ?? '';
    const version = x ? mtaVersion(x[1] as string) : /^(?:e?smtps|esmtpsa)$/.test(p) ? 'unknown' : null;
    const suite = x ? (x[2] as string).replace(/\*$/, '') : '';
    const isSession = arrival || msg.includes(' => ');
    this.rec(ts, ip, name, arrival ? 'inbound' : 'outbound', 'exim', 'exim', isSession ? version : null, suite, sigs, errors, isSession);
    return true;
  }

  private sendmail(pid: string, msg: string, ts: number, line: string): boolean {
    this.seen.sendmail++;
    let m = RX_SM_TLS.exec(msg);
    if (m) {
      const r = smRelay(m[2] as string);
      const v = (m[3] as string).trim();
      this.rec(ts, r.ip, r.name, m[1] === 'server' ? 'inbound' : 'outbound', 'sendmail', 'sendmail',
        v === 'TLSv1/SSLv3' ? 'unknown' : mtaVersion(v), m[4] as string, [], [], true);
      return true;
    }
    const sigs = matchSignatures(line, 'sendmail');
    const reason = /reason=([^,]+)/.exec(msg)?.[1] ?? RX_OPENSSL_REASON.exec(msg)?.[1];
    if (!sigs.length && !reason) return true;
    const rel = RX_SM_RELAY.exec(msg);
    const r = rel ? smRelay(rel[1] as string) : { ip: '', name: '' };
    const dir: Direction = /STARTTLS=client|ruleset=tls_server/.test(msg) ? 'outbound' : 'inbound';
    if (!sigs.length) sigs.push(SIG_SENDMAIL_STARTTLS_ERROR);
    void pid;
    this.rec(ts, r.ip, r.name, dir, 'sendmail', 'sendmail', null, '', sigs, reason ? [reason.trim()] : [], false);
    return true;
  }

  end(): void {
    for (const [pid, s] of this.smtpd) this.finishSmtpd(pid, s);
    for (const st of this.smtp.values()) {
      if (st.pendingSigs.length || st.pendingErrors.length)
        this.rec(NaN, st.lastIp, st.lastName, 'outbound', 'postfix/smtp', 'postfix', null, '', st.pendingSigs, st.pendingErrors, false);
    }
  }
}
