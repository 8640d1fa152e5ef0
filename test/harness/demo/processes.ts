// Child processes of the demo and the e2e harness. Each runs in its own process group so that
// stopping it also stops whatever it spawned; its group is SIGKILLed when this process exits, and
// the child itself watches for our death (exit-with-parent.cjs) in case we are killed outright.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export const EXIT_WITH_PARENT = path.join(__dirname, 'exit-with-parent.cjs');

export interface ChildOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Output of the child is appended here (and kept in memory for error messages). */
  logFile?: string;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  /** The last lines the child wrote (stdout and stderr). */
  tail(lines?: number): string[];
  /** Resolves with the first match of `pattern` in the child's output (stdout and stderr). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<Exit>;
  isRunning(): boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  kill(): void;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

export function startChild(name: string, command: string, args: string[], options: ChildOptions): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name} could not be started (${command})`);
  const pid = child.pid;
  const lines: string[] = [];
  let text = '';
  const waiters = new Set<() => void>();
  let log: WriteStream | null = null;
  if (options.logFile) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'a' });
  }
  const onData = (chunk: Buffer) => {
    const s = chunk.toString('utf8');
    log?.write(s);
    // Keep a bounded window: enough for ready markers and error messages, not the whole log.
    text = (text + s).slice(-64 * 1024);
    lines.push(...s.split('\n').filter((l) => l.trim() !== ''));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
    for (const wake of waiters) wake();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  let running = true;
  const killOnExit = () => signalGroup(pid, 'SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      // The leader is gone; anything it left in its group goes too.
      signalGroup(pid, 'SIGKILL');
      process.off('exit', killOnExit);
      log?.end();
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });

  return {
    name,
    pid,
    exited,
    isRunning: () => running,
    tail: (n = 20) => lines.slice(-n),
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`${name} was not ready within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
        const finish = (error: Error | null, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(match as RegExpMatchArray);
        };
        const check = () => {
          const match = pattern.exec(text);
          if (match) finish(null, match);
          else if (!running) finish(new Error(`${name} exited before it was ready`));
        };
        waiters.add(check);
        check();
      });
    },
    async stop(graceMs = 5000) {
      if (!running) return;
      signalGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    kill: () => signalGroup(pid, 'SIGKILL'),
  };
}

/** Live (not zombie) process ids below `root`, from /proc (Linux): for checks that nothing is left behind. */
export function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.state !== 'Z') parents.set(Number(entry), stat.ppid);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [pid, ppid] of parents) {
      if (ppid === parent && !found.includes(pid)) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

/** True while the process exists and is not a zombie (a reaped-late zombie runs nothing). */
export function isAlive(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z';
}

function procStat(pid: number): { state: string; ppid: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; the fields after it are fixed.
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state as string, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/**
 * Calls `onGone` once any of our nearest `levels` ancestors has exited. `npm run` and `tsx` do not
 * pass SIGTERM on to us (npm exits and leaves us running), so the demo watches its launchers.
 */
export function watchLaunchers(levels: number, onGone: (pid: number) => void): () => void {
  const chain: number[] = [];
  for (let pid = process.ppid; chain.length < levels && pid > 1;) {
    chain.push(pid);
    pid = procStat(pid)?.ppid ?? 0;
  }
  const timer = setInterval(() => {
    const gone = chain.find((pid) => !isAlive(pid));
    if (gone !== undefined) {
      clearInterval(timer);
      onGone(gone);
    }
  }, 500);
  timer.unref();
  return () => clearInterval(timer);
}
