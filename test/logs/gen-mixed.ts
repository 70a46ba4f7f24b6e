// Seeded generator of varied Exchange protocol logs (receive and send, odd shapes, malformed lines) for equivalence tests.

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MixedOptions {
  seed: number;
  sessions: number;
  /** Send protocol log (outbound) instead of receive. */
  send?: boolean;
  /** Write the `#Software … #Fields` header. */
  header?: boolean;
  /** Sessions open at the same time (interleaving). */
  concurrent?: number;
  /** Distinct peers. */
  peers?: number;
  /**
   * How often a session id is lower-case, a time stamp lacks its milliseconds, a garbage line comes between lines
   * (defaults 0.05, 0.05, 0.004: each makes the scanner's session mode hand the file back to the parser).
   */
  lower?: number;
  shortTime?: number;
  garbage?: number;
}

const TLS_CTX = (proto: string, bulk = 'CALG_AES_256', mac = 'CALG_SHA_384', kex = 'CALG_ECDH_EPHEM'): string =>
  `"TLS protocol ${proto} negotiation succeeded using bulk encryption algorithm ${bulk} with strength 256 bits, MAC hash algorithm ${mac} with strength 0 bits and key exchange algorithm ${kex} with strength 384 bits"`;

/** Returns the log as bytes (UTF-8: a localized connector name has high bytes). */
export function generateMixed(o: MixedOptions): Buffer {
  const r = rng(o.seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const send = o.send ?? false;
  const out: string[] = [];
  if (o.header !== false) {
    out.push(
      '#Software: Microsoft Exchange Server',
      '#Version: 15.0.0.0',
      `#Log-type: SMTP ${send ? 'Send' : 'Receive'} Protocol Log`,
      '#Date: 2024-05-02T00:00:00.000Z',
      '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
    );
  }
  const connectors = send
    ? ['Outbound to Office 365', '组织内 SMTP 发送连接器', '"Smart host, EU"', 'Internet']
    : ['EX01\\Default Frontend EX01', '"EX01\\Client Frontend, port 587"', 'EX01\\Outbound Proxy Frontend EX01', 'EX02\\Default EX02'];
  const peers = o.peers ?? 40;
  const ipOf = (p: number): string =>
    p % 9 === 5 ? `2001:db8::${p.toString(16)}` : p % 11 === 7 ? `[2001:db8::${p.toString(16)}]` : `192.0.${p >> 8}.${p & 255}`;
  let ts = Date.UTC(2024, 4, 2, 8, 0, 0);
  let sidN = 0x08dc6a0000000000n;
  interface Live {
    lines: string[];
    i: number;
  }
  const live: Live[] = [];
  const conc = o.concurrent ?? 6;
  let made = 0;

  const makeSession = (): Live => {
    const peer = Math.floor(r() * peers);
    // occasionally reuse a session id (connect line without disconnect of the previous one)
    if (r() > 0.03) sidN += BigInt(1 + Math.floor(r() * 3));
    const sid = r() < (o.lower ?? 0.05) ? sidN.toString(16).toLowerCase().padStart(16, '0') : sidN.toString(16).toUpperCase().padStart(16, '0');
    const conn = pick(connectors);
    const ip = ipOf(peer);
    const local = send && r() < 0.3 ? '' : '10.0.0.5:25';
    const remote = `${ip}:${send ? 25 : 40000 + Math.floor(r() * 20000)}`;
    const start = ts;
    // sessions are usually short; a few last longer than the one-hour eviction window
    const step = r() < 0.02 ? 400_000 : 1 + Math.floor(r() * 900);
    let n = 0;
    let t = start;
    const lines: string[] = [];
    const iso = (ms: number): string => {
      const s = new Date(ms).toISOString();
      return r() < (o.shortTime ?? 0.05) ? s.replace(/\.\d{3}Z$/, 'Z') : s;
    };
    const l = (ev: string, data: string, ctx = ''): void => {
      t += step;
      lines.push(`${iso(t)},${conn},${sid},${n++},${local},${remote},${ev},${data},${ctx}`);
    };
    const kind = pick(['tls12', 'tls12', 'tls12', 'tls10', 'tls11', 'tls13', 'plain', 'fail', 'nocred', 'reply', 'odd'] as const);
    if (r() > 0.05) l('+', '', send ? '' : '');
    const name = `mail${peer}.example.net`;
    if (send) {
      l('<', pick([`220 ${name} Microsoft ESMTP MAIL Service ready`, `"220 ${name} ESMTP, ready"`, '220 2.0.0 SMTP server ready', `220 ${name},`]));
      l('>', `EHLO ex01.contoso.test`);
      l('<', `250-${name} Hello [10.0.0.5]`);
      l('<', '250-STARTTLS');
    } else {
      l('*', 'SMTPSubmit SMTPAcceptAnySender', 'Set Session Permissions');
      l('>', '"220 EX01.contoso.test Microsoft ESMTP MAIL Service ready at Thu, 2 May 2024 10:00:00 +0000"');
      l('<', `${pick(['EHLO', 'EHLO', 'HELO', 'ehlo', 'helo', 'Ehlo'])} ${r() < 0.1 ? ' ' : ''}${r() < 0.05 ? `[${ip}]` : name}`);
      l('>', `250  EX01.contoso.test Hello [${ip}] SIZE 37748736 PIPELINING STARTTLS`);
    }
    if (kind !== 'plain' && kind !== 'reply') {
      l(send ? '>' : '<', 'STARTTLS');
      l(send ? '<' : '>', '220 2.0.0 SMTP server ready');
      if (r() < 0.5)
        l(
          '*',
          ' CN=EX01 CN=EX01 12DE 12DEAB 2024-01-17T15:15:33.000Z 2029-01-17T15:15:33.000Z EX01;EX01.contoso.test',
          'Sending certificate Subject Issuer name Serial number Thumbprint Not before Not after Subject alternate names',
        );
      if (r() < 0.2) l('*', '', 'Sending certificate');
      const side = send ? 'CLIENT' : 'SERVER';
      if (kind === 'fail' || kind === 'nocred') {
        l(
          '*',
          '',
          `TLS negotiation failed with error ${kind === 'nocred' ? pick(['NoCredentials', 'UnknownCredentials']) : pick(['SocketError', 'IllegalMessage', 'AlgorithmMismatch'])}`,
        );
        if (r() < 0.5) l(send ? '<' : '>', pick(['421 4.4.2 Connection dropped due to SocketError', '"421 4.4.2 Connection dropped, SocketError"']));
        if (r() < 0.7) l('-', '', 'Remote(SocketError)');
        return { lines, i: 0 };
      }
      const proto =
        kind === 'tls10'
          ? pick([`SP_PROT_TLS1_0_${side}`, '64', '128', `SP_PROT-TLS1_0_${side}`])
          : kind === 'tls11'
            ? pick([`SP_PROT_TLS1_1_${side}`, `SP_PROT-TLS1_1_${side}`, '256'])
            : kind === 'tls13'
              ? pick(['4096', '8192', `SP_PROT_TLS1_3_${side}`])
              : kind === 'odd'
                ? pick(['999', `SP_PROT_SSL3_${side}`, '16', 'SP_PROT_TLS1_2_WHATEVER'])
                : pick([`SP_PROT_TLS1_2_${side}`, `SP_PROT_TLS1_2_${side === 'SERVER' ? 'CLIENT' : 'SERVER'}`]);
      const ctx =
        r() < 0.03
          ? `"TLS protocol ${proto} negotiation succeeded using"`
          : TLS_CTX(
              proto,
              pick(['CALG_AES_256', 'CALG_AES_128', 'CALG_3DES']),
              pick(['CALG_SHA_384', 'CALG_SHA1', 'CALG_SHA_256']),
              pick(['CALG_ECDH_EPHEM', 'CALG_ECDHE', 'CALG_RSA_KEYX']),
            );
      l('*', '', ctx);
      if (r() < 0.3) l('*', '', "TlsDomainCapabilities='None'; Status='NoRemoteCertificate'");
      if (r() < 0.2) l('*', '', "Client certificate chain validation status: 'EmptyCertificate'");
      if (!send) l('<', `EHLO ${name}`);
    }
    if (kind === 'reply') {
      l(
        send ? '<' : '>',
        pick([
          '451 5.7.3 Must issue a STARTTLS command first',
          '"451 5.7.3 STARTTLS is required to send mail"',
          '450 4.4.317 Cannot connect to remote server',
          '"550 5.4.317 Message expired, cannot connect to remote server"',
          '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.',
          '550 5.7.1 Unable to relay',
          '421 4.4.2 Connection dropped due to SocketError',
          '530 5.7.0 Must issue a STARTTLS command first',
        ]),
      );
    }
    l(send ? '>' : '<', `MAIL FROM:<sender${peer}@example.net>`);
    l(send ? '<' : '>', '250 2.1.0 Sender OK');
    if (r() < 0.1) l(send ? '<' : '>', '"452 4.5.3 Too many recipients, try later"');
    l(send ? '>' : '<', 'QUIT');
    if (r() > 0.1) l('-', '', pick(['Local', 'Remote(SocketError)', 'Remote']));
    return { lines, i: 0 };
  };

  const garbage = [
    '2024-05-02T10:00:01.500Z,EX01\\Default Frontend EX01,NOT-A-SESSION,7,10.0.0.5:25,192.0.2.10:50000,*,,"TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded using"',
    '2024-05-02T10:00:01.500Z,"EX01\\broken quote,08DC6A0000000001,3,10.0.0.5:25,192.0.2.10:50000,+,,',
    'garbage without commas',
    '',
    ',,,,,,,,',
    '2024-05-02T10:00:01.500Z,EX01,08DC6A00000000ZZ,1,a,b,<,EHLO x,',
    '#Log-type: SMTP Send Protocol Log',
    '#Log-type: SMTP Receive Protocol Log',
    '2024-05-02T10:00:01.500Z,EX01,08DC6A0000000001,1,a,b,<x,451 5.7.3 Must issue a STARTTLS command first,',
  ];

  while (made < o.sessions || live.length > 0) {
    while (live.length < conc && made < o.sessions) {
      live.push(makeSession());
      made++;
    }
    const k = Math.floor(r() * live.length);
    const s = live[k] as Live;
    out.push(s.lines[s.i++] as string);
    if (s.i >= s.lines.length) live.splice(k, 1);
    ts += Math.floor(r() * 40);
    if (r() < (o.garbage ?? 0.004)) out.push(pick(garbage));
  }
  let text = '';
  for (const line of out) text += line + (r() < 0.9 ? '\r\n' : '\n');
  return Buffer.from(text, 'utf8');
}

/** Cuts a buffer into chunks of random sizes (1 byte … `max`), to exercise line carries across chunks. */
export function* randomChunks(buf: Buffer, seed: number, max = 70_000): Generator<Buffer> {
  const r = rng(seed);
  for (let p = 0; p < buf.length; ) {
    const n = 1 + Math.floor(r() * r() * max);
    yield buf.subarray(p, Math.min(buf.length, p + n));
    p += n;
  }
}
