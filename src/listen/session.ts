// One inbound SMTP session: a Postfix-style command table, STARTTLS with ClientHello capture and refusal, a DATA sink.
//
// Why hand-written on `net` and not smtp-server: the receiver must read the raw ClientHello *before* OpenSSL sees it
// (to record what a TLS 1.0 sender offered and to refuse it with Exchange Online's alert), and smtp-server owns the
// socket and calls tls.TLSSocket itself, with no hook between the STARTTLS 220 and the handshake. Its STARTTLS path
// also re-pipes the same line parser after the upgrade (the plaintext-buffer class of CVE-2011-0411), which is exactly the
// buffer handling this file must get right, and its per-command hooks cannot express "MAIL before STARTTLS gets the
// policy's 451 5.7.3" without fighting its built-in replies. What is left (a line splitter with caps, ten commands, a
// dot-terminated sink) is small enough to read top to bottom.
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { buildAlert, CONTENT, MAX_HELLO_BYTES, parseClientHello, type ParsedClientHello } from '../tls/hello.js';
import { sanitize } from '../net/sanitize.js';
import type { Lang } from '../i18n/lang.js';
import { assess, emptyFacts, type SessionFacts } from './assess.js';
import { policyDecision, type ReceiverPolicy } from './policy.js';
import { fromNodeProtocol, versionName } from '../tls/versions.js';
import { REPLY } from './replies.js';
import type { Keeper } from './keep.js';
import { classifyTlsError } from '../tls/failure.js';
import { tlsReason } from '../tls/reason.js';
import type { ReceiverLimits, RecordedClientHello, RecordedCommand, SessionRecord } from './types.js';
import { attribute, emptyConnectorRecord, rcptRefusal, readClientCertificate, type ConnectorRecord, type InboundConnectorSettings } from './connector.js';
import { connectorFindings } from './connector-findings.js';
import { INBOUND } from '../policy/connectors.js';

/** What every session of a listener shares. */
export interface SessionContext {
  policy: ReceiverPolicy;
  hostname: string;
  limits: ReceiverLimits;
  secureContext: SecureContext;
  accept: boolean;
  keeper: Keeper | null;
  lang: Lang;
  /** STARTTLS advertised and offered (false: a server without TLS). */
  starttls: boolean;
  /** An inbound connector that identifies senders by their client certificate (--tls-sender-certificate-name). */
  connector?: InboundConnectorSettings | null;
}

type Mode = 'command' | 'data' | 'hello' | 'handshake' | 'closing';

/** A command's handler and flags (Postfix smtpd_cmd_table: SMTPD_CMD_FLAG_PRE_TLS, …_LIMIT). */
interface CommandSpec {
  /** Allowed before STARTTLS when the policy requires TLS. */
  preTls: boolean;
  /** Counts toward the junk-command limit. */
  junk: boolean;
  run: (s: Session, arg: string) => void;
}

const CRLF = Buffer.from('\r\n');
const END_OF_DATA = Buffer.from('\r\n.\r\n');
const MAX_RECORDED_COMMANDS = 100;
/** Pause reading when this much output is queued (a client that pipelines and never reads). */
const MAX_PENDING_OUTPUT = 64 * 1024;
/** After a refusal or QUIT, how long the peer gets to close before we destroy the socket. */
const LINGER_MS = 2000;

const HTTP_LINE = /^(GET|POST|HEAD|PUT|DELETE|OPTIONS|CONNECT|PATCH) \S+ HTTP\/\d/i;
const PATH = /^<([^<>\s]*)>(?:\s+(.*))?$/;

/** The command table; anything not here gets 500 5.3.3. */
const COMMANDS: Record<string, CommandSpec> = {
  EHLO: { preTls: true, junk: true, run: (s, a) => s.hello(a, true) },
  HELO: { preTls: true, junk: true, run: (s, a) => s.hello(a, false) },
  STARTTLS: { preTls: true, junk: false, run: (s, a) => s.starttls(a) },
  NOOP: { preTls: true, junk: true, run: (s) => s.reply(REPLY.ok) },
  RSET: {
    preTls: true,
    junk: true,
    run: (s) => {
      s.resetTransaction();
      s.reply(REPLY.reset);
    },
  },
  HELP: { preTls: true, junk: true, run: (s) => s.reply(REPLY.help) },
  QUIT: { preTls: true, junk: false, run: (s) => s.quit() },
  VRFY: { preTls: false, junk: true, run: (s) => s.reply(REPLY.vrfy) },
  MAIL: { preTls: false, junk: false, run: (s, a) => s.mail(a) },
  RCPT: { preTls: false, junk: false, run: (s, a) => s.rcpt(a) },
  DATA: { preTls: false, junk: false, run: (s, a) => s.data(a) },
};

/** `ip:port`, with brackets for IPv6 and IPv4-mapped addresses unwrapped. */
export function normalizeAddress(a: string | undefined): string {
  if (!a) return '?';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}
export function endpoint(addr: string, port: number | undefined): string {
  return addr.includes(':') ? `[${addr}]:${port ?? 0}` : `${addr}:${port ?? 0}`;
}

export class Session {
  readonly id: string;
  readonly remoteAddress: string;
  private readonly remote: string;
  private readonly local: string;
  private readonly startedAt = new Date();
  /** The socket the session reads and writes now: the TCP socket, then the TLSSocket after STARTTLS. */
  private io: Socket;
  private tls: TLSSocket | null = null;
  private mode: Mode = 'command';
  /** Unprocessed command bytes (never more than one partial line of at most maxLineLength). */
  private inbuf: Buffer = Buffer.alloc(0);
  /** Bytes dropped from the current over-long line (0 = not inside one). */
  private discarding = 0;
  private helo: string | null = null;
  /** The last HELO/EHLO name given, for the record (cleared when TLS comes up: then only the name inside TLS counts). */
  private heloSeen: string | null = null;
  private mailFrom: string | null = null;
  private rcpts = 0;
  private errors = 0;
  private junk = 0;
  private commandBytes = 0;
  private helloChunks: Buffer[] = [];
  private helloBytes = 0;
  /** DATA state: the last bytes seen (to find CRLF.CRLF across chunks), size, and the kept prefix. */
  private dataTail: Buffer = CRLF;
  private dataBytes = 0;
  private dataKept: Buffer[] = [];
  private dataKeptBytes = 0;
  private readonly commands: RecordedCommand[] = [];
  private recordedHello: RecordedClientHello | null = null;
  private tlsError: string | null = null;
  private negotiated: SessionRecord['negotiated'] = null;
  private readonly kept: string[] = [];
  private readonly facts: SessionFacts;
  /** The inbound connector's view of this session (only with ctx.connector). */
  private readonly connector: ConnectorRecord | null;
  private sessionTimer: NodeJS.Timeout | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private finished = false;
  /** When the session last made progress (connected, a complete command, DATA bytes, TLS up); see evict(). */
  lastProgress = Date.now();
  /** True once the session is on its way out (refused at capacity or evicted): it no longer counts toward the cap. */
  leaving = false;

  constructor(
    private readonly raw: Socket,
    private readonly ctx: SessionContext,
    private readonly onDone: (r: SessionRecord) => void,
  ) {
    this.id = randomBytes(8).toString('hex').toUpperCase();
    this.io = raw;
    this.remoteAddress = normalizeAddress(raw.remoteAddress);
    this.remote = endpoint(this.remoteAddress, raw.remotePort);
    this.local = endpoint(normalizeAddress(raw.localAddress), raw.localPort);
    this.facts = emptyFacts(this.remote);
    this.connector = ctx.connector ? emptyConnectorRecord(ctx.connector) : null;
    raw.setNoDelay(true);
    raw.on('error', (e) => this.onSocketError(e));
    raw.on('close', () => this.finish());
    raw.on('data', this.onRawData);
  }

  /** Greets the client, or turns it away with 421 when the listener is at capacity. */
  start(atCapacity: boolean): void {
    if (atCapacity) {
      this.leaving = true;
      this.facts.capacity = true;
      this.reply(REPLY.capacity);
      this.close();
      this.releaseWhenFlushed();
      return;
    }
    this.sessionTimer = setTimeout(() => this.expire('session'), this.ctx.limits.sessionTimeoutMs);
    this.raw.setTimeout(this.ctx.limits.idleTimeoutMs, () => this.expire('idle'));
    this.reply(this.ctx.policy.greeting(this.ctx.hostname));
  }

  /** Ends the session from outside (listener shutdown): 421 in whatever channel is up, then close. */
  shutdown(): void {
    if (this.finished || this.mode === 'closing') return;
    if (this.mode === 'command' || this.mode === 'data') this.reply(REPLY.shutdown);
    this.close();
  }

  /**
   * The listener is full and this session has made the least progress: end it with 421 (as an idle timeout, Postfix's
   * "stress" mode in one step) and release the socket as soon as the reply is flushed, so slowloris connections cannot
   * hold every slot while legitimate senders are turned away.
   */
  evict(): void {
    if (this.finished || this.mode === 'closing') return;
    this.leaving = true;
    this.facts.timeout = 'idle';
    if (this.mode === 'command' || this.mode === 'data') this.reply(REPLY.timeout);
    this.close();
    this.releaseWhenFlushed();
  }

  /** Frees the socket as soon as the last reply has been handed to the kernel (no linger: the slot is needed now). */
  private releaseWhenFlushed(): void {
    this.io.once('finish', () => {
      this.tls?.destroy();
      this.raw.destroy();
    });
  }

  // ---- input ------------------------------------------------------------------------------------------------------

  /** Raw TCP bytes: SMTP before STARTTLS, then the ClientHello (after which the TLSSocket owns the stream). */
  private readonly onRawData = (chunk: Buffer): void => {
    if (this.mode === 'hello') this.onHelloBytes(chunk);
    else if (this.tls === null) this.feed(chunk);
  };

  /** SMTP bytes (plaintext, or decrypted inside TLS). */
  private feed(chunk: Buffer): void {
    if (this.mode === 'closing' || this.mode === 'hello' || this.mode === 'handshake') return;
    if (this.mode === 'data') {
      const rest = this.consumeData(chunk);
      if (rest === null || rest.length === 0) return;
      chunk = rest;
    }
    this.inbuf = this.inbuf.length === 0 ? chunk : Buffer.concat([this.inbuf, chunk]);
    this.processLines();
    if (this.io.writableLength > MAX_PENDING_OUTPUT && this.mode === 'command') {
      this.io.pause();
      this.io.once('drain', () => this.io.resume());
    }
  }

  /** Splits complete lines off inbuf and runs them, until a command changes mode (DATA, STARTTLS, QUIT). */
  private processLines(): void {
    const lim = this.ctx.limits;
    while (this.mode === 'command') {
      const nl = this.inbuf.indexOf(10);
      if (nl < 0) {
        if (this.discarding > 0 || this.inbuf.length >= lim.maxLineLength) {
          this.discarding += this.inbuf.length;
          this.inbuf = Buffer.alloc(0);
          if (this.discarding >= lim.maxJunkLineBytes) this.fail(REPLY.lineFlood, `line of ${this.discarding}+ bytes without a newline`);
        }
        return;
      }
      const line = this.inbuf.subarray(0, nl + 1);
      this.inbuf = this.inbuf.subarray(nl + 1);
      this.commandBytes += line.length;
      if (this.commandBytes > lim.maxCommandBytes) return this.fail(REPLY.tooManyErrors, `more than ${lim.maxCommandBytes} command bytes`);
      if (this.discarding > 0 || line.length > lim.maxLineLength) {
        this.discarding = 0;
        this.reply(REPLY.lineTooLong);
        this.error();
        continue;
      }
      const end = line.length >= 2 && line[line.length - 2] === 13 ? line.length - 2 : line.length - 1;
      this.command(line.subarray(0, end).toString('latin1'));
    }
    if (this.mode === 'data' && this.inbuf.length > 0) {
      // Bytes after DATA in the same read are message content (the client had our 354 only if it waited; either way).
      const rest = this.inbuf;
      this.inbuf = Buffer.alloc(0);
      this.feed(rest);
    }
  }

  /** Runs one command line through the table. */
  private command(line: string): void {
    this.lastProgress = Date.now();
    if (this.commands.length < MAX_RECORDED_COMMANDS) this.commands.push({ tls: this.tls !== null, line: sanitize(line, 200) });
    if (HTTP_LINE.test(line)) return this.fail(REPLY.notSmtp, 'HTTP request line');
    const sp = line.indexOf(' ');
    const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : line.slice(sp + 1);
    const spec = COMMANDS[verb];
    if (!spec) {
      this.reply(REPLY.unrecognized);
      return this.error();
    }
    // Control characters (NUL, bare CR, ESC…) have no place in a command; smtp-server 3.19 and Postfix refuse them too.
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(arg)) {
      this.reply(REPLY.syntax);
      return this.error();
    }
    const required = this.ctx.policy.starttlsRequiredReply;
    if (required && !spec.preTls && this.tls === null) {
      this.facts.plaintextMail ??= { command: verb, reply: required };
      this.reply(required);
      return this.error();
    }
    if (!spec.preTls && this.tls === null) this.facts.plaintextMail ??= { command: verb, reply: '' };
    if (spec.junk && ++this.junk > this.ctx.limits.junkCommandLimit) return this.fail(REPLY.tooManyErrors, 'junk commands');
    spec.run(this, arg);
  }

  /** Counts an error reply; the hard limit closes the session. */
  private error(): void {
    if (++this.errors >= this.ctx.limits.hardErrorLimit) this.fail(REPLY.tooManyErrors, `${this.errors} errors`);
  }

  // ---- command handlers (called from the table) --------------------------------------------------------------------

  hello(arg: string, ehlo: boolean): void {
    const name = arg.trim();
    if (!name) {
      this.reply('501 5.5.4 Invalid domain name');
      return this.error();
    }
    this.helo = sanitize(name, 255);
    this.heloSeen = this.helo;
    this.facts.helo = true;
    this.resetTransaction();
    const greet = `${this.ctx.hostname} Hello [${this.remoteAddress}]`;
    if (!ehlo) return this.reply(`250 ${greet}`);
    const ext = [`SIZE ${this.ctx.limits.maxMessageBytes}`, 'PIPELINING', 'ENHANCEDSTATUSCODES'];
    if (this.tls === null && this.ctx.starttls) ext.push('STARTTLS'); // RFC 3207 §4: never advertised once TLS is up
    ext.push('8BITMIME');
    this.replyLines([greet, ...ext]);
  }

  starttls(arg: string): void {
    if (!this.ctx.starttls) {
      this.reply(REPLY.unrecognized); // a server without TLS does not know the command
      return this.error();
    }
    if (arg.trim() !== '') {
      this.reply(REPLY.syntax); // RFC 3207 grammar: STARTTLS takes no parameters
      return this.error();
    }
    if (this.tls !== null) {
      this.reply(REPLY.alreadyTls);
      return this.error();
    }
    this.reply(REPLY.starttlsReady);
    this.facts.starttls = true;
    // Postfix's vstream_fpurge(VSTREAM_PURGE_BOTH) in Node terms: whatever the client sent after STARTTLS (complete
    // or partial lines) arrived before our 220 and is plaintext an attacker may have injected (CVE-2011-0411); drop
    // it, count it, and never let it near the line parser that will read the TLS stream.
    this.facts.bytesAfterStarttls = this.inbuf.length + this.discarding;
    this.inbuf = Buffer.alloc(0);
    this.discarding = 0;
    // RFC 3207 §4.2: forget everything learned before TLS; a new EHLO is required.
    this.helo = null;
    this.facts.helo = false;
    this.resetTransaction();
    this.mode = 'hello';
    this.raw.resume();
    this.handshakeTimer = setTimeout(() => this.expire('handshake'), this.ctx.limits.handshakeTimeoutMs);
  }

  mail(arg: string): void {
    if (this.helo === null) {
      this.reply(REPLY.helloFirst);
      return this.error();
    }
    if (this.mailFrom !== null) {
      this.reply(REPLY.senderAlready);
      return this.error();
    }
    const m = /^FROM:\s*(.*)$/i.exec(arg);
    const p = m ? PATH.exec((m[1] as string).trim()) : null;
    if (!p) {
      this.reply(REPLY.syntax);
      return this.error();
    }
    const size = /(?:^|\s)SIZE=(\d+)/i.exec(p[2] ?? '');
    if (size && Number(size[1]) > this.ctx.limits.maxMessageBytes) return this.reply(REPLY.tooBig);
    if ((p[1] as string).length > 256) {
      this.reply(REPLY.badAddress);
      return this.error();
    }
    this.mailFrom = p[1] as string;
    this.reply(REPLY.senderOk);
  }

  rcpt(arg: string): void {
    if (this.mailFrom === null) {
      this.reply(REPLY.needMail);
      return this.error();
    }
    const m = /^TO:\s*(.*)$/i.exec(arg);
    const p = m ? PATH.exec((m[1] as string).trim()) : null;
    if (!p || p[1] === '' || (p[1] as string).length > 256) {
      this.reply(p ? REPLY.badAddress : REPLY.syntax);
      return this.error();
    }
    if (this.rcpts >= this.ctx.limits.maxRecipients) return this.reply(REPLY.tooManyRecipients);
    if (this.connector && this.ctx.connector) {
      const refusal = rcptRefusal(this.ctx.connector, this.connector.attributed, p[1] as string);
      if (refusal) {
        this.connector.relayDenied++;
        return this.reply(refusal);
      }
    }
    this.rcpts++;
    this.reply(REPLY.recipientOk);
  }

  data(arg: string): void {
    if (arg.trim() !== '') {
      this.reply(REPLY.syntax);
      return this.error();
    }
    if (this.mailFrom === null) {
      this.reply(REPLY.needMail);
      return this.error();
    }
    if (this.rcpts === 0) {
      this.reply(REPLY.needRcpt);
      return this.error();
    }
    if (!this.ctx.accept) {
      this.facts.dataReply = REPLY.notAccepting;
      this.resetTransaction();
      return this.reply(REPLY.notAccepting);
    }
    this.reply(REPLY.startData);
    this.mode = 'data';
    this.dataTail = CRLF;
    this.dataBytes = 0;
    this.dataKept = [];
    this.dataKeptBytes = 0;
  }

  quit(): void {
    this.reply(REPLY.quit);
    this.close();
  }

  resetTransaction(): void {
    this.mailFrom = null;
    this.rcpts = 0;
  }

  // ---- DATA ---------------------------------------------------------------------------------------------------------

  /** Consumes message bytes up to CRLF.CRLF (the only terminator: no bare-LF smuggling); returns what follows it. */
  private consumeData(chunk: Buffer): Buffer | null {
    const hay = Buffer.concat([this.dataTail, chunk]);
    const at = hay.indexOf(END_OF_DATA);
    const used = at < 0 ? chunk.length : at + END_OF_DATA.length - this.dataTail.length;
    this.lastProgress = Date.now();
    this.dataBytes += used;
    const keepMax = this.ctx.keeper ? this.ctx.limits.keepMaxBytes + END_OF_DATA.length : 0;
    if (this.dataKeptBytes < keepMax) {
      const piece = chunk.subarray(0, Math.min(used, keepMax - this.dataKeptBytes));
      this.dataKept.push(piece);
      this.dataKeptBytes += piece.length;
    }
    if (at < 0) {
      this.dataTail = Buffer.from(hay.subarray(Math.max(0, hay.length - 4)));
      return null;
    }
    this.endOfData();
    return chunk.subarray(used);
  }

  private endOfData(): void {
    this.mode = 'command';
    const body = this.dataBytes - 3; // ".\r\n" of the terminator is not message content
    if (body > this.ctx.limits.maxMessageBytes) {
      this.facts.dataReply = REPLY.tooBig;
      this.reply(REPLY.tooBig);
    } else {
      const id = `${this.id}.${this.facts.messages + 1}@${this.ctx.hostname}`;
      this.facts.messages++;
      const r = REPLY.queued(id);
      this.facts.dataReply = r;
      if (this.ctx.keeper) {
        const file = this.ctx.keeper.keep(this.id, this.facts.messages, Buffer.concat(this.dataKept), body);
        if (file) this.kept.push(file);
      }
      this.reply(r);
    }
    this.dataKept = [];
    this.resetTransaction();
  }

  // ---- STARTTLS: the ClientHello, then OpenSSL ----------------------------------------------------------------------

  /** Collects the ClientHello; records it; refuses it with an alert or hands the bytes to a TLSSocket. */
  private onHelloBytes(chunk: Buffer): void {
    this.helloChunks.push(chunk);
    this.helloBytes += chunk.length;
    const buf = this.helloChunks.length === 1 ? chunk : Buffer.concat(this.helloChunks);
    this.helloChunks = [buf];
    const r = parseClientHello(buf);
    if (r.kind === 'incomplete') {
      if (this.helloBytes > MAX_HELLO_BYTES + 5) this.malformed(`no complete ClientHello within ${MAX_HELLO_BYTES} bytes`, true);
      return;
    }
    if (r.kind === 'malformed') return this.malformed(r.reason, buf[0] === CONTENT.HANDSHAKE);
    this.facts.hello = r.hello;
    this.recordedHello = recordHello(r.hello);
    const d = policyDecision(this.ctx.policy, r.hello);
    if (!d.accept) {
      this.facts.refused = d;
      this.tlsError = `refused: ${d.reason === 'version' ? `best version offered ${r.hello.maxVersion ?? 'SSLv2'}` : 'no acceptable cipher suite offered'}`;
      // Answer in the version the client asked for, as OpenSSL/Schannel do, so old clients can read the alert.
      const rv = Math.min(Math.max(r.hello.legacyVersion, 0x0301), 0x0303);
      this.raw.write(buildAlert(d.alert, rv));
      return this.close();
    }
    this.upgrade(buf);
  }

  private malformed(reason: string, looksTls: boolean): void {
    this.facts.malformed = reason;
    this.tlsError = reason;
    if (looksTls) this.raw.write(buildAlert(50)); // decode_error
    this.close();
  }

  /** Puts the captured hello back in front of the stream and lets OpenSSL run the handshake on the same socket. */
  private upgrade(hello: Buffer): void {
    this.mode = 'handshake';
    this.helloChunks = [];
    this.raw.removeListener('data', this.onRawData);
    this.raw.pause();
    this.raw.setTimeout(0);
    // TLSSocket's constructor drains whatever is in the socket's read buffer into OpenSSL (initRead), so unshift()
    // hands it exactly the bytes we peeked, nothing more: the purge above already dropped all earlier plaintext.
    this.raw.unshift(hello);
    // With a certificate-based inbound connector, ask for a client certificate and judge it ourselves (never refuse it).
    const t = new TLSSocket(this.raw, {
      isServer: true,
      secureContext: this.ctx.secureContext,
      requestCert: Boolean(this.connector),
      rejectUnauthorized: false,
    });
    this.tls = t;
    this.io = t;
    t.on('secure', () => {
      if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
      this.handshakeTimer = null;
      const cipher = t.getCipher() as { standardName?: string; name?: string } | undefined;
      this.negotiated = { version: fromNodeProtocol(t.getProtocol()), cipher: cipher?.standardName ?? cipher?.name ?? null };
      this.facts.negotiated = this.negotiated;
      if (this.connector && this.ctx.connector) {
        this.connector.certificate = readClientCertificate(t);
        Object.assign(this.connector, attribute(this.ctx.connector, true, this.connector.certificate));
      }
      this.lastProgress = Date.now();
      // RFC 3207 §4.2 / SessionRecord.ehlo: once TLS is up, only a name given inside TLS is recorded (a failed or
      // refused handshake keeps the plaintext name: it is all there is to identify the sender by).
      this.heloSeen = null;
      this.mode = 'command';
      this.inbuf = Buffer.alloc(0); // a fresh parser for the TLS stream (nothing from plaintext survives)
      t.setTimeout(this.ctx.limits.idleTimeoutMs, () => this.expire('idle'));
    });
    t.on('data', (c: Buffer) => this.feed(c));
    t.on('error', (e) => this.onSocketError(e));
    t.on('close', () => this.finish());
  }

  // ---- output and teardown ----------------------------------------------------------------------------------------

  reply(text: string): void {
    this.facts.lastReply = text;
    if (!this.io.destroyed && this.io.writable) this.io.write(text + '\r\n');
  }

  private replyLines(lines: string[]): void {
    const out = lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
    this.facts.lastReply = `250 ${lines[0] ?? ''}`;
    if (!this.io.destroyed && this.io.writable) this.io.write(out);
  }

  /** A budget ran out: say why with a 421 and close. */
  private fail(reply: string, limit: string): void {
    this.facts.limit ??= limit;
    if (this.mode !== 'hello' && this.mode !== 'handshake') this.reply(reply);
    this.close();
  }

  private expire(which: 'idle' | 'session' | 'handshake'): void {
    if (this.finished || this.mode === 'closing') return;
    this.facts.timeout = which;
    if (this.mode === 'command' || this.mode === 'data') this.reply(REPLY.timeout);
    this.close();
  }

  private onSocketError(e: Error): void {
    const msg = sanitize(tlsReason(e.message), 300);
    if (this.tls !== null && this.facts.negotiated === null && this.facts.handshakeError === null) {
      this.facts.handshakeError = msg;
      this.facts.handshakeFailure = classifyTlsError(e);
      this.tlsError = msg;
    }
    this.raw.destroy();
    this.tls?.destroy();
  }

  /** Stops reading commands, flushes what was written, and closes; the peer gets LINGER_MS to go away. */
  private close(): void {
    if (this.mode === 'closing' || this.finished) return;
    this.mode = 'closing';
    this.io.end();
    this.lingerTimer = setTimeout(() => {
      this.tls?.destroy();
      this.raw.destroy();
    }, LINGER_MS);
    this.lingerTimer.unref();
  }

  /** Called once when the connection is gone: clear timers, decide, report. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of [this.sessionTimer, this.handshakeTimer, this.lingerTimer]) if (t) clearTimeout(t);
    this.raw.destroy();
    this.tls?.destroy();
    const a = assess(this.facts, this.ctx.policy, this.ctx.lang);
    if (this.connector) {
      a.findings.push(...connectorFindings(this.connector, this.remote, this.ctx.lang));
      if (!this.connector.attributed) a.verdict = 'fail';
      if (this.connector.relayDenied > 0 && this.facts.messages === 0) a.reply = INBOUND.relayDenied;
    }
    this.onDone({
      id: this.id,
      remote: this.remote,
      remoteAddress: this.remoteAddress,
      local: this.local,
      policy: this.ctx.policy.name,
      startedAt: this.startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      ehlo: this.heloSeen,
      clientHello: this.recordedHello,
      negotiated: this.negotiated,
      outcome: a.outcome,
      reply: a.reply,
      verdict: a.verdict,
      findings: a.findings,
      tlsError: this.tlsError,
      commands: this.commands,
      bytesAfterStarttls: this.facts.bytesAfterStarttls,
      messages: this.facts.messages,
      kept: this.kept,
      ...(this.connector ? { connector: this.connector } : {}),
    });
  }
}

/** The JSON shape of a parsed hello (names, not codes; SNI sanitised). */
export function recordHello(h: ParsedClientHello): RecordedClientHello {
  return {
    versions: h.versions,
    maxVersion: h.maxVersion,
    ciphers: h.suiteNames,
    sni: h.sni === null ? null : sanitize(h.sni, 255),
    format: h.format,
    recordVersion: versionName(h.recordVersion),
    legacyVersion: versionName(h.legacyVersion),
    supportedVersions: h.supportedVersions.map(versionName),
    extensions: h.extensions,
    alpn: h.alpn.map((a) => sanitize(a, 64)),
  };
}

/** At capacity, a session that has made no progress for this long may be evicted to greet a new sender. */
export const EVICT_AFTER_MS = 1000;

/**
 * The listener is full: evict the session with the oldest progress if it has made none for EVICT_AFTER_MS (idle,
 * trickling without completing a command, stalled after STARTTLS). Legitimate senders complete a command every few
 * milliseconds, so idle or trickling connections cannot keep them out; when all are busy the newcomer still gets 421.
 */
export function evictStalest(sessions: Iterable<Session>, now = Date.now()): void {
  let victim: Session | null = null;
  for (const s of sessions) if (!s.leaving && (victim === null || s.lastProgress < victim.lastProgress)) victim = s;
  if (victim && now - victim.lastProgress >= EVICT_AFTER_MS) victim.evict();
}
