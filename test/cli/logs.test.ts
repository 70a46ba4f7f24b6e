// The CLI contract for `mailtls logs`: inputs × bad kinds, --html × bad kinds, filters that leave nothing, Ctrl-C.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectNoStack, expectRefused, expectUnchanged, IN_KINDS, OUT_KINDS, run, Scratch, start } from './matrix.js';

let s: Scratch;
let log: string;
beforeAll(() => {
  s = new Scratch();
  log = join(s.dir, 'm.log');
  copyFileSync(join(ROOT, 'test/fixtures/logs/postfix/mail.log'), log);
});
afterAll(() => s.remove());

describe('logs: inputs', () => {
  for (const kind of IN_KINDS.filter((k) => k !== 'directory' && k !== 'binary')) {
    it(`input: ${kind} → exit 2, one line`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['logs', s.badInputs()[kind] as string])));
    });
  }
  it('input: a binary file alone → exit 2, one line (nothing readable)', async () => {
    expectRefused(await run(['logs', s.path('binary')]));
  });
  it('input: a directory is walked (not refused), an empty one has nothing to read → exit 2', async () => {
    expectRefused(await run(['logs', s.path('adir')]));
  });
  it('stdin from /dev/zero is refused at once', async () => {
    expectRefused(await run(['logs', '-'], { stdinFile: '/dev/zero' }), /stdin/);
  });
  it('- twice is refused', async () => {
    expectRefused(await run(['logs', '-', '-']));
  });
  it('a Dovecot log alone: exit 2, one line naming what it is, in the report language', async () => {
    const f = join(ROOT, 'test/fixtures/real/logs/crowdsec-dovecot-logs.log');
    expectRefused(await run(['logs', f]), /nothing could be read: .*not an SMTP log: a Dovecot \(IMAP\/POP3\) log/);
    expectRefused(await run(['logs', f, '--lang', 'nl']), /er kon niets worden gelezen: .*geen SMTP-logboek: een Dovecot-logboek \(IMAP\/POP3\)$/);
  });
});

describe('logs: values', () => {
  const cases: [string, string[]][] = [
    ['--since not a date', ['--since', 'yesterday-ish']],
    ['--until not a date', ['--until', '2024-13-45']],
    ['--top abc', ['--top', 'abc']],
    ['--top 0', ['--top', '0']],
    ['--workers -1', ['--workers', '-1']],
    ['--year 12', ['--year', '12']],
    ['--max-line 0', ['--max-line', '0']],
    ['--max-line abc', ['--max-line', 'abc']],
    ['--json --csv', ['--json', '--csv']],
    ['--lang xx', ['--lang', 'xx']],
  ];
  for (const [name, args] of cases) {
    it(`${name} → exit 2, one line`, async () => {
      expectRefused(await run(['logs', log, ...args]));
    });
  }
  for (const [name, args] of [
    ['--since after every line', ['--since', '2030-01-01']],
    ['--until before every line', ['--until', '2000-01-01']],
    ['--peer that matches nothing', ['--peer', 'no-such-peer.invalid']],
  ] as const) {
    // no all-clear (logs' exit rule since the logsfix merge): exit 2, the document still printed, one line naming the filters
    it(`${name}: nothing left to analyse → exit 2 with the reason, not a clean 0`, async () => {
      const r = await run(['logs', log, ...args, '--json']);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(r.code).toBe(2);
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^mailtls: no all-clear: no SMTP session left to analyse after --/);
      expectNoStack(r);
      expect((JSON.parse(r.stdout) as { totals: { sessions: number } }).totals.sessions).toBe(0);
    });
  }
});

describe('logs: outputs', () => {
  it('--html naming the input is refused and the log is unchanged', async () => {
    await expectUnchanged(s, async () => expectRefused(await run(['logs', log, '--html', log]), /also an input/));
  });
  for (const kind of OUT_KINDS) {
    it(`--html ${kind}: exit 2 before reading, nothing written`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['logs', log, '--html', s.badOutputs()[kind] as string])));
    });
  }
  it('--html - with --json is refused (both want stdout)', async () => {
    expectRefused(await run(['logs', log, '--html', '-', '--json']), /stdout/);
  });
  it('stdout on /dev/full: one line, exit 2', async () => {
    expectRefused(await run(['logs', log], { stdoutFile: '/dev/full' }), /no space left/);
    expectRefused(await run(['logs', log, '--json'], { stdoutFile: '/dev/full' }), /no space left/);
    expectRefused(await run(['logs', log, '--csv'], { stdoutFile: '/dev/full' }), /no space left/);
  });
});

describe('logs: Ctrl-C', () => {
  it('prints the partial report marked interrupted, says so on stderr, exits 130', async () => {
    const live = start(['logs', '-', '--json']);
    // 1 MB of log: more than a pipe holds, so when the write completes mailtls is reading (its Ctrl-C handler is in place)
    const text = readFixture();
    await new Promise<void>((r) => live.child.stdin?.write(text.repeat(Math.ceil(1_000_000 / text.length)), () => r()));
    // stdin stays open: the analysis waits for more, as with a log still being written
    live.child.kill('SIGINT');
    const r = await live.exit;
    expect(r.code).toBe(130);
    const doc = JSON.parse(r.stdout) as { interrupted?: boolean; totals: { sessions: number } };
    expect(doc.interrupted).toBe(true);
    expect(doc.totals.sessions).toBeGreaterThan(0); // what was read is kept
    expect(r.stderr).toMatch(/interrupted/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

function readFixture(): string {
  return readFileSync(join(ROOT, 'test/fixtures/logs/postfix/mail.log'), 'utf8');
}
