// The CLI contract for `mailtls probe` and `mailtls send`: every value option × bad values, --ca × bad kinds, --html ×
// bad kinds and same-as-input; all refused before any connection. Write failures on stdout with a real (closed) target.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, expectNoStack, expectRefused, expectUnchanged, IN_KINDS, OUT_KINDS, run, Scratch } from './matrix.js';

let s: Scratch;
let ca: string;
let port: number;
beforeAll(async () => {
  s = new Scratch();
  ca = join(s.dir, 'ca.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(s.dir, 'ca.key'),
      '-out',
      ca,
      '-days',
      '2',
      '-subj',
      '/CN=mailtls test CA',
    ],
    { stdio: 'ignore' },
  );
  port = await closedPort();
});
afterAll(() => s.remove());

const target = (): string[] => ['probe', `127.0.0.1:${port}`, '--allow-private'];

describe('probe: values refused before any connection', () => {
  const cases: [string, string[]][] = [
    ['--resolver abc', ['--resolver', 'abc']],
    ['--resolver with a bad port', ['--resolver', '127.0.0.1:99999']],
    ['--ehlo with CR/LF', ['--ehlo', 'mx.example\r\nMAIL FROM:<x>']],
    ['--ehlo with a space', ['--ehlo', 'mx example']],
    ['--timeout abc', ['--timeout', 'abc']],
    ['--timeout 0', ['--timeout', '0']],
    ['--timeout 720h (over the cap)', ['--timeout', '720h']],
    ['--timeout 99999999', ['--timeout', '99999999']],
    ['--port 0', ['--port', '0']],
    ['--port 70000', ['--port', '70000']],
    ['--port abc', ['--port', 'abc']],
    ['--mta-sts-port 0', ['--mta-sts-port', '0']],
    ['--lang xx', ['--lang', 'xx']],
  ];
  it('a target with a space or empty → exit 2, one line', async () => {
    expectRefused(await run(['probe', 'exa mple']));
    expectRefused(await run(['probe', '']));
  });
  for (const [name, args] of cases) {
    it(`${name} → exit 2, one line`, async () => {
      expectRefused(await run([...target(), ...args]));
    });
  }
  for (const kind of [...IN_KINDS, 'empty'] as const) {
    it(`--ca ${kind} → exit 2, one line`, async () => {
      const path = kind === 'empty' ? s.path('empty.txt') : (s.badInputs()[kind] as string);
      await expectUnchanged(s, async () => expectRefused(await run([...target(), '--ca', path])));
    });
  }
  it('--html naming the --ca file is refused and the CA file is unchanged', async () => {
    await expectUnchanged(s, async () => expectRefused(await run([...target(), '--ca', ca, '--html', ca]), /also an input/));
  });
  for (const kind of OUT_KINDS) {
    it(`--html ${kind} → exit 2 before probing`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run([...target(), '--html', s.badOutputs()[kind] as string])));
    });
  }
  it('--html - with --json is refused', async () => {
    expectRefused(await run([...target(), '--html', '-', '--json']), /stdout/);
  });
});

describe('probe: --timeout covers DNS', () => {
  it('a resolver that never answers ends the probe under a short --timeout (exit 2, the DNS reason), not after the 5 s x 2 default', async () => {
    const { createSocket } = await import('node:dgram');
    const mute = createSocket('udp4');
    await new Promise<void>((r) => mute.bind(0, '127.0.0.1', () => r()));
    try {
      const { port: dnsPort } = mute.address();
      // the run's own deadline (8 s) is below what the default DNS timeout would take (two 5 s tries per lookup)
      const r = await run(['probe', 'example.test', '--resolver', `127.0.0.1:${dnsPort}`, '--timeout', '500ms', '--no-dane', '--no-mta-sts'], {
        timeoutMs: 8000,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/DNS|timeout|timed out|lookup .* failed \(no answer within 0\.5 s\)/i);
      expectNoStack(r);
    } finally {
      mute.close();
    }
  });
});

describe('probe: write failures', () => {
  it('stdout on /dev/full: exit 2, no stack trace', async () => {
    const r = await run(target(), { stdoutFile: '/dev/full' });
    expect(r.code).toBe(2);
    expectNoStack(r);
    expect(r.stderr).toMatch(/no space left on device/);
  });
});

describe('send: values refused before any connection', () => {
  const base = (): string[] => ['send', `127.0.0.1:${port}`, '--from', 'a@example.test', '--to', 'b@example.test'];
  const cases: [string, string[]][] = [
    ['--timeout 99999999 (overflows a timer)', ['--timeout', '99999999']],
    ['--timeout 720h', ['--timeout', '720h']],
    ['--timeout abc', ['--timeout', 'abc']],
    ['--timeout 0', ['--timeout', '0']],
    ['--ehlo with CR/LF', ['--ehlo', 'a\r\nRSET']],
    ['--ehlo with a space', ['--ehlo', 'a b']],
    ['--policy bogus', ['--policy', 'bogus']],
    ['--lang xx', ['--lang', 'xx']],
  ];
  for (const [name, args] of cases) {
    it(`${name} → exit 2, one line`, async () => {
      expectRefused(await run([...base(), ...args]));
    });
  }
  it('--from and --to with CR/LF or a space: exit 2, nothing on the wire', async () => {
    expectRefused(await run(['send', `127.0.0.1:${port}`, '--from', 'a@b.test\r\nRSET', '--to', 'c@d.test']));
    expectRefused(await run(['send', `127.0.0.1:${port}`, '--from', 'a@b.test', '--to', 'c d@e.test']));
  });
  it('a bad target and a missing --from: exit 2, one line each', async () => {
    expectRefused(await run(['send', 'host:99999', '--from', 'a@b', '--to', 'c@d']));
    expectRefused(await run(['send', '127.0.0.1', '--to', 'c@d']));
  });
  it('the result line names the step in words, in the report language (not its id)', async () => {
    const en = await run([...base(), '--allow-private', '--timeout', '2s']);
    expect(en.code).toBe(2);
    expect(en.stdout).toMatch(/^Result: COULD NOT TEST \(connect\): .*ECONNREFUSED/m);
    const nl = await run([...base(), '--allow-private', '--timeout', '2s', '--lang', 'nl']);
    expect(nl.stdout).toMatch(/^Resultaat: NIET TE TESTEN \(het verbinden\): /m);
  });
  it('stdout on /dev/full: exit 2, no stack trace', async () => {
    const r = await run([...base(), '--timeout', '2s'], { stdoutFile: '/dev/full' });
    expect(r.code).toBe(2);
    expectNoStack(r);
  });
});

// The connector options (#24) under the same contract: the option vocabulary and the input reader, refused before any
// connection with one line.
describe('probe and send: connector options refused before any connection', () => {
  const cases: [string, string[]][] = [
    ['--tls-settings bogus', ['--tls-settings', 'bogus']],
    ['--tls-domain without --tls-settings', ['--tls-domain', 'mail.contoso.com']],
    ['--tls-settings DomainValidation without --tls-domain', ['--tls-settings', 'DomainValidation']],
    ['--tls-domain with --tls-settings EncryptionOnly', ['--tls-settings', 'EncryptionOnly', '--tls-domain', 'mail.contoso.com']],
    ['--tls-domain with CR/LF', ['--tls-settings', 'DomainValidation', '--tls-domain', 'mail.contoso.com\r\nx']],
    ['--tls-domain with a space', ['--tls-settings', 'DomainValidation', '--tls-domain', 'mail contoso.com']],
    ['--tls-domain with an embedded wildcard', ['--tls-settings', 'DomainValidation', '--tls-domain', 'mail.*.contoso.com']],
  ];
  for (const [name, args] of cases) {
    it(`probe ${name} → exit 2, one line`, async () => {
      expectRefused(await run([...target(), ...args]));
    });
  }
  it('probe --tls-domain in Dutch: the refusal is Dutch', async () => {
    expectRefused(await run([...target(), '--tls-settings', 'DomainValidation', '--tls-domain', 'a b', '--lang', 'nl']), /verwacht een domein/);
  });
  const send = (): string[] => ['send', `127.0.0.1:${port}`, '--from', 'a@example.test', '--to', 'b@example.test', '--allow-private'];
  for (const kind of [...IN_KINDS, 'empty'] as const) {
    it(`send --tls-certificate ${kind} → exit 2, one line, nothing changed`, async () => {
      const path = kind === 'empty' ? s.path('empty.txt') : (s.badInputs()[kind] as string);
      await expectUnchanged(s, async () => expectRefused(await run([...send(), '--tls-certificate', path, '--tls-key', join(s.dir, 'ca.key')])));
    });
  }
  it('send --tls-certificate without --tls-key (and the reverse) → exit 2', async () => {
    expectRefused(await run([...send(), '--tls-certificate', ca]), /--tls-key/);
    expectRefused(await run([...send(), '--tls-key', join(s.dir, 'ca.key')]), /--tls-certificate/);
  });
  it('send --tls-certificate - --tls-key - (stdin twice) → exit 2', async () => {
    expectRefused(await run([...send(), '--tls-certificate', '-', '--tls-key', '-'], { input: '' }), /stdin/);
  });
  it('send --tls-certificate in DER form: says to convert it', async () => {
    const der = s.path('ca.der');
    execFileSync('openssl', ['x509', '-in', ca, '-outform', 'der', '-out', der]);
    expectRefused(await run([...send(), '--tls-certificate', der, '--tls-key', join(s.dir, 'ca.key')]), /not PEM text/);
  });
  it('send --tls-certificate and --tls-key that are not a pair → exit 2', async () => {
    const other = s.path('other.key');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', other]);
    expectRefused(await run([...send(), '--tls-certificate', ca, '--tls-key', other]), /not a usable pair/);
  });
});
