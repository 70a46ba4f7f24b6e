#!/usr/bin/env node
// The mailtls command as an ES module entry, for scripts that run bin/mailtls.js: the same as bin/mailtls.cjs (what
// package.json's "bin" names, started without Node's ES module loader, a few ms faster).
import './mailtls.cjs';
