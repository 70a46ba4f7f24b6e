#!/usr/bin/env node
// Entry point of the mailtls command: loads the compiled CLI (run `npm run build` after changing src/).
import { main } from '../dist/cli/main.js';
main(process.argv).then((code) => { process.exitCode = code; });
