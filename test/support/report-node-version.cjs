// Preloaded into a bot child (NODE_OPTIONS=--require …): prints one JSON line with the version of the
// node running it, so a test can tell which Node the bot really runs on (package.json's engines).
'use strict';
const { writeSync } = require('node:fs');

writeSync(1, `${JSON.stringify({ nodeVersion: process.version })}\n`);
