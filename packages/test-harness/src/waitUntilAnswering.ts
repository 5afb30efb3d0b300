import { ChildProcess } from 'node:child_process';

/**
 * Waits until a server process answers `url` with a 2xx: fails at once with its output when
 * the process exits, and kills it when it does not answer within `timeoutMs`.
 */
export async function waitUntilAnswering(options: {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
  timeoutMs: number;
}): Promise<void> {
  const { name, url, child, output, timeoutMs } = options;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(
    `${name} did not answer within ${timeoutMs / 1000} s:\n${output()}`,
  );
}

/**
 * Supervises a server process just spawned with piped output: keeps the tail of that output
 * for errors, waits until it answers `url` (waitUntilAnswering), and returns its `stop`, which
 * sends SIGTERM, then SIGKILL after `stopTimeoutMs`, and resolves once the process has exited.
 */
export async function superviseServer(options: {
  name: string;
  url: string;
  child: ChildProcess;
  startTimeoutMs: number;
  stopTimeoutMs: number;
}): Promise<() => Promise<void>> {
  const { child } = options;
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  await waitUntilAnswering({
    name: options.name,
    url: options.url,
    child,
    output: () => log,
    timeoutMs: options.startTimeoutMs,
  });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(
        () => child.kill('SIGKILL'),
        options.stopTimeoutMs,
      );
      await exited;
      clearTimeout(timer);
    }
  };
}
