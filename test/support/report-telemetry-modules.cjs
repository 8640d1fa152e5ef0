// Preloaded into a bot child (NODE_OPTIONS=--require …): when the process exits, prints one JSON line
// naming the OpenTelemetry and Azure Monitor modules it loaded, so a test can tell whether telemetry
// was loaded at all.
'use strict';
const { writeSync } = require('node:fs');

const TELEMETRY =
  /[\\/]node_modules[\\/](?:@opentelemetry|@azure[\\/]monitor-opentelemetry-exporter)[\\/]|[\\/]src[\\/]telemetry[\\/]azure-monitor\./;

process.on('exit', () => {
  const loaded = Object.keys(require.cache).filter((file) => TELEMETRY.test(file));
  writeSync(1, `${JSON.stringify({ telemetryModules: loaded.length, examples: loaded.slice(0, 3) })}\n`);
});
