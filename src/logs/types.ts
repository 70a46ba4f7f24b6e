// Data types of the logs capability: what goes in (inputs, options) and what comes out (per-peer report).
import type { Finding } from '../findings/types.js';
import type { TlsVersion } from '../policy/exchange-online.js';
import type { Lang } from '../i18n/lang.js';

export type LogFormat = 'exchange-receive' | 'exchange-send' | 'exchange' | 'postfix' | 'exim' | 'sendmail';
export type Direction = 'inbound' | 'outbound';

/** One input: a path (file or directory), `-` for stdin, or a ready stream with a display name. */
export type LogInput = string | { name: string; stream: NodeJS.ReadableStream | AsyncIterable<Buffer | string> };

export interface AnalyzeOptions {
  /** Only count events at or after / before this time. */
  since?: Date;
  until?: Date;
  /** Keep only peers whose IP or name contains one of these (case-insensitive). */
  peer?: string[];
  lang?: Lang;
  /** Lines longer than this many bytes are skipped and counted as malformed (default 32 KiB). */
  maxLineBytes?: number;
  /** Cap on distinct peers; later peers are counted under "(other)" (default 200 000). */
  maxPeers?: number;
  /** Worker threads across files: 0/1 = none; default min(CPUs, files, 4) when the input is large. */
  workers?: number;
  /** Year for syslog timestamps without one (default: the current year, rolled back for future months). */
  year?: number;
  /** Progress callback: bytes read so far and total bytes when known (0 when unknown). */
  onProgress?: (done: number, total: number) => void;
  /** stdin stream to use for `-` (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Stops the analysis (Ctrl-C): the report holds what was read so far and says `interrupted: true`. */
  signal?: AbortSignal;
  /** Called once when every input has been read, before the report is built. */
  onRead?: () => void;
}

/** The aggregate of one peer: the unit of the report. */
export interface PeerReport {
  /** Remote IP (or host name when the log has no IP). */
  peer: string;
  /** EHLO name (Exchange receive), banner/host name (Exchange send, MTAs) or "" when not logged. */
  name: string;
  direction: Direction;
  /** Exchange connector, MTA program (postfix/smtpd…) or "". */
  connector: string;
  format: LogFormat;
  sessions: number;
  tlsSessions: number;
  /** Sessions that ended without TLS and without a TLS failure. */
  noTls: number;
  versions: Partial<Record<TlsVersion, number>>;
  /** TLS sessions whose version the log does not tell (Sendmail `TLSv1/SSLv3`). */
  unknownVersion: number;
  suites: Record<string, number>;
  /** Sessions/events with a TLS failure. */
  failures: number;
  /** Signature id → count. */
  signatures: Record<string, number>;
  /** Raw error tokens (e.g. SocketError) → count. */
  errors: Record<string, number>;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Per version, the last time it was seen (ISO). */
  versionLastSeen: Partial<Record<TlsVersion, string>>;
}

export interface MalformedSample {
  file: string;
  line: number;
  reason: string;
  text: string;
}
/** This server's own TLS set-up failure (certificate or key not loaded): it offers no STARTTLS or cannot do TLS. */
export interface LocalFailure {
  file: string;
  /** postfix, exim or sendmail. */
  mta: string;
  /** Lines that reported it. */
  count: number;
  first: string | null;
  last: string | null;
  /** The first such line. */
  sample: string;
}
/** The reasons this tool itself gives for a file it could not (fully) read (FileReport.error; translated for people). */
export const FILE_ERRORS = {
  truncatedGzip: 'truncated gzip data',
  binary: 'binary data, not a text log',
  unknownFormat: 'no known log format',
} as const;

/** A log of something this tool does not read, recognised by its own shape (refused by name, never guessed at). */
export type OtherLog = { kind: 'exchange-other'; logType: string } | { kind: 'dovecot' } | { kind: 'assp' } | { kind: 'syslog'; programs: string[] };

export interface FileReport {
  file: string;
  format: LogFormat | null;
  bytes: number;
  lines: number;
  malformed: number;
  /** What the file is when it is a log this tool does not read (Dovecot, ASSP, Exchange message tracking…), in English. */
  detected?: string;
  /** The same as a kind (what the texts in the report language are made from). */
  detectedLog?: OtherLog;
  /** Why the file could not be (fully) read, when it could not. */
  error?: string;
  /**
   * The last line when the file ends without a newline and that line was not whole (cut off mid-line, as a copied or
   * still-written file ends): `used` tells whether what was readable of it was used (e.g. the TLS version).
   */
  truncatedLine?: { line: number; used: boolean; text: string };
}

export type DaySeries = Record<string, Partial<Record<TlsVersion | 'none' | 'failed' | 'unknown', number>>>;

export interface LogTotals {
  sessions: number;
  tlsSessions: number;
  noTls: number;
  failures: number;
  versions: Partial<Record<TlsVersion, number>>;
  unknownVersion: number;
  signatures: Record<string, number>;
}

/** The `logs --json` document. Keys `files`, `lines`, `peers`, `findings` are the public contract. */
export interface LogReport {
  /** Number of input files read. */
  files: number;
  lines: number;
  bytes: number;
  malformed: number;
  malformedSamples: MalformedSample[];
  /** Lines that mention TLS/SSL but were not used: when > 0 the report is never a clean bill. */
  tlsLinesNotUsed: number;
  tlsLinesNotUsedSamples: MalformedSample[];
  /** This server's own TLS set-up failures (never blamed on a peer). */
  localFailures: LocalFailure[];
  window: { since: string | null; until: string | null };
  peers: PeerReport[];
  totals: LogTotals;
  /** Per UTC day: sessions per TLS version, `none` (no TLS), `failed`, `unknown`. */
  series: DaySeries;
  fileReports: FileReport[];
  findings: Finding[];
  /** Present and true when the analysis was stopped (Ctrl-C) before every input was read: a partial report. */
  interrupted?: boolean;
}
