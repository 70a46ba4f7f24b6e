// The Postfix/Exim/Sendmail parser as it was before the byte-level line classification (src/logs/mta.ts at 20fc039), kept as the oracle of test/logs/mta-equivalence.test.ts: every line through the regexes.
import type { TlsVersion } from '../../src/policy/exchange-online.js';
import type { Aggregate, SessionRecord } from '../../src/logs/aggregate.js';
import { latin1, type BlockParser, type CutLine } from '../../src/logs/reader.js';
import type { LineScanner } from '../../src/logs/linescan.js';
import { MAX_HELD_ERRORS } from '../../src/logs/mta.js';
import { matchSignatures, SIG_EXIM_TLS_ERROR, SIG_SENDMAIL_STARTTLS_ERROR } from '../../src/logs/signatures.js';
import { isoAt, syslogTime } from '../../src/logs/time.js';
import type { Direction, LogFormat } from '../../src/logs/types.js';

type Mta = 'postfix' | 'exim' | 'sendmail';

/** A line is read only when it contains one of these (wasm/mta-patterns.ts is generated from this list). */
export const PATTERNS = [
  'TLS connection ',
  'connect from ',
  'SSL_accept error',
  'SSL_connect error',
  'TLS library problem',
  'STARTTLS command first',
  'lost connection after STARTTLS',
  ' relay=',
  ' <= ',
  ' => ',
  ' ** ',
  ' == ',
  'TLS error on',
  'TLS send error',
  'TLS recv error',
  'STARTTLS=',
  'STARTTLS:',
  'TLS handshake failed',
  'TLS session',
];

/**
 * A syslog-style header: time (`Mmm dd hh:mm:ss[.frac]`, RFC 3339, or `yyyy-mm-dd hh:mm:ss`), an optional facility tag
 * (`<mail.notice>`), an optional padded level word (container images: `INFO    `), an optional host, then
 * `program[pid]: `. The time may be missing too (`postfix/smtpd[1920086]: …`, `host exim[12]: …`).
 */
const RX_SYSLOG =
  /^(?:([A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) +)?(?:<\w+\.\w+> )?(?:[A-Z]{3,8} +)?(?:(\S+) )??([\w/.-]+)\[(\d+)\]: (.*)$/;
/** A syslog header without `[pid]` (`Mmm dd hh:mm:ss host prog: msg`): another program's line. */
const RX_SYSLOG_NOPID =
  /^(?:[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) +(?:<\w+\.\w+> )?(?:\S+ )?([\w/.-]+): /;
const RX_EXIM = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})? (?:\[(\d+)(?:\/\d+)?\] )?(.*)$/;
/** `docker compose logs` prefix (`mail_1  | `, `postfixrelay-1  | `). */
const RX_COMPOSE = /^[\w.-]+ *\| /;
/** journalctl's own lines (`-- Logs begin at …`, `-- Boot 1a2b… --`, `-- No entries --`). */
const RX_JOURNAL_META = /^-- (?:Logs begin at|Journal begins at|Boot |Reboot|No entries)/;
/** The MTA programs whose lines are read. */
const RX_MTA_PROG = /postfix|^(?:smtpd?|lmtp|exim\d*|sm-mta|sendmail|sm-msp-queue)$/;
/** Words that make an unused line worth a warning: it may have been about TLS. */
const RX_TLS_WORD = /TLS|SSL|[Cc]ipher/;

/** Postfix: this server failed to load its own certificate or key, or has no TLS context: it offers no STARTTLS. */
const RX_PF_LOCAL =
  /(?:cannot (?:get|load) (?:\w+ )?(?:certificate|private key)\b.*disabling TLS support|TLS context initialization failed|: disabling TLS support)/;
/** Exim: its own certificate/key could not be loaded. */
const RX_EXIM_LOCAL =
  /\(cert\/key setup: |\(tls_init\): .*(?:Error while reading file|No such file)|TLS error on connection .*\(SSL_CTX_use_(?:certificate|PrivateKey)/;
/** Sendmail: its own certificate/key could not be loaded. */
const RX_SM_LOCAL =
  /STARTTLS(?:=\w+)?[:,] (?:error: )?SSL_CTX_(?:use_\w+|check_private_key) failed|STARTTLS: (?:Server|Client)(?:CertFile|KeyFile) .* (?:unsafe|missing)/;

const RX_PF_TLS =
  /^(?:(?:Anonymous|Untrusted|Trusted|Verified) )?TLS connection (?:established|reused) (from|to) ([^[\s]*)\[([^\]]+)\](?::\d+)?(?: to \S+)?: (SSLv[23]|TLSv1(?:\.[0-3])?) with cipher (\S+)/;
/** RX_PF_TLS for the cut last line of an input: the version token is whole (` with` follows it), the cipher may be cut. */
const RX_PF_TLS_CUT =
  /^(?:(?:Anonymous|Untrusted|Trusted|Verified) )?TLS connection (?:established|reused) (from|to) ([^[\s]*)\[([^\]]+)\](?::\d+)?(?: to \S+)?: (SSLv[23]|TLSv1(?:\.[0-3])?) with(?: cipher (\S*))?/;
const RX_PF_CONNECT = /^(dis)?connect from ([^[\s]*)\[([^\]]+)\]/;
const RX_PF_HOSTIP = /(from|to) ([^[\s]*)\[([^\]]+)\]/;
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
const RX_EXIM_CI = /(?:^\[(\d+)\]|\bCi=(\w+))/;

const RX_SM_TLS = /STARTTLS=(server|client), relay=([^,]*), version=([^,]+), verify=[^,]*, cipher=([^,\s]+)/;
const RX_SM_RELAY = /relay=([^,]*)/;
/**
 * Sendmail's line of a message it received (`QID: from=<…>, …, proto=ESMTP, daemon=MTA, relay=NAME [IP]`): the
 * protocol (`ESMTPS`/`ESMTPSA` after STARTTLS, `SMTP`/`ESMTP`/`ESMTPA` without) and the relay that sent it (the last
 * field, with an `[address]`), or null. Fields are found with indexOf (`, ` apart), not by a pattern with two
 * open-ended parts, which a crafted 30 KB line kept busy for seconds.
 */
function smFrom(msg: string): { proto: string; relay: string } | null {
  if (!/^\w+: from=/.test(msg)) return null;
  // the first field `proto=…` (a field starts after `, `), the first field `relay=…` after it, which must be the last
  const p = msg.indexOf(', proto=');
  if (p < 0) return null;
  const q = msg.indexOf(', ', p + 2);
  if (q < 0) return null;
  const r = msg.indexOf(', relay=', q);
  if (r < 0 || msg.indexOf(', ', r + 2) >= 0) return null;
  const proto = msg.slice(p + 8, q);
  const relay = msg.slice(r + 8);
  return /^[A-Z]+$/.test(proto) && bracketed(relay) ? { proto, relay } : null;
}

/** `/\[[^\]]+\]/.test(s)` in one pass (that pattern backtracks over a long run of `[` without a `]`). */
function bracketed(s: string): boolean {
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 91) {
      if (open < 0) open = i;
    } else if (c === 93) {
      if (open >= 0 && i - open >= 2) return true;
      open = -1;
    }
  }
  return false;
}

/** TLS version from the spellings of Postfix, Exim and Sendmail (`TLSv1` and Exim's `TLS1` are TLS 1.0). */
export function mtaVersion(v: string): TlsVersion | 'unknown' {
  switch (v) {
    case 'TLSv1':
    case 'TLS1':
    case 'TLS1.0':
    case 'TLSv1.0':
      return 'TLSv1.0';
    case 'TLSv1.1':
    case 'TLS1.1':
      return 'TLSv1.1';
    case 'TLSv1.2':
    case 'TLS1.2':
      return 'TLSv1.2';
    case 'TLSv1.3':
    case 'TLS1.3':
      return 'TLSv1.3';
    case 'SSLv3':
    case 'SSL3':
    case 'SSL3.0':
      return 'SSLv3';
    default:
      return 'unknown';
  }
}

/** Sendmail `relay=` value: `name [ip]`, `[ip]`, `name.` (with "(may be forged)" removed). */
function smRelay(r: string, hasBrackets = bracketed(r)): { ip: string; name: string } {
  // (without a bracketed part the pattern cannot match: on a crafted relay of thousands of `[` it would backtrack)
  const m = hasBrackets ? /^(\S*?)\.? ?\[([^\]]+)\]/.exec(r.trim()) : null;
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
  lastDir: 'inbound' | 'outbound';
  lastProg: string;
  /** tlsproxy: the pending errors are the failure of the last peer named, held for the library lines after it. */
  held: boolean;
  heldTs: number;
}

const MAX_PIDS = 20_000;

export class ReferenceMtaParser implements BlockParser {
  private readonly smtpd = new Map<string, PidSess>();
  private readonly smtp = new Map<string, SmtpPid>();
  /** smtpd processes that reported a local TLS set-up failure (their later library errors are local too). */
  private readonly localPids = new Set<string>();
  /** "TLS library problem" lines of smtpd processes without a known client yet. */
  private readonly pending = new Map<string, { sigs: string[]; errors: string[]; ts: number }>();
  /** Exim connections already counted (a connection gives several lines that carry X=). */
  private readonly eximSeen = new Map<string, true>();
  /** Which MTAs were seen (the file's format is the most frequent). */
  readonly seen: Record<Mta, number> = { postfix: 0, exim: 0, sendmail: 0 };

  constructor(
    private readonly file: string,
    private readonly agg: Aggregate,
    private readonly year: number,
    private readonly nowMonth: number,
    private readonly maxLine: number,
    _scanner?: LineScanner,
  ) {}

  /** The dominant MTA of this file. */
  format(): LogFormat {
    const s = this.seen;
    return s.exim > s.postfix && s.exim >= s.sendmail ? 'exim' : s.sendmail > s.postfix ? 'sendmail' : 'postfix';
  }

  /** Lines counted per block by this parser itself (every line is classified, see line()). */
  readonly countsLines = true;

  /** Lines of other programs by name (a file with none of ours is refused naming them). */
  readonly others = new Map<string, number>();
  unterminated = false;
  /** The input's last line when it was cut off mid-line (what of it was used). */
  cut: CutLine | null = null;
  /** The number of the line being read (for pfTls). */
  private lineNo = 0;
  /** Docker json-file: the part of a line split over several entries, and the entry it started on. */
  private dockerPartial = '';
  private dockerPartialLine = 0;
  /** The time a wrapper (Docker json-file `time`) gives the line being read, NaN when none. */
  private lineTime = NaN;

  /** Lines used or recognised as lines of an MTA (not counting other programs' lines). */
  mtaLines = 0;

  block(buf: Buffer, start: number, end: number, firstLine: number): number {
    const agg = this.agg;
    const max = this.maxLine;
    let n = 0;
    let ls = start;
    while (ls < end) {
      let nl = buf.indexOf(10, ls);
      if (nl === -1 || nl >= end) nl = end;
      const lineNo = firstLine + n;
      n++;
      if (nl - ls > max) agg.bad(this.file, lineNo, 'line-too-long', buf.toString('latin1', ls, ls + 120));
      else {
        let le = nl;
        if (le > ls && buf[le - 1] === 13) le--;
        this.classify(latin1(buf, ls, le), lineNo);
      }
      ls = nl + 1;
    }
    return n;
  }

  /** One line: used, recognised (another program, or an MTA line with nothing for us), or counted as unrecognised. */
  private classify(raw: string, lineNo: number, nested = false): void {
    let line = raw;
    // leading blanks (pasted excerpts), then a `docker compose logs` prefix
    let c = line.charCodeAt(0);
    if (c === 32 || c === 9) {
      line = line.trimStart();
      c = line.charCodeAt(0);
    }
    if (line.length === 0) return;
    if (c !== 123 && line.indexOf('| ') > 0) {
      const m = RX_COMPOSE.exec(line);
      if (m) {
        line = line.slice(m[0].length);
        if (line.length === 0) return;
      }
    }
    if (line.charCodeAt(0) === 123) {
      this.journalJson(line, lineNo, nested);
      return;
    }
    if (RX_JOURNAL_META.test(line)) return;
    let m = RX_SYSLOG.exec(line);
    if (m) {
      const prog = m[3] as string;
      let msg = m[5] as string;
      const time = m[1];
      let ts = NaN;
      if (time) ts = time.charCodeAt(0) <= 57 ? isoAt(time, 0) : syslogTime(time, this.year, this.nowMonth);
      else ts = this.lineTime; // a line without a time of its own: the time its wrapper (Docker json-file) gives
      if (!RX_MTA_PROG.test(prog)) {
        this.other(prog);
        return;
      }
      // Exim through syslog: the message may start with Exim's own time (`exim[12]: 2021-07-17 23:20:49 …`)
      if (prog.startsWith('exim')) {
        const e = RX_EXIM.exec(msg);
        if (e) {
          if (ts !== ts) ts = isoAt(msg, 0);
          msg = e[2] as string;
        }
      }
      this.mtaLine(prog, m[4] as string, msg, ts, line, lineNo);
      return;
    }
    if ((m = RX_EXIM.exec(line))) {
      this.mtaLine('exim', m[1] ?? '', m[2] as string, isoAt(line, 0), line, lineNo);
      return;
    }
    if ((m = RX_SYSLOG_NOPID.exec(line))) {
      const prog = m[1] as string;
      if (!RX_MTA_PROG.test(prog)) {
        this.other(prog);
        return;
      }
    }
    // wrapped lines (e.g. a SIEM's msg="STARTTLS=server, ...") still carry a Sendmail message
    if (line.includes('STARTTLS=') && this.sendmail('', line, NaN, line)) {
      this.mtaLines++;
      return;
    }
    if (this.unterminated) this.cut = { line: lineNo, used: false, text: line.slice(0, 300) };
    this.agg.bad(this.file, lineNo, this.unterminated ? 'truncated-line' : 'unrecognised', line);
    if (RX_TLS_WORD.test(line)) this.agg.tlsWord(this.file, lineNo, line);
  }

  /**
   * A Postfix "TLS connection established" line; on the cut last line of an input also when only its cipher is cut
   * off (the version is used, the suite is what is left, and the cut is reported).
   */
  private pfTls(msg: string, line: string): RegExpExecArray | null {
    const m = RX_PF_TLS.exec(msg);
    if (m || !this.unterminated) return m;
    const c = RX_PF_TLS_CUT.exec(msg);
    if (c) {
      c[5] ??= '';
      this.cut = { line: this.lineNo, used: true, text: line.slice(0, 300) };
    }
    return c;
  }

  /** A line of another program (dovecot, opendkim…): recognised, not ours. */
  private other(prog: string): void {
    const name = prog.replace(/\/.*$/, '').replace(/-\d+$/, '');
    if (this.others.size < 64 || this.others.has(name)) this.others.set(name, (this.others.get(name) ?? 0) + 1);
  }

  /**
   * One JSON object per line: `journalctl -o json` (SYSLOG_IDENTIFIER, MESSAGE…), or Docker's json-file log driver
   * (`{"log":"<the container's line>\n","stream":"stdout","time":"…"}`, /var/lib/docker/containers/<id>/<id>-json.log):
   * its `log` field is a line with its own prefixes, read like any other line. Docker splits a line over 16 KiB into
   * entries without the closing newline: they are joined (up to the line cap) before the line is read.
   */
  private journalJson(line: string, lineNo: number, nested = false): void {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line) as Record<string, unknown>;
    } catch {
      o = {};
    }
    if (!nested && typeof o.log === 'string' && o.MESSAGE === undefined) {
      let text = this.dockerPartial + o.log;
      if (!text.endsWith('\n')) {
        // a partial entry: keep it for the next one (a line over the cap is counted like any overlong line)
        if (text.length > this.maxLine) {
          this.agg.bad(this.file, lineNo, 'line-too-long', text.slice(0, 120));
          this.dockerPartial = '';
        } else {
          this.dockerPartial = text;
          this.dockerPartialLine = lineNo;
        }
        return;
      }
      this.dockerPartial = '';
      text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
      const t = typeof o.time === 'string' ? isoAt(o.time, 0) : NaN;
      this.lineTime = t;
      try {
        this.classify(text, lineNo, true);
      } finally {
        this.lineTime = NaN;
      }
      return;
    }
    const prog = typeof o.SYSLOG_IDENTIFIER === 'string' ? o.SYSLOG_IDENTIFIER : '';
    const msg = typeof o.MESSAGE === 'string' ? o.MESSAGE : null;
    if (!prog || msg === null) {
      this.agg.bad(this.file, lineNo, 'unrecognised', line);
      if (RX_TLS_WORD.test(line)) this.agg.tlsWord(this.file, lineNo, line);
      return;
    }
    if (!RX_MTA_PROG.test(prog)) {
      this.other(prog);
      return;
    }
    const us = typeof o.__REALTIME_TIMESTAMP === 'string' ? Number(o.__REALTIME_TIMESTAMP) : NaN;
    const pid = typeof o.SYSLOG_PID === 'string' ? o.SYSLOG_PID : typeof o._PID === 'string' ? o._PID : '';
    this.mtaLine(prog, pid, msg, Number.isFinite(us) ? Math.floor(us / 1000) : NaN, msg, lineNo);
  }

  /** A line of an MTA program: used, or recognised but without anything for us (a warning when it mentions TLS). */
  private mtaLine(prog: string, pid: string, msg: string, ts: number, line: string, lineNo: number): void {
    this.mtaLines++;
    this.lineNo = lineNo;
    let used: boolean;
    if (prog.includes('postfix') || /^(?:smtpd?|lmtp)$/.test(prog)) used = this.postfix(prog, pid, msg, ts, line);
    else if (prog.startsWith('exim')) used = this.exim(pid, msg, ts, line);
    else used = this.sendmail(pid, msg, ts, line);
    if (!used && RX_TLS_WORD.test(msg)) {
      if (this.unterminated) this.cut = { line: lineNo, used: false, text: line.slice(0, 300) };
      this.agg.tlsWord(this.file, lineNo, line);
    }
  }

  private rec(
    ts: number,
    ip: string,
    name: string,
    dir: Direction,
    connector: string,
    fmt: Mta,
    version: TlsVersion | 'unknown' | null,
    suite: string,
    sigs: string[],
    errors: string[],
    session: boolean,
  ): void {
    const r: SessionRecord = { ts, ip: ip || '(unknown)', name, direction: dir, connector, format: fmt, version, suite, sigs, errors, session };
    this.agg.add(r);
  }

  private postfix(prog: string, pid: string, msg: string, ts: number, line: string): boolean {
    this.seen.postfix++;
    const smtpd = prog.endsWith('smtpd');
    let m: RegExpExecArray | null;
    if (RX_PF_LOCAL.test(msg)) {
      // this server's own certificate/key: it stops offering STARTTLS (one local finding, never a peer's failure)
      this.agg.localFailure(this.file, 'postfix', ts, line);
      this.localPids.add(pid);
      if (this.localPids.size > MAX_PIDS) this.localPids.clear();
      return true;
    }
    if (smtpd) {
      if ((m = RX_PF_CONNECT.exec(msg))) {
        const old = this.smtpd.get(pid);
        if (m[1]) {
          // disconnect (of a session whose connect may be before this file: still one session)
          const sess = old ?? this.openSmtpd(pid, m[3] as string, m[2] as string, ts, prog);
          this.takePending(pid, sess);
          // `starttls=1` without a "TLS connection established" line: TLS was used, its version not logged
          const st = /\bstarttls=(\d+)/.exec(msg);
          if (st && Number(st[1]) > 0 && sess.version === null) sess.version = 'unknown';
          this.finishSmtpd(pid, sess);
          return true;
        }
        if (old) this.finishSmtpd(pid, old);
        this.flushPending(pid);
        this.openSmtpd(pid, m[3] as string, m[2] as string, ts, prog);
        return true;
      }
      const s = this.smtpd.get(pid);
      if ((m = this.pfTls(msg, line))) {
        const sess = s ?? this.openSmtpd(pid, m[3] as string, m[2] as string, ts, prog);
        sess.version = mtaVersion(m[4] as string);
        sess.suite = m[5] as string;
        return true;
      }
      const sigs = matchSignatures(line, 'postfix');
      const reason = RX_OPENSSL_REASON.exec(msg)?.[1];
      const lost = msg.startsWith('lost connection after STARTTLS');
      if (sigs.length === 0 && !reason && !lost) return false;
      const h = RX_PF_HOSTIP.exec(msg);
      let sess = s;
      if (!sess && !h) {
        // "TLS library problem" names no client: it belongs to this server (after a local failure) or to the
        // session of the same smtpd process that a later line names ("lost connection after STARTTLS from X")
        if (this.localPids.has(pid)) {
          this.agg.localFailure(this.file, 'postfix', ts, line);
          return true;
        }
        let p = this.pending.get(pid);
        if (!p) {
          if (this.pending.size >= MAX_PIDS)
            for (const k of this.pending.keys()) {
              this.flushPending(k);
              break;
            }
          this.pending.set(pid, (p = { sigs: [], errors: [], ts }));
        }
        for (const id of sigs) if (!p.sigs.includes(id)) p.sigs.push(id);
        if (reason) p.errors.push(reason.trim());
        return true;
      }
      if (!sess) sess = this.openSmtpd(pid, h?.[3] ?? '', h?.[2] ?? '', ts, prog);
      this.takePending(pid, sess);
      for (const id of sigs) if (!sess.sigs.includes(id)) sess.sigs.push(id);
      if (reason) sess.errors.push(reason.trim());
      else if (lost) sess.errors.push('lost connection after STARTTLS');
      return true;
    }
    // smtp (outbound) and lmtp
    let st = this.smtp.get(pid);
    if (!st) {
      if (this.smtp.size >= MAX_PIDS) this.smtp.clear();
      st = {
        tlsIp: null,
        used: false,
        pendingSigs: [],
        pendingErrors: [],
        lastIp: '',
        lastName: '',
        lastDir: 'outbound',
        lastProg: 'postfix/smtp',
        held: false,
        heldTs: NaN,
      };
      this.smtp.set(pid, st);
    }
    if ((m = this.pfTls(msg, line))) {
      if (st.held) this.flushHeld(st);
      st.tlsIp = m[3] as string;
      st.used = false;
      st.lastIp = m[3] as string;
      st.lastName = m[2] as string;
      // tlsproxy serving postscreen: `established from` a client, inbound
      st.lastDir = m[1] === 'from' ? 'inbound' : 'outbound';
      st.lastProg = prog;
      this.rec(ts, m[3] as string, m[2] as string, st.lastDir, prog, 'postfix', mtaVersion(m[4] as string), m[5] as string, [], [], true);
      return true;
    }
    if ((m = RX_PF_DELIVERY.exec(msg))) {
      if (st.held) this.flushHeld(st);
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
      if (!sameSession || sigs.length || errors.length) this.rec(ts, ip, m[1] as string, 'outbound', prog, 'postfix', null, '', sigs, errors, !sameSession);
      st.lastIp = ip;
      st.lastName = m[1] as string;
      st.lastDir = 'outbound';
      st.lastProg = prog;
      return true;
    }
    const sigs = matchSignatures(line, 'postfix');
    const reason = RX_OPENSSL_REASON.exec(msg)?.[1];
    if (!sigs.length && !reason) return false;
    const h = RX_PF_HOSTIP.exec(msg);
    if (!h) {
      // "TLS library problem" has no peer: keep it for the next line of this process
      for (const id of sigs) if (!st.pendingSigs.includes(id)) st.pendingSigs.push(id);
      if (reason) st.pendingErrors.push(reason.trim());
      // tlsproxy logs it after the line of the peer it explains (whose DISCONNECT is not read): it joins that failure
      // when one is held, else it is an event of that peer at this line's time
      if (st.held && st.pendingErrors.length >= MAX_HELD_ERRORS) this.flushHeld(st);
      else if ((!st.held && st.lastIp !== '' && prog.endsWith('/tlsproxy')) || st.pendingErrors.length >= MAX_HELD_ERRORS) {
        this.rec(ts, st.lastIp, st.lastName, st.lastDir, st.lastProg, 'postfix', null, '', st.pendingSigs, st.pendingErrors, false);
        st.pendingSigs = [];
        st.pendingErrors = [];
      }
      return true;
    }
    if (st.held) this.flushHeld(st);
    st.lastIp = h[3] as string;
    st.lastName = h[2] as string;
    st.lastDir = h[1] === 'from' ? 'inbound' : 'outbound';
    st.lastProg = prog;
    const allSigs = [...sigs, ...st.pendingSigs.filter((x) => !sigs.includes(x))];
    const errors = [...st.pendingErrors, ...(reason ? [reason.trim()] : [])];
    if (prog.endsWith('/tlsproxy')) {
      // one failure per tlsproxy handshake: held for the library-problem lines that follow it
      st.pendingSigs = allSigs;
      st.pendingErrors = errors;
      st.held = true;
      st.heldTs = ts;
      return true;
    }
    st.pendingSigs = [];
    st.pendingErrors = [];
    this.rec(ts, h[3] as string, h[2] as string, st.lastDir, prog, 'postfix', null, '', allSigs, errors, false);
    return true;
  }

  /** A held tlsproxy failure as the event of its peer, at its own time. */
  private flushHeld(st: SmtpPid): void {
    this.rec(st.heldTs, st.lastIp, st.lastName, st.lastDir, st.lastProg, 'postfix', null, '', st.pendingSigs, st.pendingErrors, false);
    st.pendingSigs = [];
    st.pendingErrors = [];
    st.held = false;
    st.heldTs = NaN;
  }

  /** Held "TLS library problem" lines of an smtpd process whose client no line named: an event of an unknown peer. */
  private flushPending(pid: string): void {
    const p = this.pending.get(pid);
    if (!p) return;
    this.pending.delete(pid);
    this.rec(p.ts, '', '', 'inbound', 'postfix/smtpd', 'postfix', null, '', p.sigs, p.errors, false);
  }

  /** Moves the held "TLS library problem" lines of `pid` into its session. */
  private takePending(pid: string, sess: PidSess): void {
    const p = this.pending.get(pid);
    if (!p) return;
    this.pending.delete(pid);
    for (const id of p.sigs) if (!sess.sigs.includes(id)) sess.sigs.push(id);
    sess.errors.push(...p.errors);
  }

  private openSmtpd(pid: string, ip: string, name: string, ts: number, prog: string): PidSess {
    if (this.smtpd.size >= MAX_PIDS)
      for (const [k, v] of this.smtpd) {
        this.finishSmtpd(k, v);
        if (this.smtpd.size < MAX_PIDS / 2) break;
      }
    const s: PidSess = { ip, name: name === 'unknown' ? '' : name, ts, version: null, suite: '', sigs: [], errors: [], connector: prog };
    this.smtpd.set(pid, s);
    return s;
  }

  private finishSmtpd(pid: string, s: PidSess): void {
    this.smtpd.delete(pid);
    this.rec(s.ts, s.ip, s.name, 'inbound', s.connector, 'postfix', s.version, s.suite, s.sigs, s.errors, true);
  }

  private exim(pid: string, msg: string, ts: number, line: string): boolean {
    this.seen.exim++;
    if (RX_EXIM_LOCAL.test(msg)) {
      // its own certificate/key could not be loaded: local, whoever happened to connect
      this.agg.localFailure(this.file, 'exim', ts, line);
      return true;
    }
    const arrival = msg.includes(' <= ');
    const delivery = !arrival && /(?:^|\s)(?:=>|->|\*\*|==) /.test(msg);
    const tlsError = /TLS (?:send |recv )?error on connection|TLS session: |a TLS session is required/.test(msg);
    const h = RX_EXIM_H.exec(msg);
    const x = h ? RX_EXIM_X.exec(msg) : null;
    if (!arrival && !delivery && !tlsError) {
      // X= (and CV=, DN=) on any other line with H=: a rejected RCPT/MAIL, a refused connection… still a TLS session
      if (h && x) {
        if (!this.eximFirst(pid, msg, ts, h[3] as string, x[0])) return true;
        this.rec(
          ts,
          h[3] as string,
          h[2] || h[1] || '',
          'inbound',
          'exim',
          'exim',
          mtaVersion(x[1] as string),
          (x[2] as string).replace(/\*$/, ''),
          [],
          [],
          true,
        );
        return true;
      }
      // "no MAIL in SMTP connection from … C=EHLO,STARTTLS": STARTTLS was done, its version is not on the line
      const c = /(?:SMTP connection|connection) from (?:([^\s([]+) )?(?:\(([^)]*)\) )?\[([^\]]+)\].*\bC=\S*STARTTLS/.exec(msg);
      if (c) {
        if (this.eximFirst(pid, msg, ts, c[3] as string, 'starttls'))
          this.rec(ts, c[3] as string, c[2] || c[1] || '', 'inbound', 'exim', 'exim', 'unknown', '', [], [], true);
        return true;
      }
      return false;
    }
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
        const f = /from (?:([^\s(]\S*) ?)?(?:\(([^)]*)\) )?\[([^\]]+)\]/.exec(msg);
        eip = f?.[3] ?? '';
        ename = f?.[2] || f?.[1] || '';
      }
      this.rec(ts, eip, ename, inbound ? 'inbound' : 'outbound', 'exim', 'exim', x ? mtaVersion(x[1] as string) : null, '', sigs, errors, false);
      return true;
    }
    if (!h) return true; // local submission or delivery: no remote peer
    const p = RX_EXIM_P.exec(msg)?.[1] ?? '';
    const version = x ? mtaVersion(x[1] as string) : /^(?:e?smtps|esmtpsa)$/.test(p) ? 'unknown' : null;
    const suite = x ? (x[2] as string).replace(/\*$/, '') : '';
    // a bounce (`**`) or deferral (`==`) that shows X= still negotiated TLS with that host
    const isSession = arrival || msg.includes(' => ') || msg.includes(' -> ') || (x !== null && this.eximFirst(pid, msg, ts, ip, x[0]));
    if (arrival && x) this.eximFirst(pid, msg, ts, ip, x[0]);
    this.rec(ts, ip, name, arrival ? 'inbound' : 'outbound', 'exim', 'exim', isSession ? version : null, suite, sigs, errors, isSession);
    return true;
  }

  /**
   * True the first time a connection is seen (by process id or Ci=, and peer; without either by time, peer and X=):
   * one Exim connection logs X= on several lines (each rejected RCPT, then the arrival).
   */
  private eximFirst(pid: string, msg: string, ts: number, ip: string, x: string): boolean {
    const ci = RX_EXIM_CI.exec(msg);
    const conn = pid || ci?.[1] || ci?.[2] || '';
    const key = conn ? `${conn}|${ip}` : `${ts}|${ip}|${x}`;
    if (this.eximSeen.has(key)) return false;
    if (this.eximSeen.size >= MAX_PIDS) this.eximSeen.clear();
    this.eximSeen.set(key, true);
    return true;
  }

  private sendmail(pid: string, msg: string, ts: number, line: string): boolean {
    this.seen.sendmail++;
    if (RX_SM_LOCAL.test(msg)) {
      this.agg.localFailure(this.file, 'sendmail', ts, line);
      return true;
    }
    const m = RX_SM_TLS.exec(msg);
    if (m) {
      const r = smRelay(m[2] as string);
      const v = (m[3] as string).trim();
      this.rec(
        ts,
        r.ip,
        r.name,
        m[1] === 'server' ? 'inbound' : 'outbound',
        'sendmail',
        'sendmail',
        v === 'TLSv1/SSLv3' ? 'unknown' : mtaVersion(v),
        m[4] as string,
        [],
        [],
        true,
      );
      return true;
    }
    // a message received without STARTTLS: Sendmail logs no line of the connection itself, so its `from=` line is the
    // session (one per message); after STARTTLS (`proto=ESMTPS`…) the STARTTLS=server line above was the session
    const f = msg.includes(' from=') ? smFrom(msg) : null;
    if (f) {
      if (!/^E?SMTPS/.test(f.proto)) {
        const r = smRelay(f.relay, true);
        this.rec(ts, r.ip, r.name, 'inbound', 'sendmail', 'sendmail', null, '', [], [], true);
      }
      return true;
    }
    const sigs = matchSignatures(line, 'sendmail');
    const reason = (msg.includes('STARTTLS') ? /reason=([^,]+)/.exec(msg)?.[1] : undefined) ?? RX_OPENSSL_REASON.exec(msg)?.[1];
    if (!sigs.length && !reason) return false;
    const rel = RX_SM_RELAY.exec(msg);
    const r = rel ? smRelay(rel[1] as string) : { ip: '', name: '' };
    const dir: Direction = /STARTTLS=client|ruleset=tls_server/.test(msg) ? 'outbound' : 'inbound';
    if (!sigs.length) sigs.push(SIG_SENDMAIL_STARTTLS_ERROR);
    void pid;
    this.rec(ts, r.ip, r.name, dir, 'sendmail', 'sendmail', null, '', sigs, reason ? [reason.trim()] : [], false);
    return true;
  }

  end(): void {
    if (this.dockerPartial) {
      // the last Docker entry had no closing newline (a split line whose rest never came): read what there is
      const text = this.dockerPartial;
      this.dockerPartial = '';
      this.classify(text, this.dockerPartialLine, true);
    }
    for (const [pid, s] of this.smtpd) this.finishSmtpd(pid, s);
    for (const pid of [...this.pending.keys()]) this.flushPending(pid);
    for (const st of this.smtp.values()) {
      if (st.held) this.flushHeld(st);
      else if (st.pendingSigs.length || st.pendingErrors.length)
        this.rec(NaN, st.lastIp, st.lastName, st.lastDir, st.lastProg, 'postfix', null, '', st.pendingSigs, st.pendingErrors, false);
    }
  }
}
