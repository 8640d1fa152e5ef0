// Preloaded (node -r) into the Agents Playground, which has no host flag and would listen on every
// interface: a listen() without a host gets 127.0.0.1, so the demo is reachable from this machine only.
'use strict';
const net = require('node:net');
const listen = net.Server.prototype.listen;
const LOOPBACK = '127.0.0.1';
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  if (
    first !== null &&
    typeof first === 'object' &&
    !Array.isArray(first) &&
    'port' in first &&
    first.host === undefined &&
    first.path === undefined
  ) {
    args[0] = { ...first, host: LOOPBACK };
  } else if ((typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) && typeof second !== 'string') {
    args.splice(1, 0, LOOPBACK);
  }
  return listen.apply(this, args);
};
