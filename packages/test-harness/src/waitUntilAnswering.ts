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
