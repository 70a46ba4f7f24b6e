#!/usr/bin/env node
// Entry point of the mailtls command: loads the bundled CLI (run `npm run build` after changing src/). CommonJS, so a
// start needs no ES module loader (bin/mailtls.js, the ESM entry, runs this file too).
'use strict';
const { writeSync } = require('node:fs');
const { main } = require('../dist/bundle/loader.cjs');

/** One line on stderr (if stderr still works), never a stack trace unless MAILTLS_DEBUG is set. */
function say(line) {
  try {
    writeSync(2, `mailtls: ${line}\n`);
  } catch {
    /* stderr gone too: the exit status still tells */
  }
}
const reason = (e) =>
  ({ ENOSPC: 'no space left on device', EIO: 'input/output error', EFBIG: 'file too large', EDQUOT: 'disk quota exceeded' })[e?.code] ??
  e?.code ??
  String(e?.message ?? e);

// stdout: a closed pipe (`mailtls ... | head`) ends quietly with the status so far, as with any Unix tool;
// any other failure (a full disk, `> /dev/full`) is one line on stderr and exit 2.
function onStdoutError(e) {
  if (e && e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  say(`cannot write to stdout: ${reason(e)}`);
  process.exit(2);
}
/**
 * Node makes process.stdout and process.stderr on first use (the first loads its stream modules: ~2 ms of a start);
 * `handle` is attached to the stream at that moment, before anything can be written through it, so that a run that
 * never uses one (`--version` and `--help` go straight to fd 1; most runs never write to stderr) does not make it.
 */
function whenMade(name, handle) {
  const given = Object.getOwnPropertyDescriptor(process, name);
  if (!given || typeof given.get !== 'function' || !given.configurable) return void handle(process[name]);
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: given.enumerable,
    get() {
      const s = given.get.call(process);
      Object.defineProperty(process, name, { configurable: true, enumerable: given.enumerable, writable: false, value: s });
      handle(s);
      return s;
    },
  });
}
whenMade('stdout', (s) => s.on('error', onStdoutError));
// stderr: a failed write there must not change the exit status (2 stays 2).
whenMade('stderr', (s) => s.on('error', () => {}));
// the last safety net: one line and exit 2, whatever escaped
for (const ev of ['uncaughtException', 'unhandledRejection']) {
  process.on(ev, (e) => {
    if (process.env.MAILTLS_DEBUG && e instanceof Error)
      try {
        writeSync(2, `${e.stack}\n`);
      } catch {
        /* ignore */
      }
    if (e && e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    say(e && e.code && e.syscall === 'write' ? `cannot write: ${reason(e)}` : `internal error: ${String(e?.message ?? e).split('\n')[0]}`);
    process.exit(2);
  });
}
main(process.argv).then((code) => {
  process.exitCode = code;
  // interrupted (Ctrl-C): what is done was written; work still in flight (a probe waiting for its timeout) is abandoned
  if (code === 130) process.exit(code);
});
