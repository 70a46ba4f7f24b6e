// Synthetic Exchange SMTP Receive protocol log generator: a stream of realistic interleaved sessions for tests and bench.
import { Readable } from 'node:stream';

export interface GenOptions {
  /** Bytes to produce (approximate; stops after the session that crosses it). */
  bytes: number;
  /** Distinct peers (remote IPs). */
  peers?: number;
  /** Size of each yielded chunk. */
  chunk?: number;
  /** First timestamp (ms since epoch). */
  start?: number;
  /** Write the #Software/#Fields header first. */
  header?: boolean;
  /**
   * Session-dense shape, as an internet-facing front end sees it: 5–8 lines a session, every session with STARTTLS and
   * one TLS line (success or failure), no mail transaction; use with many peers (50k+).
   */
  dense?: boolean;
}

const HEADER =
  '#Software: Microsoft Exchange Server\r\n#Version: 15.0.0.0\r\n#Log-type: SMTP Receive Protocol Log\r\n' +
  '#Date: 2024-05-02T00:00:00.000Z\r\n' +
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';

const CONN = 'EX01\\Default Frontend EX01';

/** The TLS version a generated peer uses, by peer index: mostly 1.2, some 1.0/1.1, some plain, some failing. */
function peerKind(i: number): 'tls12' | 'tls10' | 'tls11' | 'plain' | 'fail' {
  const m = i % 50;
  return m === 1 ? 'tls10' : m === 2 ? 'tls11' : m === 3 ? 'plain' : m === 4 ? 'fail' : 'tls12';
}

/** Lines of one session (without trailing newline), CRLF-joined by the caller. */
function session(ts: number, sid: number, peer: number): string {
  const iso = new Date(ts).toISOString();
  const id = (0x08dc6a0000000000n + BigInt(sid)).toString(16).toUpperCase().padStart(16, '0');
  const ip = `10.${(peer >> 16) & 255}.${(peer >> 8) & 255}.${peer & 255}`;
  const port = 40000 + (sid % 20000);
  const pre = `${iso},${CONN},${id},`;
  const ep = `,10.0.0.5:25,${ip}:${port},`;
  const kind = peerKind(peer);
  const ehlo = `mail${peer}.example.net`;
  const out: string[] = [];
  let n = 0;
  const l = (ev: string, data: string, ctx = '') => out.push(`${pre}${n++}${ep}${ev},${data},${ctx}`);
  l('+', '', '');
  l('*', 'SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders', 'Set Session Permissions');
  l('>', '"220 EX01.contoso.test Microsoft ESMTP MAIL Service ready at Thu, 2 May 2024 10:00:00 +0000"');
  l('<', `EHLO ${ehlo}`);
  l(
    '>',
    '250  EX01.contoso.test Hello [' +
      ip +
      '] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS X-ANONYMOUSTLS AUTH NTLM 8BITMIME BINARYMIME CHUNKING SMTPUTF8',
  );
  if (kind !== 'plain') {
    l('<', 'STARTTLS');
    l('>', '220 2.0.0 SMTP server ready');
    l(
      '*',
      ' CN=EX01 CN=EX01 12DEABC6565646512346ABDC13456894 12DEABC6565646512346ABDC1345689413589876 2024-01-17T15:15:33.000Z 2029-01-17T15:15:33.000Z EX01;EX01.contoso.test',
      'Sending certificate Subject Issuer name Serial number Thumbprint Not before Not after Subject alternate names',
    );
    if (kind === 'fail') {
      l('*', '', 'TLS negotiation failed with error SocketError');
      l('-', '', 'Remote(SocketError)');
      return out.join('\r\n') + '\r\n';
    }
    const v = kind === 'tls10' ? '0' : kind === 'tls11' ? '1' : '2';
    l(
      '*',
      '',
      `"TLS protocol SP_PROT_TLS1_${v}_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits"`,
    );
    l('<', `EHLO ${ehlo}`);
    l('>', '250  EX01.contoso.test Hello [' + ip + '] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES AUTH NTLM 8BITMIME BINARYMIME CHUNKING SMTPUTF8');
  }
  l('<', `MAIL FROM:<sender${peer}@example.net> SIZE=2048`);
  l('*', '08DC6A00000000' + (sid & 255).toString(16).padStart(2, '0'), 'receiving message');
  l('>', `250 2.1.0 Sender OK`);
  l('<', 'RCPT TO:<user@contoso.test>');
  l('>', '250 2.1.5 Recipient OK');
  l('<', 'BDAT 2048 LAST');
  l('>', '250 2.6.0 <msg@example.net> [InternalId=123456789, Hostname=EX01.contoso.test] 2048 bytes in 0.012, 166.667 KB/sec Queued mail for delivery');
  l('<', 'QUIT');
  l('>', '221 2.0.0 Closing connection.');
  l('-', '', 'Local');
  return out.join('\r\n') + '\r\n';
}

/** A short session (5–8 lines): connect, [banner], EHLO, STARTTLS, one TLS line, [EHLO], [QUIT], disconnect. */
function denseSession(ts: number, sid: number, peer: number): string {
  const iso = new Date(ts).toISOString();
  const id = (0x08dc6a0000000000n + BigInt(sid)).toString(16).toUpperCase().padStart(16, '0');
  const ip = peerIp(peer);
  const pre = `${iso},${CONN},${id},`;
  const ep = `,10.0.0.5:25,${ip}:${40000 + (sid % 20000)},`;
  const kind = peerKind(peer);
  const out: string[] = [];
  let n = 0;
  const l = (ev: string, data: string, ctx = '') => out.push(`${pre}${n++}${ep}${ev},${data},${ctx}`);
  const extra = sid % 4; // 5, 6, 7 or 8 lines
  l('+', '', '');
  if (extra >= 1) l('>', '"220 EX01.contoso.test Microsoft ESMTP MAIL Service ready at Thu, 2 May 2024 10:00:00 +0000"');
  l('<', `EHLO scan${peer}.example.net`);
  l('<', 'STARTTLS');
  if (kind === 'fail') {
    l('*', '', 'TLS negotiation failed with error SocketError');
  } else {
    const v = kind === 'tls10' ? '0' : kind === 'tls11' ? '1' : '2';
    l(
      '*',
      '',
      `"TLS protocol SP_PROT_TLS1_${v}_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits"`,
    );
  }
  if (extra >= 2) l('<', `EHLO scan${peer}.example.net`);
  if (extra >= 3) l('<', 'QUIT');
  l('-', '', kind === 'fail' ? 'Remote(SocketError)' : 'Local');
  return out.join('\r\n') + '\r\n';
}

/** Yields Buffers of generated log (interleaving two sessions at a time, as real logs do). */
export function* generateExchange(opts: GenOptions): Generator<Buffer> {
  const peers = opts.peers ?? 500;
  let ts = opts.start ?? Date.UTC(2024, 4, 2, 0, 0, 0);
  const c = new Chunks(opts);
  if (opts.header !== false) c.add(HEADER, '');
  let sid = 0;
  while (c.more()) {
    // two sessions interleaved line by line
    const make = opts.dense ? denseSession : session;
    const a = make(ts, sid, (sid * 7919) % peers).split('\r\n');
    const b = make(ts + 5, sid + 1, ((sid + 1) * 7919) % peers).split('\r\n');
    sid += 2;
    ts += 1300;
    const max = Math.max(a.length, b.length);
    for (let i = 0; i < max; i++) {
      const x = a[i];
      const y = b[i];
      if (x) c.add(x, '\r\n');
      if (y) c.add(y, '\r\n');
    }
    const buf = c.take();
    if (buf) yield buf;
  }
  const rest = c.take(true);
  if (rest) yield rest;
}

/** The generator as a Readable (never touches disk). */
export function exchangeStream(opts: GenOptions): Readable {
  return Readable.from(generateExchange(opts), { objectMode: false });
}

/**
 * Yields Buffers of a generated Postfix mail.log (smtpd sessions: connect, TLS established or SSL_accept error, client=,
 * disconnect; then cleanup/qmgr lines of the message), the peers mixed as in generateExchange; line shapes as in
 * test/fixtures/logs/postfix/mail.log.
 */
export function* generatePostfix(opts: GenOptions): Generator<Buffer> {
  const peers = opts.peers ?? 500;
  yield* sessions(opts, (sid, ts) => {
    const stamp = syslogStamp(ts);
    const peer = (sid * 7919) % peers;
    const pid = 4000 + (sid % 30000);
    const who = `mail${peer}.example.net[${peerIp(peer)}]`;
    const p = `${stamp} mx postfix/smtpd[${pid}]: `;
    const kind = peerKind(peer);
    const lines = [`${p}connect from ${who}`];
    if (kind === 'fail') {
      lines.push(
        `${p}SSL_accept error from ${who}: -1`,
        `${p}warning: TLS library problem: error:0A000102:SSL routines::unsupported protocol:../ssl/statem/statem_srvr.c:1716:`,
        `${p}lost connection after STARTTLS from ${who}`,
        `${p}disconnect from ${who} ehlo=1 starttls=0/1 commands=1/2`,
      );
    } else if (kind === 'plain') {
      lines.push(
        `${p}${(sid & 0xffffff).toString(16).toUpperCase().padStart(10, '4')}: client=${who}`,
        `${p}disconnect from ${who} ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5`,
      );
    } else {
      const v = kind === 'tls10' ? 'TLSv1' : kind === 'tls11' ? 'TLSv1.1' : 'TLSv1.2';
      lines.push(
        `${p}Anonymous TLS connection established from ${who}: ${v} with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)`,
        `${p}${(sid & 0xffffff).toString(16).toUpperCase().padStart(10, '4')}: client=${who}`,
        `${p}disconnect from ${who} ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7`,
      );
    }
    if (kind !== 'fail') {
      // the queue manager's lines of the message (not about TLS: a real mail.log has more of them than smtpd lines)
      const qid = (sid & 0xffffff).toString(16).toUpperCase().padStart(10, '4');
      const q = `${stamp} mx postfix/`;
      lines.push(
        `${q}cleanup[${pid + 1}]: ${qid}: message-id=<${sid}.${peer}@example.net>`,
        `${q}qmgr[1042]: ${qid}: from=<sender${peer}@example.net>, size=${2048 + (sid % 4096)}, nrcpt=1 (queue active)`,
        `${q}qmgr[1042]: ${qid}: removed`,
      );
    }
    return lines;
  });
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** A syslog time (`May  2 10:00:00`, UTC). */
function syslogStamp(ts: number): string {
  const d = new Date(ts);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
}
/** The address of peer number `peer` in the MTA logs (the Exchange ones use 10.x.y.z). */
function peerIp(peer: number): string {
  return `${(peer % 200) + 20}.${(peer >> 16) & 255}.${(peer >> 8) & 255}.${peer & 255}`;
}

/** Lines gathered into Buffers of about `opts.chunk` bytes, up to about `opts.bytes` in all. */
class Chunks {
  private parts: string[] = [];
  private size = 0;
  private produced = 0;
  private readonly chunk: number;
  constructor(private readonly opts: GenOptions) {
    this.chunk = opts.chunk ?? 1 << 20;
  }

  /** True while less than `opts.bytes` was made. */
  more(): boolean {
    return this.produced + this.size < this.opts.bytes;
  }

  add(line: string, eol: string): void {
    this.parts.push(line, eol);
    this.size += line.length + eol.length;
  }

  /** What was added, once it reaches a chunk (with `all`, whatever there is), else null. */
  take(all = false): Buffer | null {
    if (this.size === 0 || (!all && this.size < this.chunk)) return null;
    const buf = Buffer.from(this.parts.join(''), 'latin1');
    this.produced += buf.length;
    this.parts = [];
    this.size = 0;
    return buf;
  }
}

/** The lines `make` gives for session after session (0, 1, 2…; 700 ms apart), in chunks (LF line ends). */
function* sessions(opts: GenOptions, make: (sid: number, ts: number) => string[]): Generator<Buffer> {
  const c = new Chunks(opts);
  let ts = opts.start ?? Date.UTC(2024, 4, 2, 0, 0, 0);
  for (let sid = 0; c.more(); sid++, ts += 700) {
    for (const l of make(sid, ts)) c.add(l, '\n');
    const buf = c.take();
    if (buf) yield buf;
  }
  const rest = c.take(true);
  if (rest) yield rest;
}

/**
 * An Exim mainlog of about `opts.bytes`: per message an arrival (`<=` with H=, P=, and X= when TLS was used), a local
 * delivery and `Completed`; a failing peer logs `TLS error on connection` instead. Exim 4.9x's own format (no syslog
 * header, `X=TLS1.2:suite:bits`), as in test/fixtures/logs/exim/mainlog.
 */
export function* generateExim(opts: GenOptions): Generator<Buffer> {
  const peers = opts.peers ?? 500;
  yield* sessions(opts, (sid, ts) => {
    const t = new Date(ts).toISOString().replace('T', ' ').slice(0, 19);
    const peer = (sid * 7919) % peers;
    const ip = peerIp(peer);
    const host = `mail${peer}.example.net`;
    const kind = peerKind(peer);
    if (kind === 'fail') return [`${t} TLS error on connection from ${host} [${ip}] (SSL_accept): error:0A000102:SSL routines::unsupported protocol`];
    const id = `1s${(sid & 0xffffff).toString(36).padStart(5, '0')}-000${(sid % 9000) + 1000}-AB`;
    const tls =
      kind === 'plain'
        ? 'P=esmtp'
        : `P=esmtps X=${kind === 'tls10' ? 'TLS1.0:ECDHE-RSA-AES256-SHA' : kind === 'tls11' ? 'TLS1.1:ECDHE-RSA-AES256-SHA' : 'TLS1.2:ECDHE-RSA-AES256-GCM-SHA384'}:256 CV=no`;
    return [
      `${t} ${id} <= sender${peer}@example.net H=${host} (${host}) [${ip}]:${40000 + (sid % 20000)} I=[10.0.0.5]:25 ${tls} S=${2048 + (sid % 4096)} id=${sid}.${peer}@example.net T="report ${sid}" for user@example.org`,
      `${t} ${id} => user <user@example.org> R=local_user T=mail_spool`,
      `${t} ${id} Completed`,
    ];
  });
}

/**
 * A Sendmail maillog (syslog) of about `opts.bytes`: per message the `STARTTLS=server` line (an `accept failed` for a
 * failing peer), the `from=` line with its relay and the local `to=` line, as in test/fixtures/logs/sendmail/maillog.
 */
export function* generateSendmail(opts: GenOptions): Generator<Buffer> {
  const peers = opts.peers ?? 500;
  yield* sessions(opts, (sid, ts) => {
    const stamp = syslogStamp(ts);
    const peer = (sid * 7919) % peers;
    const relay = `mail${peer}.example.net [${peerIp(peer)}]`;
    const pid = 20000 + (sid % 30000);
    const p = `${stamp} mx sm-mta[${pid}]: `;
    const kind = peerKind(peer);
    const qid = `4${(sid & 0xffffff).toString(36).toUpperCase().padStart(6, '0')}${String(sid % 1000).padStart(3, '0')}`;
    const lines: string[] = [];
    if (kind === 'fail')
      lines.push(`${p}STARTTLS=server, error: accept failed=-1, reason=unsupported protocol, SSL_error=1, errno=0, retry=-1, relay=${relay}`);
    else if (kind !== 'plain') {
      const v = kind === 'tls10' ? 'TLSv1' : kind === 'tls11' ? 'TLSv1.1' : 'TLSv1.2';
      lines.push(`${p}STARTTLS=server, relay=${relay}, version=${v}, verify=NO, cipher=ECDHE-RSA-AES256-GCM-SHA384, bits=256/256`);
    }
    if (kind !== 'fail')
      lines.push(
        `${p}${qid}: from=<sender${peer}@example.net>, size=${2048 + (sid % 4096)}, class=0, nrcpts=1, msgid=<${sid}.${peer}@example.net>, proto=ESMTP${kind === 'plain' ? '' : 'S'}, daemon=MTA, relay=${relay}`,
        `${stamp} mx sm-mta[${pid + 1}]: ${qid}: to=<user@example.org>, delay=00:00:01, xdelay=00:00:00, mailer=local, pri=32000, dsn=2.0.0, stat=Sent`,
      );
    return lines;
  });
}
