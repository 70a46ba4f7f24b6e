// Postfix, Exim and Sendmail log parser (syslog, RFC 3339 syslog, Exim mainlog): prefilter, then one regex per line kind.
import type { TlsVersion } from '../policy/exchange-online.js';
import type { Aggregate, SessionRecord } from './aggregate.js';
import { latin1, type BlockParser, type CutLine } from './reader.js';
import { Interner } from './intern.js';
import { K_CANDIDATE, LineScanner, RECORD_INTS } from './linescan.js';
import { matchSignatures, SIG_EXIM_TLS_ERROR, SIG_SENDMAIL_STARTTLS_ERROR } from './signatures.js';
import { isoAt, syslogTime, syslogTimeBytes } from './time.js';
import type { Direction, LogFormat } from './types.js';

type Mta = 'postfix' | 'exim' | 'sendmail';

/**
 * A line of a Postfix program is read in full only when it contains one of these (or a carriage return before its
 * end); any other line of the usual syslog shape is only counted (see block()). Every test postfix() makes needs one
 * of them: the TLS words (TLS, SSL, cipher), an OpenSSL `error:`, the connect/relay fields and the literal of every
 * signature Postfix lines can carry. Exim, Sendmail and other shapes are always read in full. wasm/mta-patterns.ts is
 * generated from this list.
 */
export const PATTERNS = [
  'TLS',
  'SSL',
  'ipher',
  'error:',
  'connect from ',
  ' relay=',
  'version too low',
  'unsupported protocol',
  'wrong version number',
  'alert protocol version',
  ' <= ',
  ' => ',
  ' ** ',
  ' == ',
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
const RX_EXIM_CI = /(?:^\[(\d+)\]|\bCi=(\w+))/;

const RX_SM_TLS = /STARTTLS=(server|client), relay=([^,]*), version=([^,]+), verify=[^,]*, cipher=([^,\s]+)/;
const RX_SM_RELAY = /relay=([^,]*)/;

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

/**
 * What the per-process state of Postfix is keyed by: a process id of up to nine digits without a leading zero as its
 * number (cheaper to hash than a string), any other text as itself. Two texts give the same key only when they are
 * the same text.
 */
type PidKey = string | number;
function pidKey(pid: string): PidKey {
  const n = pid.length;
  if (n === 0 || n > 9 || (n > 1 && pid.charCodeAt(0) === 48)) return pid;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = pid.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return pid;
    v = v * 10 + d;
  }
  return v;
}

/** No signatures / errors yet (shared, never written to: own() gives a session its own array first). */
const NONE: string[] = [];
/** The session's own `sigs` or `errors` array (replacing the shared empty one). */
function own(s: PidSess, k: 'sigs' | 'errors'): string[] {
  const a = s[k];
  return a === NONE ? (s[k] = []) : a;
}

/** A program whose lines plainLine() counts (Postfix), reads in full (another MTA), or counts as another program's. */
const PROG_POSTFIX = 1,
  PROG_MTA = 2,
  PROG_OTHER = 3;
const digit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
/** [\w/.-] */
const progChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 47 || c === 46 || c === 45;

/** The latin1 text `t` lies at buf[i..le). */
function startsAt(buf: Buffer, i: number, le: number, t: string): boolean {
  const n = t.length;
  if (i < 0 || i + n > le) return false;
  for (let k = 0; k < n; k++) if (buf[i + k] !== t.charCodeAt(k)) return false;
  return true;
}

/** [A-Za-z0-9_] (what \b tells from other bytes). */
const wordByte = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** `/\bstarttls=(\d+)/.exec(msg)` finds a match whose number is above 0, msg being buf[ms, le). */
function starttlsUsed(buf: Buffer, ms: number, le: number): boolean {
  for (let i = ms; i + 10 <= le; i++) {
    if (buf[i] !== 115 || !startsAt(buf, i, le, 'starttls=')) continue;
    if (i > ms && wordByte(buf[i - 1] as number)) continue;
    let k = i + 9;
    if (!digit(buf[k]) || k >= le) continue;
    // the first match decides: its digits are a number above 0 when any of them is not 0
    for (; k < le && digit(buf[k]); k++) if (buf[k] !== 48) return true;
    return false;
  }
  return false;
}

export class MtaParser implements BlockParser {
  private readonly smtpd = new Map<PidKey, PidSess>();
  private readonly smtp = new Map<PidKey, SmtpPid>();
  /** smtpd processes that reported a local TLS set-up failure (their later library errors are local too). */
  private readonly localPids = new Set<PidKey>();
  /** "TLS library problem" lines of smtpd processes without a known client yet. */
  private readonly pending = new Map<PidKey, { sigs: string[]; errors: string[]; ts: number }>();
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
    scanner?: LineScanner,
  ) {
    this.scanner = scanner ?? new LineScanner();
  }

  /** Finds the lines that contain a PATTERNS entry (WebAssembly, MTA mode). */
  private readonly scanner: LineScanner;
  /** Program names and process ids of syslog headers, one string per distinct text. */
  private readonly progs = new Interner();
  private readonly pids = new Interner();
  /** What a program name is (see PROG_POSTFIX…). */
  private readonly progKind = new Map<string, number>();

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

  /**
   * The lines of a block: those the prefilter flags (a PATTERNS entry or a CR inside) and those not of the usual
   * syslog shape are read in full by classify(); the others (a Postfix line without any of the patterns, another
   * program's line) only need their header, read from the bytes: counted exactly as classify() would count them.
   */
  block(buf: Buffer, start: number, end: number, firstLine: number): number {
    const agg = this.agg;
    const max = this.maxLine;
    const sc = this.scanner;
    const base = sc.load(buf, start, end);
    let count = sc.nextMta(max);
    let recs = sc.current;
    let ri = 0;
    /** The start of the next flagged line in `buf` (end + 1 when there is none). */
    const nextFlagged = (): number => {
      for (;;) {
        if (count < 0) return end + 1;
        while (ri < count) {
          const o = ri * RECORD_INTS;
          ri++;
          if (recs[o] === K_CANDIDATE) return (recs[o + 2] as number) + base;
        }
        count = sc.nextMta(max);
        recs = sc.current;
        ri = 0;
      }
    };
    let flagged = nextFlagged();
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
        while (flagged < ls) flagged = nextFlagged();
        if (flagged === ls) {
          flagged = nextFlagged();
          if (!this.flaggedLine(buf, ls, le, lineNo)) this.classify(latin1(buf, ls, le), lineNo);
        } else if (!this.plainLine(buf, ls, le, lineNo)) this.classify(latin1(buf, ls, le), lineNo);
      }
      ls = nl + 1;
    }
    return n;
  }

  /** The header header() read: program, pid bytes, where the message starts. */
  private hProg = '';
  private hPid = 0;
  private hPidEnd = 0;
  private hMsg = 0;
  /** The program is a Postfix smtpd (postfix() reads its lines as inbound sessions). */
  private hSmtpd = false;
  /** Program names by a cheap hash of their bytes (see header()). */
  private readonly progCache = new Map<number, { raw: string; kind: number; smtpd: boolean }>();

  /**
   * The usual syslog header of buf[ls, le) read from its bytes: `Mmm dd hh:mm:ss[.frac] host prog[pid]: ` (one host
   * token without '[' and not a `<facility>` tag, one space before the program), the shape for which RX_SYSLOG reads
   * the same time, program, pid and message. Returns the program's kind (PROG_…), 0 when the line has another shape.
   */
  private header(buf: Buffer, ls: number, le: number): number {
    // time: [A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)? then spaces
    if (le - ls < 20) return 0;
    let p = ls;
    const c0 = buf[p] as number,
      c1 = buf[p + 1] as number,
      c2 = buf[p + 2] as number;
    if (!(c0 >= 65 && c0 <= 90 && c1 >= 97 && c1 <= 122 && c2 >= 97 && c2 <= 122 && buf[p + 3] === 32)) return 0;
    p += 4;
    const a = buf[p] as number,
      b = buf[p + 1] as number;
    if ((a === 32 || (a >= 48 && a <= 57)) && b >= 48 && b <= 57 && buf[p + 2] === 32) p += 3;
    else if (a >= 48 && a <= 57 && b === 32) p += 2;
    else return 0;
    if (
      !(
        digit(buf[p]) &&
        digit(buf[p + 1]) &&
        buf[p + 2] === 58 &&
        digit(buf[p + 3]) &&
        digit(buf[p + 4]) &&
        buf[p + 5] === 58 &&
        digit(buf[p + 6]) &&
        digit(buf[p + 7])
      )
    )
      return 0;
    p += 8;
    if (buf[p] === 46) {
      let q = p + 1;
      while (q < le && digit(buf[q])) q++;
      if (q === p + 1) return 0;
      p = q;
    }
    if (p >= le || buf[p] !== 32) return 0;
    while (p < le && buf[p] === 32) p++;
    // the host: one token without '[' (not a `<facility>` tag) nor any other byte \s matches, then one space
    if (p >= le || buf[p] === 60) return 0;
    let q = p;
    while (q < le && buf[q] !== 32) {
      const c = buf[q] as number;
      if (c === 91 || (c >= 9 && c <= 13) || c === 0xa0) return 0;
      q++;
    }
    p = q + 1;
    // prog[pid]: `
    q = p;
    while (q < le && progChar(buf[q] as number)) q++;
    if (q === p || q >= le || buf[q] !== 91) return 0;
    const pe = q;
    q++;
    const ds = q;
    while (q < le && digit(buf[q])) q++;
    if (q === ds || q + 2 > le || buf[q] !== 93 || buf[q + 1] !== 58 || (q + 2 < le ? buf[q + 2] !== 32 : true)) return 0;
    this.hPid = ds;
    this.hPidEnd = q;
    this.hMsg = q + 3;
    // the program: a cheap hash of its length and a few bytes picks a cache entry, whose bytes are then compared
    const n = pe - p;
    const h = (((n << 8) ^ (buf[pe - 1] as number)) << 8) ^ ((buf[pe - 2] as number) << 4) ^ (buf[p + (n >> 1)] as number);
    const e = this.progCache.get(h);
    if (e !== undefined && e.raw.length === n) {
      const raw = e.raw;
      let k = 0;
      while (k < n && raw.charCodeAt(k) === buf[p + k]) k++;
      if (k === n) {
        this.hProg = e.raw;
        this.hSmtpd = e.smtpd;
        return e.kind;
      }
    }
    const prog = this.progs.get(buf, p, pe);
    this.hProg = prog;
    let kind = this.progKind.get(prog);
    if (kind === undefined) {
      kind = !RX_MTA_PROG.test(prog)
        ? PROG_OTHER
        : (prog.includes('postfix') || /^(?:smtpd?|lmtp)$/.test(prog)) && !prog.startsWith('exim')
          ? PROG_POSTFIX
          : PROG_MTA;
      if (this.progKind.size < 4096) this.progKind.set(prog, kind);
    }
    this.hSmtpd = kind === PROG_POSTFIX && prog.endsWith('smtpd');
    if (e === undefined && this.progCache.size < 4096) this.progCache.set(h, { raw: prog, kind, smtpd: this.hSmtpd });
    return kind;
  }

  /**
   * A line without any PATTERNS entry and without a CR inside: when it has the usual header and is a Postfix program's
   * or a non-MTA program's line, counts it as classify() would (a Postfix line then has nothing postfix() would use and
   * no TLS word) and returns true; otherwise false (classify() reads it).
   */
  private plainLine(buf: Buffer, ls: number, le: number, lineNo: number): boolean {
    const kind = this.header(buf, ls, le);
    if (kind === PROG_OTHER) {
      this.other(this.hProg);
      return true;
    }
    if (kind !== PROG_POSTFIX) return false;
    // as mtaLine() and postfix() count a line they find nothing in
    this.mtaLines++;
    this.lineNo = lineNo;
    this.seen.postfix++;
    return true;
  }

  /**
   * A line the prefilter flagged: with the usual header, a Postfix program's line goes straight to mtaLine() (what
   * classify() does after RX_SYSLOG) and another program's is counted; false for anything else (classify() reads it).
   */
  private flaggedLine(buf: Buffer, ls: number, le: number, lineNo: number): boolean {
    const kind = this.header(buf, ls, le);
    if (kind !== PROG_POSTFIX && kind !== PROG_OTHER) return false;
    if (this.hSmtpd && !this.unterminated && this.smtpdLine(buf, ls, le, lineNo)) return true;
    const line = latin1(buf, ls, le);
    // a CR inside the line: RX_SYSLOG's `(.*)$` does not match it (classify() reports it)
    if (line.indexOf('\r') !== -1) return false;
    if (kind === PROG_OTHER) {
      this.other(this.hProg);
      return true;
    }
    // the time is at the start of the line: syslogTime() reads the same bytes of the line as of RX_SYSLOG's time group
    const ts = syslogTime(line, this.year, this.nowMonth);
    this.mtaLine(this.hProg, this.pids.get(buf, this.hPid, this.hPidEnd), line.slice(this.hMsg - ls), ts, line, lineNo);
    return true;
  }

  /** Where hostIp() found the name and the address: buf[fName, fNameEnd) and buf[fIp, fIpEnd). */
  private fName = 0;
  private fNameEnd = 0;
  private fIp = 0;
  private fIpEnd = 0;
  /** Cipher suites of the byte path, one string per distinct text. */
  private readonly suites = new Interner();
  /** Peers of the byte path by the bytes of `NAME[IP`: their name and address strings (one look-up for both). */
  private readonly peers = new Map<number, { raw: string; ip: string; name: string }>();
  private peerIp = '';
  private peerName = '';

  /** Sets peerIp and peerName to the strings of the peer hostIp() found (kept, for up to 65536 peers). */
  private peer(buf: Buffer): void {
    const a = this.fName,
      b = this.fIpEnd,
      n = b - a;
    let h = 0x811c9dc5 ^ n;
    for (let i = a; i < b; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    h &= 0x3fffffff;
    const e = this.peers.get(h);
    if (e !== undefined && e.raw.length === n) {
      const raw = e.raw;
      let i = 0;
      while (i < n && raw.charCodeAt(i) === buf[a + i]) i++;
      if (i === n) {
        this.peerIp = e.ip;
        this.peerName = e.name;
        return;
      }
    }
    const raw = latin1(buf, a, b);
    const name = raw.slice(0, this.fNameEnd - a);
    const ip = raw.slice(this.fIp - a);
    if (e === undefined && this.peers.size < 1 << 16) this.peers.set(h, { raw, ip, name });
    this.peerIp = ip;
    this.peerName = name;
  }

  /**
   * `NAME[IP]` at buf[i..le) as RX_PF_CONNECT and RX_PF_TLS read it (`([^[\s]*)\[([^\]]+)\]`): sets fName… and
   * returns the position after `]`, or -1.
   */
  private hostIp(buf: Buffer, i: number, le: number): number {
    let j = i;
    for (;;) {
      if (j >= le) return -1;
      const c = buf[j] as number;
      if (c === 91) break;
      if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0) return -1;
      j++;
    }
    const a = j + 1;
    let k = a;
    for (;;) {
      if (k >= le) return -1;
      const c = buf[k] as number;
      if (c === 93) break;
      // a space or CR in the address (never in a real one): the regex path reads the line
      if (c === 32 || c === 13) return -1;
      k++;
    }
    if (k === a) return -1;
    this.fName = i;
    this.fNameEnd = j;
    this.fIp = a;
    this.fIpEnd = k;
    return k + 1;
  }

  /**
   * The byte path of the hot Postfix smtpd lines (`connect from`, `disconnect from`, `… TLS connection established
   * from …: TLSv1.x with cipher …`) of a line with the usual header: does what mtaLine() and postfix() do with the
   * line and returns true, without making a string of the line. Returns false (nothing done) for any other line or
   * any shape the byte checks do not cover (a CR, the words of a local TLS set-up failure, a port, `to`…): the
   * regex path then reads it.
   */
  private smtpdLine(buf: Buffer, ls: number, le: number, lineNo: number): boolean {
    const ms = this.hMsg;
    if (le - ms < 16) return false;
    // What would make the regex path do something else: a CR (RX_SYSLOG's `.*$` stops at it) or the words of a local
    // failure that postfix() looks for first. Each shape below checks the part of the line where they can be: both
    // phrases hold a space 3 bytes after their `T`, which the fixed words, the name (no space, ends at `[`) and the
    // address (no space or CR accepted, ends at `]`) cannot give.
    const c0 = buf[ms] as number;
    if (c0 === 99 || c0 === 100) {
      // (dis)connect from NAME[IP]
      const dis = c0 === 100;
      const p = dis ? ms + 3 : ms;
      if ((dis && !(buf[ms + 1] === 105 && buf[ms + 2] === 115)) || !startsAt(buf, p, le, 'connect from ')) return false;
      const after = this.hostIp(buf, p + 13, le);
      if (after < 0 || (dis ? !this.plainRest(buf, after, le) : after !== le)) return false;
      this.mtaLines++;
      this.lineNo = lineNo;
      this.seen.postfix++;
      const pid = this.hPidKey(buf);
      const old = this.smtpd.get(pid);
      if (dis) {
        const sess = old ?? this.openPeer(buf, ls, le, pid);
        this.takePending(pid, sess);
        if (sess.version === null && starttlsUsed(buf, ms, le)) sess.version = 'unknown';
        this.finishSmtpd(pid, sess);
        return true;
      }
      if (old) this.finishSmtpd(pid, old);
      this.flushPending(pid);
      this.openPeer(buf, ls, le, pid);
      return true;
    }
    // [Anonymous |Untrusted |Trusted |Verified ]TLS connection (established|reused) from NAME[IP]: VERSION with cipher SUITE
    let p = ms;
    if (c0 === 65) p = startsAt(buf, p, le, 'Anonymous ') ? p + 10 : -1;
    else if (c0 === 85) p = startsAt(buf, p, le, 'Untrusted ') ? p + 10 : -1;
    else if (c0 === 86) p = startsAt(buf, p, le, 'Verified ') ? p + 9 : -1;
    else if (c0 === 84 && buf[ms + 1] === 114) p = startsAt(buf, p, le, 'Trusted ') ? p + 8 : -1;
    if (p < 0 || !startsAt(buf, p, le, 'TLS connection ')) return false;
    p += 15;
    if (startsAt(buf, p, le, 'established from ')) p += 17;
    else if (startsAt(buf, p, le, 'reused from ')) p += 12;
    else return false;
    p = this.hostIp(buf, p, le);
    if (p < 0 || buf[p] !== 58 || buf[p + 1] !== 32 || p + 2 >= le) return false;
    p += 2;
    // SSLv2, SSLv3, TLSv1, TLSv1.0 … TLSv1.3, then ` with cipher `
    let version: TlsVersion | 'unknown';
    if (startsAt(buf, p, le, 'TLSv1')) {
      p += 5;
      const d = buf[p + 1] as number;
      if (buf[p] === 46 && d >= 48 && d <= 51 && p + 1 < le) {
        version = d === 50 ? 'TLSv1.2' : d === 51 ? 'TLSv1.3' : d === 49 ? 'TLSv1.1' : 'TLSv1.0';
        p += 2;
      } else version = 'TLSv1.0';
    } else if (startsAt(buf, p, le, 'SSLv') && (buf[p + 4] === 50 || buf[p + 4] === 51) && p + 4 < le) {
      version = buf[p + 4] === 51 ? 'SSLv3' : 'unknown';
      p += 5;
    } else return false;
    if (!startsAt(buf, p, le, ' with cipher ')) return false;
    p += 13;
    let q = p;
    while (q < le) {
      const c = buf[q] as number;
      if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0) break;
      q++;
    }
    if (q === p || !this.plainRest(buf, p, le)) return false;
    this.mtaLines++;
    this.lineNo = lineNo;
    this.seen.postfix++;
    const pid = this.hPidKey(buf);
    const sess = this.smtpd.get(pid) ?? this.openPeer(buf, ls, le, pid);
    sess.version = version;
    sess.suite = this.suites.get(buf, p, q);
    return true;
  }

  /**
   * buf[from, le) has no CR and no `T` that starts `TLS context initialization failed` or ends the `disabling ` of
   * `disabling TLS support` (the message starting at hMsg).
   */
  private plainRest(buf: Buffer, from: number, le: number): boolean {
    const ms = this.hMsg;
    for (let i = from; i < le; i++) {
      const c = buf[i] as number;
      if (c === 13) return false;
      if (c === 84 && (startsAt(buf, i, le, 'TLS context initialization failed') || (i - 10 >= ms && startsAt(buf, i - 10, le, 'disabling TLS support'))))
        return false;
    }
    return true;
  }

  /** The process id of the header as pidKey() gives it. */
  private hPidKey(buf: Buffer): PidKey {
    const a = this.hPid,
      b = this.hPidEnd;
    if (b - a > 9 || (buf[a] === 48 && b - a > 1)) return this.pids.get(buf, a, b);
    let v = 0;
    for (let k = a; k < b; k++) v = v * 10 + (buf[k] as number) - 48;
    return v;
  }

  /** openSmtpd() for the peer hostIp() found, at the time of the line's header. */
  private openPeer(buf: Buffer, ls: number, le: number, pid: PidKey): PidSess {
    this.peer(buf);
    return this.openSmtpd(pid, this.peerIp, this.peerName, syslogTimeBytes(buf, ls, le, this.year, this.nowMonth), this.hProg);
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
    // one record refilled per call (Aggregate.add() keeps nothing of it)
    const r = this.record;
    r.ts = ts;
    r.ip = ip || '(unknown)';
    r.name = name;
    r.direction = dir;
    r.connector = connector;
    r.format = fmt;
    r.version = version;
    r.suite = suite;
    r.sigs = sigs;
    r.errors = errors;
    r.session = session;
    this.agg.add(r);
  }

  private readonly record: SessionRecord = {
    ts: 0,
    ip: '',
    name: '',
    direction: 'inbound',
    connector: '',
    format: 'postfix',
    version: null,
    suite: '',
    sigs: NONE,
    errors: NONE,
    session: true,
  };

  private postfix(prog: string, pidText: string, msg: string, ts: number, line: string): boolean {
    this.seen.postfix++;
    const pid = pidKey(pidText);
    const smtpd = prog.endsWith('smtpd');
    let m: RegExpExecArray | null;
    if ((msg.includes('disabling TLS support') || msg.includes('TLS context initialization failed')) && RX_PF_LOCAL.test(msg)) {
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
      if (!sess) sess = this.openSmtpd(pid, h?.[2] ?? '', h?.[1] ?? '', ts, prog);
      this.takePending(pid, sess);
      for (const id of sigs) if (!sess.sigs.includes(id)) own(sess, 'sigs').push(id);
      if (reason) own(sess, 'errors').push(reason.trim());
      else if (lost) own(sess, 'errors').push('lost connection after STARTTLS');
      return true;
    }
    // smtp (outbound) and lmtp; any other program (qmgr, cleanup…) too, whose lines rarely have anything here: the state
    // of a process is made only when there is something to keep (not for every qmgr or cleanup line)
    let st = this.smtp.get(pid);
    if ((m = this.pfTls(msg, line))) {
      st = this.smtpState(pid, st);
      st.tlsIp = m[3] as string;
      st.used = false;
      st.lastIp = m[3] as string;
      st.lastName = m[2] as string;
      this.rec(ts, m[3] as string, m[2] as string, 'outbound', prog, 'postfix', mtaVersion(m[4] as string), m[5] as string, [], [], true);
      return true;
    }
    if ((m = RX_PF_DELIVERY.exec(msg))) {
      st = this.smtpState(pid, st);
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
      return true;
    }
    const sigs = matchSignatures(line, 'postfix');
    const reason = RX_OPENSSL_REASON.exec(msg)?.[1];
    if (!sigs.length && !reason) return false;
    st = this.smtpState(pid, st);
    const h = RX_PF_HOSTIP.exec(msg);
    if (!h) {
      // "TLS library problem" has no peer: keep it for the next line of this process
      for (const id of sigs) if (!st.pendingSigs.includes(id)) st.pendingSigs.push(id);
      if (reason) st.pendingErrors.push(reason.trim());
      return true;
    }
    st.lastIp = h[2] as string;
    st.lastName = h[1] as string;
    const allSigs = [...sigs, ...st.pendingSigs.filter((x) => !sigs.includes(x))];
    const errors = [...st.pendingErrors, ...(reason ? [reason.trim()] : [])];
    st.pendingSigs = [];
    st.pendingErrors = [];
    this.rec(ts, h[2] as string, h[1] as string, 'outbound', prog, 'postfix', null, '', allSigs, errors, false);
    return true;
  }

  /**
   * The state of an outbound process, made when missing. Beyond MAX_PIDS processes the one least recently used goes,
   * its held TLS errors reported as at the end of the input (none are dropped, nor any other process's state).
   */
  private smtpState(pid: PidKey, st: SmtpPid | undefined): SmtpPid {
    if (st) {
      // most recently used last (Map order)
      this.smtp.delete(pid);
      this.smtp.set(pid, st);
      return st;
    }
    if (this.smtp.size >= MAX_PIDS) {
      for (const [k, old] of this.smtp) {
        this.smtp.delete(k);
        this.flushSmtp(old);
        break;
      }
    }
    st = { tlsIp: null, used: false, pendingSigs: [], pendingErrors: [], lastIp: '', lastName: '' };
    this.smtp.set(pid, st);
    return st;
  }

  /** The held TLS errors of an outbound process that no later line took: an event of its last peer. */
  private flushSmtp(st: SmtpPid): void {
    if (st.pendingSigs.length || st.pendingErrors.length)
      this.rec(NaN, st.lastIp, st.lastName, 'outbound', 'postfix/smtp', 'postfix', null, '', st.pendingSigs, st.pendingErrors, false);
  }

  /** Held "TLS library problem" lines of an smtpd process whose client no line named: an event of an unknown peer. */
  private flushPending(pid: PidKey): void {
    const p = this.pending.get(pid);
    if (!p) return;
    this.pending.delete(pid);
    this.rec(p.ts, '', '', 'inbound', 'postfix/smtpd', 'postfix', null, '', p.sigs, p.errors, false);
  }

  /** Moves the held "TLS library problem" lines of `pid` into its session. */
  private takePending(pid: PidKey, sess: PidSess): void {
    const p = this.pending.get(pid);
    if (!p) return;
    this.pending.delete(pid);
    for (const id of p.sigs) if (!sess.sigs.includes(id)) own(sess, 'sigs').push(id);
    if (p.errors.length) own(sess, 'errors').push(...p.errors);
  }

  private openSmtpd(pid: PidKey, ip: string, name: string, ts: number, prog: string): PidSess {
    if (this.smtpd.size >= MAX_PIDS)
      for (const [k, v] of this.smtpd) {
        this.finishSmtpd(k, v);
        if (this.smtpd.size < MAX_PIDS / 2) break;
      }
    const s: PidSess = { ip, name: name === 'unknown' ? '' : name, ts, version: null, suite: '', sigs: NONE, errors: NONE, connector: prog };
    this.smtpd.set(pid, s);
    return s;
  }

  private finishSmtpd(pid: PidKey, s: PidSess): void {
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
    for (const st of this.smtp.values()) this.flushSmtp(st);
  }
}
