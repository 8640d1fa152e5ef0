// Preloaded (node -r) into the demo's child processes: if the process that started us dies without
// stopping us (SIGKILL, crash), we are re-parented; then we stop too instead of lingering.
'use strict';
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid !== parent) {
    process.kill(process.pid, 'SIGTERM');
    // A process that ignores SIGTERM (or hangs draining) still goes.
    setTimeout(() => process.exit(1), 5000).unref();
    clearInterval(timer);
  }
}, 1000);
timer.unref();
