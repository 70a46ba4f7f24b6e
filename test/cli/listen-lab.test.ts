// The CLI contract for `mailtls listen` and `mailtls lab`: value options × bad values, --cert/--key/--keep-dir × bad
// kinds, conflicting options, and Ctrl-C with a real SIGINT (say so at once, keep the summary, exit 130).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, expectUnchanged, IN_KINDS, run, Scratch, start } from './matrix.js';

let s: Scratch;
let cert: string;
let key: string;
let otherKey: string;
beforeAll(() => {
  s = new Scratch();
  cert = join(s.dir, 'mx.pem');
  key = join(s.dir, 'mx.key');
  otherKey = join(s.dir, 'other.key');
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
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=mx.example.test',
    ],
    { stdio: 'ignore' },
  );
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', otherKey], { stdio: 'ignore' });
  s.write('afile', 'x');
});
afterAll(() => s.remove());

const L = ['listen', '--listen', '127.0.0.1:0'];

describe('listen: refused before listening', () => {
  const cases: [string, string[]][] = [
    ['--listen without a port', ['--listen', 'localhost']],
    ['--listen port 70000', ['--listen', '127.0.0.1:70000']],
    ['--hostname with CR/LF', ['--hostname', 'mx.example\r\n250 fake']],
    ['--hostname with a space', ['--hostname', 'mx example']],
    ['--duration 720h (over 2^31 ms)', ['--duration', '720h']],
    ['--duration abc', ['--duration', 'abc']],
    ['--duration 0', ['--duration', '0']],
    ['--max-sessions 0', ['--max-sessions', '0']],
    ['--max-sessions abc', ['--max-sessions', 'abc']],
    ['--workers 0', ['--workers', '0']],
    ['--workers 999', ['--workers', '999']],
    ['--once with --max-sessions', ['--once', '--max-sessions', '3']],
    ['--keep-dir without --accept', ['--keep-dir', join('/tmp', 'never-created-mailtls')]],
    ['--cert without --key', ['--cert', '/etc/hostname']],
    ['--policy bogus', ['--policy', 'bogus']],
    ['--tls without --policy exchange-server', ['--tls', '1.2']],
    ['--tls 9.9', ['--policy', 'exchange-server', '--tls', '9.9']],
    ['--lang xx', ['--lang', 'xx']],
  ];
  for (const [name, args] of cases) {
    it(`${name} → exit 2, one line`, async () => {
      expectRefused(await run([...L, ...args]));
    });
  }
  for (const kind of [...IN_KINDS, 'empty'] as const) {
    const path = (): string => (kind === 'empty' ? s.path('empty.txt') : (s.badInputs()[kind] as string));
    it(`--cert ${kind} → exit 2, one line`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run([...L, '--cert', path(), '--key', key])));
    });
    it(`--key ${kind} → exit 2, one line`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run([...L, '--cert', cert, '--key', path()])));
    });
  }
  it('--key that is not the key of --cert → exit 2', async () => {
    expectRefused(await run([...L, '--cert', cert, '--key', otherKey]), /not the private key/);
  });
  for (const [kind, dir] of [
    ['/proc', '/proc/mailtls-keep'],
    ['/sys', '/sys/mailtls-keep'],
    ['/dev/null', '/dev/null'],
    ['a file', ''],
  ] as const) {
    it(`--keep-dir ${kind} → exit 2 at once (no spinning mkdir)`, async () => {
      expectRefused(await run([...L, '--accept', '--keep-dir', dir || s.path('afile')]));
    });
  }
});

// The inbound connector options (#24) under the same contract.
describe('listen: connector options refused before listening', () => {
  const N = ['--tls-sender-certificate-name', 'mail.contoso.com'];
  const cases: [string, string[]][] = [
    ['--tls-sender-certificate-name with CR/LF', ['--tls-sender-certificate-name', 'mail.contoso.com\r\n250 x']],
    ['--tls-sender-certificate-name with a space', ['--tls-sender-certificate-name', 'mail contoso.com']],
    ['--tls-sender-certificate-name with an embedded wildcard', ['--tls-sender-certificate-name', 'a.*.contoso.com']],
    ['--accepted-domain with a space', [...N, '--accepted-domain', 'contoso .com']],
    ['--ca without --tls-sender-certificate-name', ['--ca', '/etc/hostname']],
    ['--accepted-domain without --tls-sender-certificate-name', ['--accepted-domain', 'contoso.com']],
    ['--ca - twice', [...N, '--ca', '-', '--ca', '-']],
  ];
  for (const [name, args] of cases) {
    it(`${name} → exit 2, one line`, async () => {
      expectRefused(await run([...L, ...args], { input: '' }));
    });
  }
  for (const kind of [...IN_KINDS, 'empty'] as const) {
    it(`--ca ${kind} → exit 2, one line`, async () => {
      const path = kind === 'empty' ? s.path('empty.txt') : (s.badInputs()[kind] as string);
      await expectUnchanged(s, async () => expectRefused(await run([...L, ...N, '--ca', path])));
    });
  }
});

describe('listen: runs, stops, reports', () => {
  it('--cert/--key that match are used', async () => {
    const live = start([...L, '--cert', cert, '--key', key, '--duration', '1s']);
    const r = await live.exit;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/mx\.pem/);
  });
  it('Ctrl-C: says so at once, prints the summary, exits 130', async () => {
    const live = start(L);
    await live.waitFor(/Listening on/);
    live.child.kill('SIGINT');
    const r = await live.exit;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stdout).toMatch(/No sessions|Senders/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('SIGTERM: the same as Ctrl-C', async () => {
    const live = start([...L, '--json']);
    await live.waitFor(/Listening on/);
    live.child.kill('SIGTERM');
    const r = await live.exit;
    expect(r.code).toBe(130);
    expect(r.stdout).toBe(''); // --json: sessions only, none came
  });
  it('stdout on /dev/full: one line, exit 2', async () => {
    expectRefused(
      await run([...L, '--duration', '1s'], { stdoutFile: '/dev/full' }).then((r) => ({
        ...r,
        stderr: r.stderr
          .split('\n')
          .filter((l) => !/^Listening on/.test(l))
          .join('\n'),
      })),
      /no space left/,
    );
  });
});

describe('lab', () => {
  it('--scenario bogus → exit 2, one line', async () => {
    expectRefused(await run(['lab', '--scenario', 'bogus']));
    expectRefused(await run(['lab', 'serve', '--scenario', 'bogus']));
  });
  it('lab serve --duration 720h (over 2^31 ms) and abc → exit 2, one line', async () => {
    expectRefused(await run(['lab', 'serve', '--duration', '720h']));
    expectRefused(await run(['lab', 'serve', '--duration', 'abc']));
  });
  it('lab --list on /dev/full: one line, exit 2', async () => {
    expectRefused(await run(['lab', '--list'], { stdoutFile: '/dev/full' }), /no space left/);
    expectRefused(await run(['lab', '--list', '--json'], { stdoutFile: '/dev/full' }), /no space left/);
  });
  it('lab serve: Ctrl-C says so, stops the servers, exits 130', async () => {
    const live = start(['lab', 'serve', '--scenario', 'legacy-tls']);
    await live.waitFor(/sslscan --starttls-smtp/);
    live.child.kill('SIGINT');
    const r = await live.exit;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stderr).toMatch(/stopped/i);
  });
});
