// Loads the bundled CLI (dist/bundle/, built by scripts/build-cli.mjs) with its V8 code cache when this Node accepts it,
// so start-up skips parsing and compiling the JavaScript. Exports main() as dist/cli/main.js does.
// CommonJS on purpose (copied to dist/bundle/loader.cjs): bin/mailtls.cjs requires it without starting Node's ESM loader.
'use strict';
const { accessSync, constants, existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

/** The commands that have a bundle of their own (cmd-<name>.cjs); `worker` is scan's. */
const OWN = new Set(['probe', 'listen', 'send', 'registry', 'logs', 'explain', 'scan', 'lab', 'report']);

/**
 * The bundle a command line needs: `mailtls <command> ...` the command's own (it registers that command alone, as the
 * whole CLI does then too: the same program, less code to read and evaluate), `mailtls --version` the one without
 * commands; anything else (no command, an option first, `help`, a typo) the whole CLI, which lists and suggests them all.
 */
function bundleFor(argv) {
  const cmd = argv[2];
  if (argv.length === 3 && (cmd === '--version' || cmd === '-V')) return 'cmd-version';
  if (cmd === 'worker') return 'cmd-scan';
  return OWN.has(cmd) ? `cmd-${cmd}` : 'mailtls';
}

function load(name) {
  let file = join(__dirname, `${name}.cjs`);
  // (an install without the per-command files, e.g. a bundle built by hand: the whole CLI does everything)
  if (name !== 'mailtls' && !existsSync(file)) file = join(__dirname, 'mailtls.cjs');
  // The bundle has no import() (scripts/build-cli.mjs made them require()): a vm.Script needs no module loader hook.
  // It is ASCII (checked by the build), read as latin1: no UTF-8 decoding. The build wrote it already wrapped as a
  // CommonJS function expression, so the source is the file as it is (no string concatenation here).
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, __dirname);
  // no cache, or one this Node's V8 does not take (another Node version than the build's): written anew after this run
  return { exports: mod.exports, script, file, stale: cachedData === undefined || script.cachedDataRejected === true };
}

/**
 * Writes the code cache of a bundle whose cache was missing or rejected, once, after the run that compiled what it
 * holds: the next start takes it. Beside the bundle only (never a shared directory such as /tmp, where another user
 * could plant one); a directory this user cannot write (a system-wide install) leaves things as they are. Written to a
 * file of its own and renamed, so that a start reading it at that moment sees the old file or the new one, whole.
 */
function refreshCache(b) {
  b.stale = false;
  startFlags();
  const tmp = `${b.file}.cache.${process.pid}.tmp`;
  try {
    accessSync(__dirname, constants.W_OK); // (before making the cache data: that costs a few ms a start)
    writeFileSync(tmp, b.script.createCachedData(), { flag: 'wx', mode: 0o644 });
    renameSync(tmp, `${b.file}.cache`);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
  }
}

/**
 * V8 stamps a code cache with its flags of the moment, and a start takes only a cache stamped with its own: a run that
 * stopped optimizing (the logs command does once its input is read, and says so under this symbol) turns it back on
 * before a cache is made, or every later start would reject the cache and write it again.
 */
function startFlags() {
  const noOpt = Symbol.for('mailtls.stoppedOptimizing');
  if (globalThis[noOpt] !== true) return;
  require('node:v8').setFlagsFromString('--opt');
  globalThis[noOpt] = false;
}

/** Loaded bundles by name (a process that calls main() again, e.g. a test, loads each once). */
const loaded = new Map();

/**
 * The CLI: as dist/cli/main.js's main(). `npm run build` runs each bundle once with MAILTLS_WRITE_CODE_CACHE set to its
 * name, to write its cache after that run: the cache then holds the code the run compiled (its output goes where the
 * build sends it: nowhere). For the whole CLI two more runs register every command and render a help, and with
 * MAILTLS_CACHE_PROBE (an address the build serves on 127.0.0.1) a `probe --ciphers --json` of it.
 */
async function main(argv) {
  const writing = process.env.MAILTLS_WRITE_CODE_CACHE;
  const name = writing && writing !== '1' ? writing : bundleFor(argv);
  let b = loaded.get(name);
  if (!b) loaded.set(name, (b = load(name)));
  const code = await b.exports.main(argv);
  if (writing) {
    const probe = process.env.MAILTLS_CACHE_PROBE;
    if (name === 'mailtls') {
      const runs = [['--version'], ['explain', '--help'], ...(probe ? [['probe', probe, '--allow-private', '--ciphers', '--json']] : [])];
      for (const more of runs) await b.exports.main([argv[0], argv[1], ...more]);
    }
    startFlags();
    writeFileSync(`${b.file}.cache`, b.script.createCachedData());
  } else if (b.stale) refreshCache(b);
  return code;
}
exports.main = main;

// `node dist/bundle/loader.cjs <args>`: how the build runs the CLI once to write a cache
if (require.main === module) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
