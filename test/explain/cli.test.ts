// The `mailtls explain` command end to end: argument, stdin, --json, --lang, LANG, exit statuses 0/1/2, no colour off a TTY.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

async function run(args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}) {
  const r = await runCli(['explain', ...args], {
    input: opts.input ?? '',
    env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...opts.env },
    timeoutMs: 60_000,
  });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

const NDR = `Delivery has failed to these recipients or groups:

jan@contoso.nl
The message couldn't be delivered.

Diagnostic information for administrators:
Generating server: EX01.contoso.local
jan@contoso.nl
Remote Server returned '421 4.4.2 Connection dropped due to
 SocketError'
`;

describe('mailtls explain (CLI)', () => {
  it('explains an argument, exit 0, plain text without colour when not a TTY', async () => {
    const r = await run(['421 4.4.2 Connection dropped due to SocketError']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('sig.socket-error-421');
    expect(r.out).toContain('"421 4.4.2 Connection dropped due to SocketError"');
    expect(r.out).toContain('mailtls listen');
    expect(r.out).not.toContain('\u001b[');
    expect(r.err).toBe('');
  });

  it('joins unquoted words', async () => {
    const r = await run(['TLS', 'negotiation', 'failed', 'with', 'error', 'SocketError']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('sig.tls-negotiation-failed');
  });

  it('--lang nl, and LANG=nl_NL.UTF-8 without --lang', async () => {
    const a = await run(['451 5.7.3 Must issue a STARTTLS command first', '--lang', 'nl']);
    expect(a.code).toBe(0);
    expect(a.out).toContain('Oorzaak');
    expect(a.out).toContain('verzendende server');
    const b = await run(['451 5.7.3 Must issue a STARTTLS command first'], { env: { LANG: 'nl_NL.UTF-8' } });
    expect(b.out).toContain('Oorzaak');
    const c = await run(['451 5.7.3 Must issue a STARTTLS command first'], { env: { LANG: 'nl_NL.UTF-8', LC_ALL: 'en_US.UTF-8' } });
    expect(c.out).toContain('Cause');
  });

  it('reads a pasted multi-line NDR from stdin (no argument, and "-")', async () => {
    for (const args of [[], ['-']]) {
      const r = await run(args, { input: NDR });
      expect(r.code).toBe(0);
      expect(r.out).toContain('sig.socket-error-421');
    }
  });

  it('reads UTF-16 from stdin (PowerShell redirect)', async () => {
    const r = await run(['-', '--json'], { input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NDR, 'utf16le')]) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).matches[0].id).toBe('sig.socket-error-421');
  });

  it('--json prints one document and nothing else on stdout', async () => {
    const r = await run(['--json', 'LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.unknown).toBe(false);
    expect(doc.suggestions).toEqual([]);
    expect(doc.matches).toHaveLength(1);
    const m = doc.matches[0];
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['id', 'confidence', 'evidence', 'cause', 'fix', 'next', 'side', 'direction']));
    expect(m).toMatchObject({ id: 'sig.4-4-317', side: 'receiver', direction: 'inbound', next: 'mailtls probe <your-on-premises-mx-host>' });
  });

  it('explains a finding id', async () => {
    const r = await run(['sig.schannel-36888-70', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).matches[0].confidence).toBe(1);
  });

  it('unknown text: exit 1, says so, closest entries', async () => {
    const r = await run(['Connection droped due to Socket failure 421']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Not recognised');
    expect(r.out).toContain('mailtls explain <id>');
    const n = await run(['550 5.1.1 RESOLVER.ADR.RecipNotFound; not found']);
    expect(n.code).toBe(1);
    expect(n.out.trim()).toMatch(/^Not a TLS problem: .*recipient/);
    expect(n.out).not.toContain('Closest');
    const j = await run(['--json', 'sig.socket-eror-421']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out).suggestions[0].id).toBe('sig.socket-error-421');
  });

  it('reads a saved bounce: a .eml file argument and a .eml on stdin', async () => {
    const f = new URL('../fixtures/real/ndr/eml/sisimai-lhost-office365-08.eml', import.meta.url).pathname;
    const a = await run([f]);
    expect(a.code).toBe(0);
    expect(a.out).toContain('sig.exo-4-4-316');
    expect(a.out).toContain('nyaan@neko.example.jp: failed 5.4.316');
    const { readFileSync } = await import('node:fs');
    const b = await run(['-', '--json'], { input: readFileSync(f) });
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out).bounce.recipients[0].status).toBe('5.4.316');
  });

  it('an Outlook .msg on stdin: exit 2, one line saying to save it as .eml', async () => {
    const r = await run(['-'], { input: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]) });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('.eml');
  });

  it('bad input: exit 2 with one line on stderr', async () => {
    for (const [args, input] of [
      [['-'], ''],
      [['--lang', 'fr', 'x'], ''],
      [['-'], 'a\0b'],
    ] as [string[], string][]) {
      const r = await run(args, { input });
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^mailtls: /);
    }
  });
});
