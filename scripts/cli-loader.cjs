// Loads the bundled CLI (dist/bundle/mailtls.cjs, built by scripts/build-cli.mjs) with its V8 code cache when this Node
// accepts it, so start-up skips parsing and compiling ~1 MB of JavaScript. Exports main() as dist/cli/main.js does.
// CommonJS on purpose (copied to dist/bundle/loader.cjs): bin/mailtls.cjs requires it without starting Node's ESM loader.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const file = join(__dirname, 'mailtls.cjs');
const cacheFile = `${file}.cache`;

function load() {
  // The bundle has no import() (scripts/build-cli.mjs made them require()): a vm.Script needs no module loader hook.
  // It is ASCII (checked by the build), read as latin1: no UTF-8 decoding. The build wrote it already wrapped as a
  // CommonJS function expression, so the source is the file as it is (no 1 MB string concatenation here).
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(readFileSync(file, 'latin1'), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(file), mod, file, __dirname);
  return { exports: mod.exports, script };
}

const loaded = load();

/**
 * The CLI: as dist/cli/main.js's main(). `npm run build` sets MAILTLS_WRITE_CODE_CACHE to write the cache after its run
 * (explain) and two more that register every command and render a help, and with MAILTLS_CACHE_PROBE (an address the
 * build serves on 127.0.0.1) a `probe --ciphers --json` of it: the cache then holds the code those paths compiled, the
 * paths a start always or most often takes (their output goes where the build sends it: nowhere).
 */
async function main(argv) {
  const code = await loaded.exports.main(argv);
  if (process.env.MAILTLS_WRITE_CODE_CACHE === '1') {
    const probe = process.env.MAILTLS_CACHE_PROBE;
    const runs = [['--version'], ['explain', '--help'], ...(probe ? [['probe', probe, '--allow-private', '--ciphers', '--json']] : [])];
    for (const more of runs) await loaded.exports.main([argv[0], argv[1], ...more]);
    writeFileSync(cacheFile, loaded.script.createCachedData());
  }
  return code;
}
exports.main = main;

// `node dist/bundle/loader.cjs <args>`: how the build runs the CLI once to write the cache
if (require.main === module) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
