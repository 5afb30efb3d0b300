// The child processes of a run: each in its own process group (so a dev server's own children
// go with it), its output in a log file, and all of them ended when the driver ends, however it
// ends. Only processes started here are ever signalled, by their process-group id.
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface Child {
  name: string;
  process: ChildProcess;
  logPath: string;
  /** Epoch ms just before spawn. */
  startedAt: number;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<string>;
  /** Calls `listener` with every stdout line (the simulated server's JSON events). */
  onLine(listener: (line: string) => void): void;
  stop(): Promise<void>;
}

const running = new Set<Child>();

function signalGroup(child: Child, signal: NodeJS.Signals) {
  try {
    process.kill(-child.process.pid!, signal);
  } catch {
    // already gone
  }
}

/** Ends every child still running (synchronous: also usable from an 'exit' handler). */
export function killAll(): void {
  for (const child of running) signalGroup(child, 'SIGKILL');
  running.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

export function spawnLogged(options: {
  name: string;
  command: string;
  args: string[];
  logPath: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}): Child {
  const log = createWriteStream(options.logPath);
  const startedAt = Date.now();
  const proc = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.pipe(log, { end: false });
  proc.stderr!.pipe(log, { end: false });
  const listeners: Array<(line: string) => void> = [];
  createInterface(proc.stdout!).on('line', line =>
    listeners.forEach(l => l(line)),
  );
  const exited = new Promise<string>(resolve =>
    proc.on('exit', (code, signal) => {
      running.delete(child);
      setTimeout(() => log.end(), 100);
      resolve(signal ?? String(code));
    }),
  );
  const child: Child = {
    name: options.name,
    process: proc,
    logPath: options.logPath,
    startedAt,
    exited,
    onLine: listener => listeners.push(listener),
    async stop() {
      if (!running.has(child)) return;
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(child);
  return child;
}

/** A free loopback port (bound and released: good enough for a bench on one machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));

/**
 * Polls `probe` every `intervalMs` until it returns a value (not undefined), the child exits, or
 * `timeoutMs` passes (then throws with `what`).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; child?: Child },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let exited: string | undefined;
  options.child?.exited.then(code => (exited = code));
  while (Date.now() < deadline) {
    if (exited !== undefined)
      throw new Error(
        `${
          options.child!.name
        } exited (${exited}) while waiting for ${what}; see ${
          options.child!.logPath
        }`,
      );
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not there yet
    }
    await sleep(options.intervalMs ?? 200);
  }
  throw new Error(
    `timed out after ${options.timeoutMs / 1000} s waiting for ${what}`,
  );
}
