// SMTP client session for untrusted servers: connect → greeting → EHLO/HELO → STARTTLS → TLS (or raw socket) → MAIL/RCPT/DATA → QUIT.
// One command at a time (never pipelined), a deadline per step extended only by a minimum data rate (Postfix's
// smtp_min_data_rate model) and a deadline per session, caps on every size, and buffered plaintext discarded and
// counted after the 220 to STARTTLS (CVE-2011-0411 client side, Nodemailer PR #1835).
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { MailtlsError } from '../errors.js';
import { classifyTlsError } from '../tls/failure.js';
import { SmtpError, type SmtpPhase } from './errors.js';
import { ReplyParser, ehloKeywords, type Reply, type ReplyLimits } from './reply.js';

export interface SmtpTimeouts {
  /** TCP connect. */
  connectMs: number;
  /** The greeting (banner), however many lines and however delayed (postscreen/greet_pause wait 6–20 s). */
  greetingMs: number;
  /** Each other command's complete reply. */
  commandMs: number;
  /** The TLS handshake after STARTTLS. */
  tlsMs: number;
  /** Everything from connect to close. */
  sessionMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<SmtpTimeouts> = Object.freeze({
  connectMs: 10_000,
  greetingMs: 30_000,
  commandMs: 30_000,
  tlsMs: 30_000,
  sessionMs: 120_000,
});

export interface SmtpClientOptions {
  host: string;
  port: number;
  timeouts?: Partial<SmtpTimeouts>;
  /** Bytes per second: each byte received (or sent by `data()`) extends the current step's deadline by 1/rate s. */
  minDataRate?: number;
  /** Most bytes the server may send in the whole session, plaintext and TLS together (default 1 MiB). */
  maxSessionBytes?: number;
  limits?: Partial<ReplyLimits>;
  signal?: AbortSignal;
  /** Sees every line sent (`C`) and every reply received (`S`); text is unsanitised. */
  onTranscript?: (direction: 'C' | 'S', text: string, secure: boolean) => void;
}

export interface EhloResult {
  /** `ehlo`, or `helo` after the server refused EHLO with 5xx. */
  verb: 'ehlo' | 'helo';
  reply: Reply;
  /** Upper-case keyword → parameters (empty for HELO or a refused EHLO). */
  extensions: Map<string, string>;
}

export interface StarttlsResult {
  reply: Reply;
  /** True on a 220: the socket is ready for a TLS handshake. */
  ready: boolean;
  /** Bytes that followed the 220 before the handshake (discarded: response injection or a broken server). */
  discardedBytes: number;
}

type Waiter = { resolve: (r: Reply) => void; reject: (e: Error) => void; phase: SmtpPhase; deadline: number };

/** One SMTP session; construct with `SmtpClient.connect()`. Never throws on a 4xx/5xx reply: callers judge codes. */
export class SmtpClient {
  readonly host: string;
  readonly port: number;
  private sock: Socket | TLSSocket;
  private parser: ReplyParser;
  private readonly limits: Partial<ReplyLimits>;
  private readonly timeouts: SmtpTimeouts;
  private readonly minRate: number;
  private readonly maxBytes: number;
  private readonly sessionEnd: number;
  private readonly transcript: SmtpClientOptions['onTranscript'];
  private readonly queue: Reply[] = [];
  private waiter: Waiter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failure: Error | null = null;
  /**
   * Ended the ordinary way (`close()`, `takeSocket()`): the error later calls get is built only if one is made (an
   * Error's stack trace costs more than the rest of a probe connection's bookkeeping).
   */
  private ended: { how: 'closed' | 'handed-over'; phase: SmtpPhase } | null = null;
  private phase: SmtpPhase = 'greeting';
  private starttlsPending = false;
  private pendingDiscard = 0;
  /** Set by the 220 to STARTTLS: from then on plaintext is only counted, never parsed. */
  private secureDiscarding = false;
  private readonly removeAbort: () => void;
  /** Bytes received so far in this session. */
  received = 0;
  /** Replies that arrived when no command was waiting (discarded before the next command). */
  unsolicited = 0;
  /** True after a successful `upgrade()`. */
  secure = false;
  /** EHLO keywords of the most recent EHLO (cleared by STARTTLS, as RFC 3207 §4.2 requires). */
  extensions = new Map<string, string>();

  private constructor(sock: Socket, o: SmtpClientOptions, timeouts: SmtpTimeouts, start: number) {
    this.host = o.host;
    this.port = o.port;
    this.sock = sock;
    this.limits = o.limits ?? {};
    this.parser = new ReplyParser(this.limits);
    this.timeouts = timeouts;
    this.minRate = o.minDataRate ?? 1024;
    this.maxBytes = o.maxSessionBytes ?? 1024 * 1024;
    this.sessionEnd = start + timeouts.sessionMs;
    this.transcript = o.onTranscript;
    this.attach(sock);
    const onAbort = (): void => this.fail(new SmtpError('ETIMEDOUT', 'aborted', this.phase, { aborted: true }));
    o.signal?.addEventListener('abort', onAbort, { once: true });
    this.removeAbort = () => o.signal?.removeEventListener('abort', onAbort);
  }

  /** Opens the TCP connection (ECONNECT on refusal/unreachable, ETIMEDOUT after connectMs). Does not read the greeting. */
  static connect(o: SmtpClientOptions): Promise<SmtpClient> {
    const t: SmtpTimeouts = { ...DEFAULT_TIMEOUTS, ...o.timeouts };
    const start = Date.now();
    return new Promise((resolve, reject) => {
      if (o.signal?.aborted) return reject(new SmtpError('ETIMEDOUT', 'aborted', 'connect', { aborted: true }));
      const sock = netConnect({ host: o.host, port: o.port });
      sock.setNoDelay(true);
      const timer = setTimeout(
        () => {
          sock.destroy();
          reject(new SmtpError('ETIMEDOUT', `no TCP connection to ${o.host} port ${o.port} within ${Math.round(t.connectMs / 1000)} s`, 'connect'));
        },
        Math.min(t.connectMs, t.sessionMs),
      );
      sock.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        sock.destroy();
        reject(new SmtpError('ECONNECT', `cannot connect to ${o.host} port ${o.port}: ${e.code ?? e.message}`, 'connect', { cause: e.code ?? e.message }));
      });
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        resolve(new SmtpClient(sock, o, t, start));
      });
    });
  }

  /** The live socket (TLSSocket after `upgrade()`). */
  get socket(): Socket | TLSSocket {
    return this.sock;
  }

  private attach(sock: Socket | TLSSocket): void {
    sock.on('data', this.onData);
    sock.on('error', this.onError);
    sock.on('close', this.onClose);
  }

  private detachListeners(sock: Socket | TLSSocket): void {
    sock.off('data', this.onData);
    sock.off('error', this.onError);
    sock.off('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.failure || this.ended) return;
    this.received += chunk.length;
    if (this.received > this.maxBytes) {
      this.fail(new SmtpError('ELIMIT', `server sent more than ${this.maxBytes} bytes in one session`, this.phase));
      return;
    }
    if (this.secureDiscarding) {
      this.pendingDiscard += chunk.length;
      return;
    }
    let replies: Reply[];
    try {
      replies = this.parser.push(chunk, this.phase);
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    if (this.waiter) this.waiter.deadline = Math.min(this.sessionEnd, this.waiter.deadline + (chunk.length * 1000) / this.minRate);
    for (let i = 0; i < replies.length; i++) {
      const r = replies[i] as Reply;
      this.transcript?.('S', `${r.code} ${r.lines.join('\n')}`, this.secure);
      if (this.starttlsPending && r.code === 220) {
        // The 220 to STARTTLS: whatever else is buffered or still arrives before the handshake is not the server's
        // TLS and must never be read as a reply. Stop reading and count it.
        this.starttlsPending = false;
        this.sock.pause();
        this.secureDiscarding = true;
        this.pendingDiscard = this.parser.discard();
        for (const rest of replies.slice(i + 1)) this.pendingDiscard += rest.bytes;
        this.deliver(r);
        return;
      }
      this.deliver(r);
    }
  };

  private deliver(r: Reply): void {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      this.clearTimer();
      w.resolve(r);
    } else this.queue.push(r);
  }

  private readonly onError = (e: NodeJS.ErrnoException): void => {
    this.fail(new SmtpError('EPROTOCOL', `connection error during ${this.phase}: ${e.code ?? e.message}`, this.phase, { cause: e.code ?? e.message }));
  };

  private readonly onClose = (): void => {
    if (!this.failure && !this.ended) this.fail(new SmtpError('EPROTOCOL', `server closed the connection during ${this.phase}`, this.phase, { closed: true }));
  };

  private fail(e: Error): void {
    if (this.failure || this.ended) return;
    this.failure = e;
    this.clearTimer();
    this.removeAbort();
    this.sock.destroy();
    const w = this.waiter;
    this.waiter = null;
    w?.reject(e);
  }

  /** Why no more commands can be sent: a failure, or the error for an ordinary end (built on first use). */
  private stopped(): Error | null {
    if (this.failure || !this.ended) return this.failure;
    this.failure =
      this.ended.how === 'closed'
        ? new SmtpError('EPROTOCOL', 'session closed', this.ended.phase, { closed: true })
        : new MailtlsError('EINPUT', 'the socket was handed over');
    return this.failure;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    this.clearTimer();
    const w = this.waiter;
    if (!w) return;
    const ms = w.deadline - Date.now();
    if (ms <= 0) {
      const whole = w.deadline >= this.sessionEnd;
      this.fail(new SmtpError('ETIMEDOUT', whole ? `session deadline reached during ${w.phase}` : `no complete reply to ${w.phase} in time`, w.phase));
      return;
    }
    this.timer = setTimeout(() => this.arm(), ms);
  }

  /** Waits for the next complete reply, within `stepMs` (extended by the minimum data rate) and the session deadline. */
  readReply(phase: SmtpPhase, stepMs = this.timeouts.commandMs): Promise<Reply> {
    this.phase = phase;
    const stopped = this.stopped();
    if (stopped) return Promise.reject(stopped);
    const q = this.queue.shift();
    if (q) return Promise.resolve(q);
    return new Promise<Reply>((resolve, reject) => {
      this.waiter = { resolve, reject, phase, deadline: Math.min(Date.now() + stepMs, this.sessionEnd) };
      this.arm();
    });
  }

  /** Writes one command line (CR, LF and NUL refused: no injection through arguments). */
  send(line: string): void {
    if (/[\r\n\0]/.test(line)) throw new MailtlsError('EINPUT', 'an SMTP command may not contain CR, LF or NUL');
    const stopped = this.stopped();
    if (stopped) throw stopped;
    this.transcript?.('C', line, this.secure);
    this.sock.write(`${line}\r\n`);
  }

  /** Sends a command and returns its reply (any code). Replies nobody asked for are counted and dropped first. */
  async command(line: string, phase: SmtpPhase, stepMs?: number): Promise<Reply> {
    this.unsolicited += this.queue.length;
    this.queue.length = 0;
    this.send(line);
    return this.readReply(phase, stepMs);
  }

  /** Reads the greeting (banner). */
  greeting(): Promise<Reply> {
    return this.readReply('greeting', this.timeouts.greetingMs);
  }

  /** EHLO; on a 5xx (500/501/502/504/550: "not an ESMTP server") falls back to HELO. */
  async ehlo(name: string): Promise<EhloResult> {
    const reply = await this.command(`EHLO ${name}`, 'ehlo');
    if (reply.code === 250) {
      this.extensions = ehloKeywords(reply);
      return { verb: 'ehlo', reply, extensions: this.extensions };
    }
    this.extensions = new Map();
    if (reply.code >= 500 && reply.code !== 554) {
      const helo = await this.command(`HELO ${name}`, 'helo');
      return { verb: 'helo', reply: helo, extensions: this.extensions };
    }
    return { verb: 'ehlo', reply, extensions: this.extensions };
  }

  /** True when the last EHLO listed STARTTLS as a keyword (exact, case-insensitive; not a substring). */
  get offersStarttls(): boolean {
    return this.extensions.has('STARTTLS');
  }

  /**
   * Sends STARTTLS. On 220 the socket is paused and everything buffered after the 220 is discarded and counted;
   * then call `upgrade()` (TLS via node:tls) or `takeSocket()` (raw bytes, for hand-written ClientHellos).
   */
  async starttls(): Promise<StarttlsResult> {
    this.starttlsPending = true;
    let reply: Reply;
    try {
      reply = await this.command('STARTTLS', 'starttls');
    } finally {
      this.starttlsPending = false;
    }
    const ready = reply.code === 220 && this.secureDiscarding;
    if (ready) {
      this.extensions = new Map();
      this.unsolicited += this.queue.length;
      this.queue.length = 0;
      // Bytes already read into the paused stream's buffer are plaintext too.
      let chunk: Buffer | null;
      while ((chunk = this.sock.read() as Buffer | null) !== null) this.pendingDiscard += chunk.length;
    }
    return { reply, ready, discardedBytes: ready ? this.pendingDiscard : 0 };
  }

  /**
   * Hands over the raw TCP socket after a successful `starttls()` (the probe writes its own ClientHello). The client
   * stops listening and is finished; the caller owns and must destroy the socket.
   */
  takeSocket(): Socket {
    if (!this.secureDiscarding || this.secure) throw new MailtlsError('EINPUT', 'takeSocket() needs a successful starttls() first');
    this.clearTimer();
    this.removeAbort();
    this.detachListeners(this.sock);
    this.ended = { how: 'handed-over', phase: this.phase };
    return this.sock as Socket;
  }

  /** TLS handshake on the connection after a successful `starttls()`; afterwards send EHLO again (RFC 3207 §4.2). */
  upgrade(options: Omit<ConnectionOptions, 'socket'> = {}): Promise<TLSSocket> {
    if (!this.secureDiscarding || this.secure) return Promise.reject(new MailtlsError('EINPUT', 'upgrade() needs a successful starttls() first'));
    const stopped = this.stopped();
    if (stopped) return Promise.reject(stopped);
    this.phase = 'tls';
    const raw = this.sock as Socket;
    this.detachListeners(raw);
    this.clearTimer();
    return new Promise<TLSSocket>((resolve, reject) => {
      const deadline = Math.min(Date.now() + this.timeouts.tlsMs, this.sessionEnd);
      let settled = false;
      const tsock = tlsConnect({ ...options, socket: raw });
      const done = (e: Error | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        tsock.off('error', onErr);
        tsock.off('close', onClose);
        if (e) {
          this.failure = e;
          this.removeAbort();
          tsock.destroy();
          raw.destroy();
          reject(e);
          return;
        }
        this.sock = tsock;
        this.secure = true;
        this.secureDiscarding = false;
        this.pendingDiscard = 0;
        this.parser = new ReplyParser(this.limits);
        this.attach(tsock);
        resolve(tsock);
      };
      const timer = setTimeout(
        () =>
          done(
            new SmtpError('ETIMEDOUT', `TLS handshake did not finish within ${Math.round(this.timeouts.tlsMs / 1000)} s`, 'tls', { tls: { kind: 'timeout' } }),
          ),
        Math.max(0, deadline - Date.now()),
      );
      const onErr = (e: NodeJS.ErrnoException): void =>
        done(
          new SmtpError('ETLS', `TLS handshake failed: ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ').trim(), 'tls', {
            cause: e.code ?? e.message,
            tls: classifyTlsError(e),
          }),
        );
      const onClose = (): void =>
        done(new SmtpError('ETLS', 'server closed the connection during the TLS handshake', 'tls', { closed: true, tls: { kind: 'closed' } }));
      tsock.once('secureConnect', () => done(null));
      tsock.on('error', onErr);
      tsock.once('close', onClose);
      raw.resume();
    });
  }

  /** MAIL FROM; the reply as is (caller judges). */
  mail(from: string, params = ''): Promise<Reply> {
    return this.command(`MAIL FROM:<${from}>${params ? ` ${params}` : ''}`, 'mail');
  }

  /** RCPT TO; the reply as is. */
  rcpt(to: string, params = ''): Promise<Reply> {
    return this.command(`RCPT TO:<${to}>${params ? ` ${params}` : ''}`, 'rcpt');
  }

  /**
   * DATA: sends the command, and on 354 the message (dot-stuffed, CRLF line ends) and the final dot. The wait for the
   * final reply is extended by the message size at the minimum data rate. Returns the 354-refusal or the final reply.
   */
  async data(message: string | Buffer): Promise<Reply> {
    const go = await this.command('DATA', 'data');
    if (go.code !== 354) return go;
    const text = (typeof message === 'string' ? message : message.toString('latin1')).replace(/\r?\n/g, '\r\n');
    const body = Buffer.from(text.replace(/^\./gm, '..') + (text.endsWith('\r\n') ? '' : '\r\n') + '.\r\n', 'latin1');
    const stopped = this.stopped();
    if (stopped) throw stopped;
    this.sock.write(body);
    return this.readReply('data-end', this.timeouts.commandMs + (body.length * 1000) / this.minRate);
  }

  /** QUIT and close; best effort, never throws. Returns the 221 (or whatever came) or null. */
  async quit(): Promise<Reply | null> {
    if (this.failure || this.ended) {
      this.close();
      return null;
    }
    try {
      return await this.command('QUIT', 'quit', Math.min(this.timeouts.commandMs, 5_000));
    } catch {
      return null;
    } finally {
      this.close();
    }
  }

  /** Closes the connection now. */
  close(): void {
    if (!this.failure && !this.ended) this.ended = { how: 'closed', phase: this.phase };
    this.clearTimer();
    this.removeAbort();
    this.sock.destroy();
  }
}

/** Throws EPROTOCOL with the reply unless its code is one of `ok`. */
export function expectCode(reply: Reply, ok: readonly number[], phase: SmtpPhase): Reply {
  if (!ok.includes(reply.code)) throw new SmtpError('EPROTOCOL', `unexpected reply ${reply.code} to ${phase}`, phase, {}, reply);
  return reply;
}

/** True for a reply that means "busy / rate-limited / come back later" rather than "no": 421, or a 4xx that says so. */
export function isThrottle(reply: Reply): boolean {
  if (reply.code === 421) return true;
  const text = reply.lines.join(' ');
  return reply.code >= 400 && reply.code < 500 && /too many (connections|sessions|concurrent)|rate.?limit|try again later/i.test(text);
}
