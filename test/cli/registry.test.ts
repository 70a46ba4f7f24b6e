// The CLI contract for `mailtls registry`: every path option × the bad kinds, outputs never onto an input, write errors.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { expectNoStack, expectRefused, expectUnchanged, IN_KINDS, OUT_KINDS, run, Scratch } from './matrix.js';

let s: Scratch;
let reg: string;
beforeAll(() => {
  s = new Scratch();
  reg = join(s.dir, 'x.reg');
  copyFileSync(join(ROOT, 'test/fixtures/registry/tls12-disabled.reg'), reg);
});
afterAll(() => s.remove());

describe('registry: inputs', () => {
  for (const kind of IN_KINDS) {
    it(`input: ${kind} → exit 2, one line`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['registry', s.badInputs()[kind] as string])));
    });
  }
  it('input: the node binary itself (/bin-like file) is not a registry export', async () => {
    expectRefused(await run(['registry', process.execPath]), /binary|not a registry/);
  });
  it('an INI file and a JSON array (lines starting "[") are not registry exports: exit 2, not "breaks mail flow"', async () => {
    expectRefused(await run(['registry', s.write('git.ini', '[core]\n\trepositoryformatversion = 0\n')]), /not a registry export/);
    expectRefused(await run(['registry', s.write('a.json', '[1, 2, 3]\n')]), /not a registry export/);
    expectRefused(await run(['registry', '-'], { input: '[section]\nkey=value\n' }), /^mailtls: -: looks like an INI file, not a registry export/);
  });
  it('stdin from /dev/zero is refused at once', async () => {
    expectRefused(await run(['registry', '-'], { stdinFile: '/dev/zero' }), /stdin/);
  });
  it('bad --os value', async () => {
    expectRefused(await run(['registry', reg, '--os', 'bogus']));
  });
});

describe('registry: outputs', () => {
  for (const opt of ['--fix-reg', '--fix-ps1', '--html']) {
    it(`${opt} naming the input is refused and the input is unchanged`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['registry', reg, opt, reg]), /also an input/));
    });
    it(`${opt} naming the input through another path (./ and a symlink-free alias) is refused`, async () => {
      await expectUnchanged(s, async () => expectRefused(await run(['registry', 'x.reg', opt, `${s.dir}/adir/../x.reg`], { cwd: s.dir }), /also an input/));
    });
  }
  it('an output that is a symbolic link or a hard link to the input is refused', async () => {
    const { linkSync, symlinkSync } = await import('node:fs');
    symlinkSync(reg, s.path('sym.reg'));
    linkSync(reg, s.path('hard.reg'));
    await expectUnchanged(s, async () => {
      expectRefused(await run(['registry', reg, '--fix-reg', s.path('sym.reg')]), /also an input/);
      expectRefused(await run(['registry', reg, '--html', s.path('hard.reg')]), /also an input/);
    });
  });
  it('--fix-reg and --fix-ps1 naming one file are refused', async () => {
    await expectUnchanged(s, async () => expectRefused(await run(['registry', reg, '--fix-reg', s.path('f'), '--fix-ps1', s.path('f')]), /same file/));
  });
  it('--fix-reg - and --json both on stdout are refused', async () => {
    expectRefused(await run(['registry', reg, '--fix-reg', '-', '--json']), /stdout/);
  });
  for (const opt of ['--fix-reg', '--fix-ps1', '--html']) {
    for (const kind of OUT_KINDS) {
      it(`${opt} ${kind}: exit 2 before any work, nothing written`, async () => {
        await expectUnchanged(s, async () => expectRefused(await run(['registry', reg, opt, s.badOutputs()[kind] as string])));
      });
    }
  }
  it('--fix-reg - writes the .reg to stdout and the report to stderr', async () => {
    const r = await run(['registry', reg, '--fix-reg', '-']);
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\u0000/g, '')).toMatch(/Windows Registry Editor Version 5.00/); // UTF-16LE, as regedit writes
    expect(r.stderr).toMatch(/breaks mail flow/i);
  });
  it('writes fix files atomically (the file is whole) and leaves no temporary file', async () => {
    const r = await run(['registry', reg, '--fix-reg', s.path('fix.reg'), '--fix-ps1', s.path('fix.ps1')]);
    expect(r.code).toBe(1);
    expect(readFileSync(s.path('fix.reg'), 'utf16le')).toMatch(/Windows Registry Editor/);
    expect(Object.keys(s.fingerprint()).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('registry: write failures', () => {
  it('stdout on /dev/full: one line, exit 2, no stack trace', async () => {
    const r = await run(['registry', reg], { stdoutFile: '/dev/full' });
    expectRefused(r, /cannot write to stdout: no space left on device/);
  });
  it('--json on /dev/full: one line, exit 2', async () => {
    expectRefused(await run(['registry', reg, '--json'], { stdoutFile: '/dev/full' }), /stdout/);
  });
  it('a failed stderr write does not turn exit 2 into 1', async () => {
    const r = await run(['registry', s.path('missing')], { stderrFile: '/dev/full' });
    expect(r.code).toBe(2);
    expectNoStack(r);
  });
});
