// SMTP reply parser for bytes from an untrusted server: RFC 5321 §4.2 multi-line replies, with hard caps on every size.
import { SmtpError } from './errors.js';

/** One complete server reply. `lines` hold the text after `NNN-`/`NNN ` (latin1-decoded, unsanitised). */
export interface Reply {
  code: number;
  lines: string[];
  /** Bytes the reply occupied on the wire (line terminators included). */
  bytes: number;
}

export interface ReplyLimits {
  /** Longest line, terminator excluded (RFC 5321 says 512; real servers exceed it). */
  maxLineBytes: number;
  /** Most lines in one multi-line reply. */
  maxLines: number;
  /** Most bytes in one reply. */
  maxReplyBytes: number;
}

export const DEFAULT_REPLY_LIMITS: Readonly<ReplyLimits> = Object.freeze({ maxLineBytes: 4096, maxLines: 100, maxReplyBytes: 64 * 1024 });

const LINE = /^(\d{3})(?:([ -])(.*))?$/s;

/**
 * Incremental parser: `push()` bytes as they arrive and get the replies completed by them. Throws SmtpError
 * ELIMIT (a cap was hit) or EPROTOCOL (not an SMTP reply); after a throw the parser must not be used again.
 * Line ends: CRLF, or a bare LF (tolerated, as Postfix does); NUL or a CR inside a line is a protocol error.
 */
export class ReplyParser {
  private readonly limits: ReplyLimits;
  private partial: Buffer[] = [];
  private partialLen = 0;
  private lines: string[] = [];
  private code = 0;
  private replyBytes = 0;

  constructor(
    limits: Partial<ReplyLimits> = {},
    private readonly phase = 'reply',
  ) {
    this.limits = { ...DEFAULT_REPLY_LIMITS, ...limits };
  }

  /** Bytes held that do not yet form a complete reply (partial line and lines of an unfinished reply). */
  get buffered(): number {
    return this.partialLen + this.replyBytes;
  }

  /** Drops everything buffered (complete lines of an unfinished reply and a partial line); returns the byte count. */
  discard(): number {
    const n = this.buffered;
    this.partial = [];
    this.partialLen = 0;
    this.lines = [];
    this.code = 0;
    this.replyBytes = 0;
    return n;
  }

  /** Feeds bytes; returns every reply they complete, in order. */
  push(chunk: Buffer, phase = this.phase): Reply[] {
    const out: Reply[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) {
        const rest = chunk.length - start;
        if (this.partialLen + rest > this.limits.maxLineBytes + 1)
          throw new SmtpError('ELIMIT', `server sent a line longer than ${this.limits.maxLineBytes} bytes`, phase);
        this.partial.push(chunk.subarray(start));
        this.partialLen += rest;
        break;
      }
      let line: Buffer = chunk.subarray(start, nl);
      if (this.partialLen > 0) {
        line = Buffer.concat([...this.partial, line]);
        this.partial = [];
        this.partialLen = 0;
      }
      start = nl + 1;
      const wire = line.length + 1;
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      const reply = this.line(line, wire, phase);
      if (reply) out.push(reply);
    }
    return out;
  }

  private line(buf: Buffer, wire: number, phase: string): Reply | null {
    if (buf.length > this.limits.maxLineBytes) throw new SmtpError('ELIMIT', `server sent a line longer than ${this.limits.maxLineBytes} bytes`, phase);
    if (buf.includes(0x00)) throw new SmtpError('EPROTOCOL', 'server sent a NUL byte in a reply line', phase);
    if (buf.includes(0x0d)) throw new SmtpError('EPROTOCOL', 'server sent a bare CR in a reply line', phase);
    const text = buf.toString('latin1');
    const m = LINE.exec(text);
    if (!m) throw new SmtpError('EPROTOCOL', 'server sent a line that is not an SMTP reply', phase, { line: text.slice(0, 200) });
    const code = Number(m[1]);
    if (code < 200 || code > 599) throw new SmtpError('EPROTOCOL', `server sent reply code ${m[1]} (outside 2xx-5xx)`, phase, { line: text.slice(0, 200) });
    if (this.lines.length > 0 && code !== this.code)
      throw new SmtpError('EPROTOCOL', `multi-line reply changes its code from ${this.code} to ${code}`, phase, { line: text.slice(0, 200) });
    this.code = code;
    this.replyBytes += wire;
    this.lines.push(m[3] ?? '');
    if (this.lines.length > this.limits.maxLines) throw new SmtpError('ELIMIT', `server sent a reply of more than ${this.limits.maxLines} lines`, phase);
    if (this.replyBytes > this.limits.maxReplyBytes) throw new SmtpError('ELIMIT', `server sent a reply larger than ${this.limits.maxReplyBytes} bytes`, phase);
    // `NNN-` continues; `NNN ` or the code alone (RFC 5321 §4.2.1 "MUST be prepared for") ends the reply.
    if (m[2] === '-') return null;
    const reply: Reply = { code, lines: this.lines, bytes: this.replyBytes };
    this.lines = [];
    this.code = 0;
    this.replyBytes = 0;
    return reply;
  }
}

/** The reply as one display string: `250 first line / second line` (unsanitised; sanitize before printing). */
export function replyText(r: Reply): string {
  return `${r.code} ${r.lines.join(' / ')}`.trimEnd();
}

/** EHLO keywords, upper-case, from a 250 reply (first line is the domain); values keep their case. */
export function ehloKeywords(r: Reply): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of r.lines.slice(1)) {
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*)(?:[ =](.*))?$/.exec(line.trim());
    if (m) out.set((m[1] as string).toUpperCase(), m[2] ?? '');
  }
  return out;
}
