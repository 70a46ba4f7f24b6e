// Postfix, Exim and Sendmail log parser (syslog, RFC 3339 syslog, Exim mainlog): prefilter, then one regex per line kind.
import type { TlsVersion } from '../policy/exchange-online.js';
import type { Aggregate, SessionRecord } from './aggregate.js';
import { latin1, type BlockParser, type CutLine } from './reader.js';
import { Interner } from './intern.js';
import {
  K_LONG,
  H_EXIM,
  H_OTHER,
  K_PLAIN,
  LineScanner,
  R_BRACKET,
  R_IP_END,
  R_MSG,
  R_NAME,
  R_PEER_HASH,
  R_PID,
  R_PID_END,
  R_PID_VALUE,
  R_PROG,
  R_PROG_END,
  R_PROG_START,
  R_SHAPE,
  R_SUITE_END,
  R_SUITE_HASH,
  R_VERSION,
  RECORD_INTS,
  SHAPE_CONNECT,
  SHAPE_DISCONNECT_TLS,
  SHAPE_TLS,
} from './linescan.js';
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
/**
 * The length of a `docker compose logs` prefix (`mail_1  | `, `postfixrelay-1  | `: `/^[\w.-]+ *\| /`) at the start of
 * `line`, or 0; read from the start only, not searched for in the whole line.
 */
function composePrefix(line: string): number {
  let k = 0;
  while (composeNameChar(line.charCodeAt(k))) k++;
  if (k === 0) return 0;
  while (line.charCodeAt(k) === 32) k++;
  return line.charCodeAt(k) === 124 && line.charCodeAt(k + 1) === 32 ? k + 2 : 0;
}
/** [\w.-] */
function composeNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}
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
/** `from NAME[IP]` (a client: inbound) or `to NAME[IP]` (a server: outbound). */
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
  /** The byte path's peer entry this session's NAME[IP] came from (it remembers the aggregate's answer), or null. */
  peer: BytePeer | null;
}

/**
 * A `NAME[IP]` of the byte path: its texts, and the peer the aggregate resolved it to for inbound Postfix sessions of
 * connector `conn` (Aggregate.resolve() answers the same for the same key every time, overflow aside): a session of a
 * known peer then needs no look-up of its IP among all peers.
 */
interface BytePeer {
  raw: string;
  ip: string;
  name: string;
  /** The aggregate's id for (ip, name, conn), -1 for a key --peer leaves out, NO_ID while not resolved. */
  id: number;
  conn: string;
}
const NO_ID = -3;

interface SmtpPid {
  tlsIp: string | null;
  used: boolean;
  pendingSigs: string[];
  pendingErrors: string[];
  lastIp: string;
  lastName: string;
  /** Direction and program of the last line that named a peer (tlsproxy serves clients too: `from` is inbound). */
  lastDir: Direction;
  lastProg: string;
  /**
   * tlsproxy: the pending signatures and errors are the failure of the last peer named (an `SSL_accept error from
   * [IP]` line), held for the library-problem lines Postfix logs after it (tls_print_errors()), with its time.
   */
  held: boolean;
  heldTs: number;
}

const MAX_PIDS = 20_000;
/**
 * Error tokens a process holds for a peer not yet named (or, tlsproxy, a held failure): at this many the held errors
 * become an event of the last peer named (every token still counted; memory stays bounded on a hostile log).
 */
export const MAX_HELD_ERRORS = 1024;

/**
 * What the per-process state of Postfix is keyed by: a process id of up to nine digits without a leading zero as its
 * number (cheaper to hash than a string), any other text as itself. Two texts give the same key only when they are
 * the same text.
 */
type PidKey = string | number;

/**
 * The open smtpd sessions by process id, as a Map of them in the order they were opened (get, open, delete, size,
 * iteration). The newest is held beside the Map until another one opens: a session whose lines come before the next
 * session's connect (a quiet server, one smtpd process at a time) is opened and finished without touching the Map.
 */
class OpenSessions {
  private readonly map = new Map<PidKey, PidSess>();
  private lastPid: PidKey = -1;
  private last: PidSess | null = null;

  get size(): number {
    return this.last === null ? this.map.size : this.map.size + 1;
  }

  get(pid: PidKey): PidSess | undefined {
    return this.last !== null && this.lastPid === pid ? this.last : this.map.get(pid);
  }

  /** Opens the session of a process that has none open (every caller finishes or takes the open one first). */
  open(pid: PidKey, s: PidSess): void {
    if (this.last !== null) this.map.set(this.lastPid, this.last);
    this.lastPid = pid;
    this.last = s;
  }

  delete(pid: PidKey): void {
    if (this.last !== null && this.lastPid === pid) this.last = null;
    else this.map.delete(pid);
  }

  /** Oldest first (the Map's order, then the newest); sessions deleted while iterating are not visited. */
  *[Symbol.iterator](): IterableIterator<[PidKey, PidSess]> {
    yield* this.map;
    if (this.last !== null) yield [this.lastPid, this.last];
  }
}
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

/** A program whose lines the classifier counts (Postfix), reads in full (another MTA), or counts as another program's. */
const PROG_POSTFIX = 1,
  PROG_MTA = 2,
  PROG_OTHER = 3;
/** TLS versions by the code of wasm/linescan.ts smtpdShape() (R_VERSION & 15). */
const VERSION_CODES: (TlsVersion | 'unknown')[] = ['TLSv1.0', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3', 'SSLv3', 'unknown'];

/** A program of the classifier's table. */
interface ProgEntry {
  prog: string;
  kind: number;
}

/** The latin1 text `t` is the bytes at buf[i..). */
function sameBytes(t: string, buf: Buffer, i: number): boolean {
  const n = t.length;
  for (let k = 0; k < n; k++) if (t.charCodeAt(k) !== buf[i + k]) return false;
  return true;
}

export class MtaParser implements BlockParser {
  private readonly smtpd = new OpenSessions();
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
   * The lines of a block, as the classifier (wasm/linescan.ts, MTA mode) gives them: a line of a known Postfix program
   * without any PATTERNS entry (nor a CR inside) is only counted there; the others come as records with their syslog
   * header already read (when it has the usual shape, see scanMta()), and the hot smtpd lines with their parts found.
   * A line of any other shape is read in full by classify().
   */
  block(buf: Buffer, start: number, end: number, firstLine: number): number {
    const agg = this.agg;
    const max = this.maxLine;
    const sc = this.scanner;
    if (sc.mtaOwner !== this) {
      // the program table of the classifier is this parser's (a scanner is reused file after file)
      sc.mtaReset();
      sc.mtaOwner = this;
      this.table.length = 0;
      this.tableIdx.clear();
    }
    const base = sc.load(buf, start, end);
    let lines = 0;
    for (let count = sc.nextMta(max); count >= 0; count = sc.nextMta(max)) {
      const r = sc.current;
      for (let i = 0, o = 0; i < count; i++, o += RECORD_INTS) {
        const lineNo = firstLine + lines + (r[o + 1] as number);
        const ls = (r[o + 2] as number) + base;
        const kind = r[o] as number;
        if (kind === K_LONG) {
          agg.bad(this.file, lineNo, 'line-too-long', buf.toString('latin1', ls, ls + 120));
          continue;
        }
        const le = (r[o + 3] as number) + base;
        const idx = r[o + R_PROG] as number;
        if (idx === H_OTHER) {
          this.classify(latin1(buf, ls, le), lineNo);
          continue;
        }
        if (idx === H_EXIM) {
          // an Exim mainlog line classify() would read with RX_EXIM (wasm/linescan.ts eximHeader()): its pid and message
          const line = latin1(buf, ls, le);
          const ps = (r[o + R_PID] as number) + base;
          const pe = (r[o + R_PID_END] as number) + base;
          this.mtaLine('exim', ps < pe ? latin1(buf, ps, pe) : '', line.slice((r[o + R_MSG] as number) + base - ls), isoAt(line, 0), line, lineNo);
          continue;
        }
        this.hPid = (r[o + R_PID] as number) + base;
        this.hPidEnd = (r[o + R_PID_END] as number) + base;
        this.hMsg = (r[o + R_MSG] as number) + base;
        let pk: number;
        if (idx >= 0) {
          const e = this.table[idx] as ProgEntry;
          this.hProg = e.prog;
          pk = e.kind;
        } else pk = this.progOf(buf, (r[o + R_PROG_START] as number) + base, (r[o + R_PROG_END] as number) + base);
        if (kind === K_PLAIN) {
          // no pattern: as mtaLine() and postfix() count a line they find nothing in (another MTA's line is read)
          if (pk === PROG_OTHER) {
            this.other(this.hProg);
            continue;
          }
          if (pk === PROG_POSTFIX) {
            this.mtaLines++;
            this.lineNo = lineNo;
            this.seen.postfix++;
            continue;
          }
        } else if (pk === PROG_POSTFIX) {
          const shape = r[o + R_SHAPE] as number;
          if (shape !== 0 && !this.unterminated) {
            this.smtpdShape(buf, r, o, base, shape, ls, le, lineNo);
            continue;
          }
        }
        const line = latin1(buf, ls, le);
        // a CR inside the line: RX_SYSLOG's `(.*)$` does not match it (classify() reports it)
        if (line.indexOf('\r') !== -1) this.classify(line, lineNo);
        else if (pk === PROG_OTHER) this.other(this.hProg);
        else {
          // what classify() does with a line RX_SYSLOG matches, from the header the classifier read: the time is at the
          // start of the line (syslogTime() reads the same bytes as RX_SYSLOG's time group)
          const ts = syslogTime(line, this.year, this.nowMonth);
          this.syslogLine(this.hProg, latin1(buf, this.hPid, this.hPidEnd), line.slice(this.hMsg - ls), ts, line, lineNo);
        }
      }
      // the lines of known Postfix programs the classifier counted (what the K_PLAIN branch above does for each)
      const plain = sc.plainLines;
      this.mtaLines += plain;
      this.seen.postfix += plain;
      lines += sc.lines;
    }
    return lines;
  }

  /** The header of the line being read (from its record): program, pid bytes, where the message starts. */
  private hProg = '';
  private hPid = 0;
  private hPidEnd = 0;
  private hMsg = 0;
  /** The programs of the classifier's table by index, and the index of each program. */
  private readonly table: ProgEntry[] = [];
  private readonly tableIdx = new Map<string, number>();

  /**
   * The kind (PROG_…) of the program buf[ps, pe) of a usual syslog header, which becomes hProg; added to the
   * classifier's table (its next lines are then told apart there).
   */
  private progOf(buf: Buffer, ps: number, pe: number): number {
    const prog = this.progs.get(buf, ps, pe);
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
    if (!this.tableIdx.has(prog) && this.tableIdx.size < 4096) {
      const smtpd = kind === PROG_POSTFIX && prog.endsWith('smtpd');
      const i = this.scanner.mtaProg(buf, ps, pe, kind | (smtpd ? 256 : 0));
      this.tableIdx.set(prog, i);
      if (i >= 0) this.table[i] = { prog, kind };
    }
    return kind;
  }

  /** Peers of the byte path by the bytes of `NAME[IP`: their name and address strings (one look-up for both). */
  private readonly peers = new Map<number, BytePeer>();
  /** Cipher suites of the byte path, one string per distinct text. */
  private readonly suites = new Interner();

  /**
   * A hot smtpd line the classifier recognised (`connect from`, `disconnect from`, `… TLS connection established
   * from …: TLSv1.x with cipher …`; record r at o): what mtaLine() and postfix() do with it, without a string of the
   * line. The classifier only gives a shape for which the regex path does exactly this (no CR, no words of a local
   * failure, a plain `NAME[IP]`…); test/logs/mta-bytepath.test.ts holds it to the reference parser.
   */
  private smtpdShape(buf: Buffer, r: Int32Array, o: number, base: number, shape: number, ls: number, le: number, lineNo: number): void {
    this.mtaLines++;
    this.lineNo = lineNo;
    this.seen.postfix++;
    const pv = r[o + R_PID_VALUE] as number;
    const pid: PidKey = pv >= 0 ? pv : this.pids.get(buf, this.hPid, this.hPidEnd);
    if (shape === SHAPE_TLS) {
      const ver = r[o + R_VERSION] as number;
      const suiteStart = (r[o + R_IP_END] as number) + base + 3 + (ver >> 4) + 13;
      const sess = this.smtpd.get(pid) ?? this.openPeer(buf, r, o, base, ls, le, pid);
      sess.version = VERSION_CODES[ver & 15] as TlsVersion | 'unknown';
      sess.suite = this.suites.hashed(buf, suiteStart, (r[o + R_SUITE_END] as number) + base, r[o + R_SUITE_HASH] as number);
      return;
    }
    const old = this.smtpd.get(pid);
    if (shape === SHAPE_CONNECT) {
      if (old) this.finishSmtpd(pid, old);
      this.flushPending(pid);
      this.openPeer(buf, r, o, base, ls, le, pid);
      return;
    }
    // disconnect (of a session whose connect may be before this file: still one session); `starttls=1` without a
    // "TLS connection established" line: TLS was used, its version not logged
    const sess = old ?? this.openPeer(buf, r, o, base, ls, le, pid);
    this.takePending(pid, sess);
    if (shape === SHAPE_DISCONNECT_TLS && sess.version === null) sess.version = 'unknown';
    this.finishSmtpd(pid, sess);
  }

  /** openSmtpd() for the peer of a record, at the time of the line's header. */
  private openPeer(buf: Buffer, r: Int32Array, o: number, base: number, ls: number, le: number, pid: PidKey): PidSess {
    const a = (r[o + R_NAME] as number) + base;
    const br = (r[o + R_BRACKET] as number) + base;
    const b = (r[o + R_IP_END] as number) + base;
    const h = r[o + R_PEER_HASH] as number;
    const n = b - a;
    let e = this.peers.get(h);
    let ip: string;
    let name: string;
    if (e !== undefined && e.raw.length === n && sameBytes(e.raw, buf, a)) {
      ip = e.ip;
      name = e.name;
    } else {
      const raw = latin1(buf, a, b);
      name = raw.slice(0, br - a);
      ip = raw.slice(br + 1 - a);
      if (e === undefined && this.peers.size < 1 << 16) this.peers.set(h, (e = { raw, ip, name, id: NO_ID, conn: '' }));
      else e = undefined; // (another NAME[IP] with the same hash keeps the entry)
    }
    const s = this.openSmtpd(pid, ip, name, syslogTimeBytes(buf, ls, le, this.year, this.nowMonth), this.hProg);
    s.peer = e ?? null;
    return s;
  }

  /** An MTA's line with a syslog header (program, pid, message, time read): Exim's own time in the message handled. */
  private syslogLine(prog: string, pid: string, msg: string, ts: number, line: string, lineNo: number): void {
    // Exim through syslog: the message may start with Exim's own time (`exim[12]: 2021-07-17 23:20:49 …`)
    if (prog.startsWith('exim')) {
      const e = RX_EXIM.exec(msg);
      if (e) {
        this.mtaLine(prog, pid, e[2] as string, ts !== ts ? isoAt(msg, 0) : ts, line, lineNo);
        return;
      }
    }
    this.mtaLine(prog, pid, msg, ts, line, lineNo);
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
    const compose = c === 123 ? 0 : composePrefix(line);
    if (compose > 0) {
      line = line.slice(compose);
      if (line.length === 0) return;
    }
    if (line.charCodeAt(0) === 123) {
      this.journalJson(line, lineNo, nested);
      return;
    }
    if (line.charCodeAt(0) === 45 && RX_JOURNAL_META.test(line)) return;
    // (RX_SYSLOG needs `]: `: a line without it, an Exim mainlog line most often, is not tried against it)
    let m = line.indexOf(']: ') === -1 ? null : RX_SYSLOG.exec(line);
    if (m) {
      const prog = m[3] as string;
      const msg = m[5] as string;
      const time = m[1];
      let ts = NaN;
      if (time) ts = time.charCodeAt(0) <= 57 ? isoAt(time, 0) : syslogTime(time, this.year, this.nowMonth);
      else ts = this.lineTime; // a line without a time of its own: the time its wrapper (Docker json-file) gives
      if (!RX_MTA_PROG.test(prog)) {
        this.other(prog);
        return;
      }
      this.syslogLine(prog, m[4] as string, msg, ts, line, lineNo);
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
      if (!sess) sess = this.openSmtpd(pid, h?.[3] ?? '', h?.[2] ?? '', ts, prog);
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
      if (st.held) this.flushSmtp(st); // a held tlsproxy failure is another connection's
      st.tlsIp = m[3] as string;
      st.used = false;
      st.lastIp = m[3] as string;
      st.lastName = m[2] as string;
      // `established from` in a program other than smtpd is tlsproxy serving postscreen's STARTTLS: a client, inbound
      const dir: Direction = m[1] === 'from' ? 'inbound' : 'outbound';
      st.lastDir = dir;
      st.lastProg = prog;
      this.rec(ts, m[3] as string, m[2] as string, dir, prog, 'postfix', mtaVersion(m[4] as string), m[5] as string, [], [], true);
      return true;
    }
    if ((m = RX_PF_DELIVERY.exec(msg))) {
      st = this.smtpState(pid, st);
      if (st.held) this.flushSmtp(st);
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
      st.lastDir = 'outbound';
      st.lastProg = prog;
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
      // "TLS library problem" has no peer: keep it for the next line of this process; tlsproxy logs it after the
      // `SSL_accept error from [IP]` line it explains (Postfix's tls_print_errors() follows the message), and that
      // line's DISCONNECT is not read: it is an event of that peer now, with this line's time
      for (const id of sigs) if (!st.pendingSigs.includes(id)) st.pendingSigs.push(id);
      if (reason) st.pendingErrors.push(reason.trim());
      // (held: it joins that failure; else, for tlsproxy, it is an event of the last peer named, at this line's time)
      if ((!st.held && st.lastIp !== '' && prog.endsWith('/tlsproxy')) || st.pendingErrors.length >= MAX_HELD_ERRORS) this.flushSmtp(st, ts);
      return true;
    }
    if (st.held) this.flushSmtp(st);
    st.lastIp = h[3] as string;
    st.lastName = h[2] as string;
    st.lastDir = h[1] === 'from' ? 'inbound' : 'outbound';
    st.lastProg = prog;
    const allSigs = [...sigs, ...st.pendingSigs.filter((x) => !sigs.includes(x))];
    const errors = [...st.pendingErrors, ...(reason ? [reason.trim()] : [])];
    if (prog.endsWith('/tlsproxy')) {
      // (`SSL_accept error from [IP]` of tlsproxy: a client's failure, inbound) held for its library-problem lines:
      // one failure per handshake, as for smtpd
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
    return st;
  }

  /** The held TLS errors of a process that no later line took: an event of its last peer (`ts`: when known). */
  private flushSmtp(st: SmtpPid, ts = NaN): void {
    const held = st.held;
    if (held || st.pendingSigs.length || st.pendingErrors.length)
      this.rec(held ? st.heldTs : ts, st.lastIp, st.lastName, st.lastDir, st.lastProg, 'postfix', null, '', st.pendingSigs, st.pendingErrors, false);
    st.pendingSigs = [];
    st.pendingErrors = [];
    st.held = false;
    st.heldTs = NaN;
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
    const s: PidSess = { ip, name: name === 'unknown' ? '' : name, ts, version: null, suite: '', sigs: NONE, errors: NONE, connector: prog, peer: null };
    this.smtpd.open(pid, s);
    return s;
  }

  private finishSmtpd(pid: PidKey, s: PidSess): void {
    this.smtpd.delete(pid);
    const e = s.peer;
    if (e === null || s.ip === '') {
      this.rec(s.ts, s.ip, s.name, 'inbound', s.connector, 'postfix', s.version, s.suite, s.sigs, s.errors, true);
      return;
    }
    // what rec() and Aggregate.add() do, with the peer the entry remembers (resolved once per NAME[IP] and connector)
    const agg = this.agg;
    if (!agg.inWindow(s.ts)) return;
    let id = e.conn === s.connector ? e.id : NO_ID;
    if (id === NO_ID) {
      id = agg.resolve(s.ip, s.name, s.connector, 'inbound', 'postfix');
      if (id >= -1) {
        e.id = id;
        e.conn = s.connector;
      } else id = -2 - id; // the "(other)" peer past maxPeers: counted per call, never remembered
    }
    if (id === -1) return;
    agg.addTo(id, s.ts, true, s.version, s.suite, s.sigs, s.errors);
  }

  private exim(pid: string, msg: string, ts: number, line: string): boolean {
    this.seen.exim++;
    // (every alternative of RX_EXIM_LOCAL and of the TLS error pattern has a piece that is looked for first)
    const tls = msg.indexOf('TLS ') !== -1;
    if ((tls || (msg.indexOf('(') !== -1 && (msg.indexOf('(cert/key setup: ') !== -1 || msg.indexOf('(tls_init): ') !== -1))) && RX_EXIM_LOCAL.test(msg)) {
      // its own certificate/key could not be loaded: local, whoever happened to connect
      this.agg.localFailure(this.file, 'exim', ts, line);
      return true;
    }
    const arrival = msg.includes(' <= ');
    const delivery = !arrival && /(?:^|\s)(?:=>|->|\*\*|==) /.test(msg);
    const tlsError = tls && /TLS (?:send |recv )?error on connection|TLS session: |a TLS session is required/.test(msg);
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
      // (the pattern needs "connection from ": most other lines, "Completed" above all, do not have it)
      const c =
        msg.indexOf('connection from ') === -1
          ? null
          : /(?:SMTP connection|connection) from (?:([^\s([]+) )?(?:\(([^)]*)\) )?\[([^\]]+)\].*\bC=\S*STARTTLS/.exec(msg);
      if (c) {
        if (this.eximFirst(pid, msg, ts, c[3] as string, 'starttls'))
          this.rec(ts, c[3] as string, c[2] || c[1] || '', 'inbound', 'exim', 'exim', 'unknown', '', [], [], true);
        return true;
      }
      return false;
    }
    // a local submission or delivery (no H=) has no remote peer: nothing more is read from it
    if (!h && (arrival || delivery)) return true;
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
    const version = x ? mtaVersion(x[1] as string) : /^(?:e?smtps|esmtpsa)$/.test(RX_EXIM_P.exec(msg)?.[1] ?? '') ? 'unknown' : null;
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
    // (RX_EXIM_CI needs a `[` first or a `Ci=`; a process id from the header comes first anyway)
    const ci = pid || (msg.charCodeAt(0) !== 91 && msg.indexOf('Ci=') === -1) ? null : RX_EXIM_CI.exec(msg);
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
    for (const st of this.smtp.values()) this.flushSmtp(st);
  }
}
