#!/usr/bin/env node
// Entry point of the mailtls command: loads the bundled CLI (run `npm run build` after changing src/).
import { main } from '../dist/bundle/main.js';

// `mailtls ... | head`: a closed pipe ends the command quietly, as with any Unix tool.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw e;
  });
}
main(process.argv).then((code) => { process.exitCode = code; });
