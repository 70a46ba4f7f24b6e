// Analyses one input (file, stdin or stream) into an Aggregate: detection, the right parser, a FileReport.
import type { Aggregate } from './aggregate.js';
import { sanitize } from '../net/sanitize.js';
import { detect } from './detect.js';
import { ExchangeParser } from './exchange.js';
import { acquireScanner, releaseScanner } from './linescan.js';
import { MtaParser } from './mta.js';
import { readLines, type BlockParser, type ReadResult } from './reader.js';
import { text as ui } from './messages.js';
import { otherLogText } from './report.js';
import { FILE_ERRORS, type FileReport, type LogFormat, type OtherLog } from './types.js';

/** Options a file analysis needs (plain data: they cross into worker threads). */
export interface FileOptions {
  maxLine: number;
  year: number;
  nowMonth: number;
}

/** Gives up looking for a known format after this many bytes of unrecognised text. */
const DETECT_LIMIT = 4 << 20;

const NOOP: BlockParser = { block() {}, end() {} };

export async function analyzeFile(
  source: string | NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  name: string,
  agg: Aggregate,
  opts: FileOptions,
  onBytes?: (n: number) => void,
): Promise<FileReport> {
  let format: LogFormat | null = null;
  let mta: MtaParser | null = null;
  let ex: ExchangeParser | null = null;
  let binary = false;
  let other: OtherLog | null = null;
  let looked = 0;
  const malformedBefore = agg.malformed;
  // a file is read straight into the memory of the Exchange line classifier (used if the file turns out to be one)
  const scanner = typeof source === 'string' ? acquireScanner() : undefined;
  const pick = (sample: Buffer): BlockParser | null => {
    const d = detect(sample, name);
    looked += sample.length;
    if (d?.kind === 'exchange') {
      format = d.dir === 'outbound' ? 'exchange-send' : d.dir === 'inbound' ? 'exchange-receive' : 'exchange';
      return (ex = new ExchangeParser(name, agg, d.dir, opts.maxLine, scanner));
    }
    if (d?.kind === 'mta') {
      mta = new MtaParser(name, agg, opts.year, opts.nowMonth, opts.maxLine, scanner);
      return mta;
    }
    if (d?.kind === 'binary') {
      binary = true;
      return NOOP;
    }
    if (d?.kind === 'other') {
      other = d.log;
      if (d.certain) return NOOP;
    }
    return looked >= DETECT_LIMIT ? NOOP : null;
  };
  let r;
  try {
    r = await readLines(source, name, agg, pick, opts.maxLine, onBytes, scanner?.readBuffers());
  } finally {
    if (scanner) releaseScanner(scanner);
  }
  agg.lines += r.lines;
  agg.bytes += r.bytes;
  const e = ex as ExchangeParser | null;
  if (e && format === 'exchange') format = e.finalFormat();
  const m = mta as MtaParser | null;
  if (m) {
    format = m.format();
    // only other programs' lines (a Dovecot log with one stray word that looked like ours): not an MTA log
    if (m.mtaLines === 0 && m.others.size > 0 && !r.error) {
      format = null;
      const top = [...m.others.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([p]) => p);
      other = top.some((p) => /dovecot|imap|pop3/.test(p)) ? { kind: 'dovecot' } : { kind: 'syslog', programs: top };
    }
  }
  const rep = fileReport(agg, name, format, r, malformedBefore, binary, other);
  const cut = e?.cut ?? m?.cut;
  if (cut) rep.truncatedLine = cut;
  agg.files.push(rep);
  return rep;
}

/**
 * The report of one read input: why it was not read when it was not, and (never a silent 0) the lines of an input
 * that no parser read counted as not understood. Shared with the tests' reference path.
 */
export function fileReport(
  agg: Aggregate,
  name: string,
  format: LogFormat | null,
  r: ReadResult,
  malformedBefore: number,
  binary: boolean,
  other: OtherLog | null,
): FileReport {
  const rep: FileReport = { file: name, format, bytes: r.bytes, lines: r.lines, malformed: agg.malformed - malformedBefore };
  if (r.error) rep.error = r.error;
  else if (binary) rep.error = FILE_ERRORS.binary;
  else if (!format && other && r.lines > 0) {
    // the names come from the log's own bytes (an Exchange #Log-type, syslog program names): sanitised like any log text
    const log: OtherLog =
      other.kind === 'exchange-other'
        ? { kind: other.kind, logType: sanitize(other.logType, 120) }
        : other.kind === 'syslog'
          ? { kind: other.kind, programs: other.programs.map((p) => sanitize(p, 60)) }
          : other;
    // (the English of the texts the findings show in --lang: one wording)
    const what = sanitize(otherLogText(log, 'en'), 200);
    rep.detected = what;
    rep.detectedLog = log;
    rep.error = ui('logs.file-error.notSmtp', 'en', { detected: what });
  } else if (!format && r.lines > 0) rep.error = FILE_ERRORS.unknownFormat;
  if (!format && r.lines > 0) {
    const skipped = r.lines - rep.malformed;
    if (skipped > 0) {
      agg.bad(name, 1, rep.detected ? 'not-an-smtp-log' : binary ? 'binary' : 'unknown-format', rep.error ?? '');
      agg.malformed += skipped - 1;
      rep.malformed += skipped;
    }
  }
  return rep;
}
