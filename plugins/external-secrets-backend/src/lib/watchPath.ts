import chokidar from 'chokidar';

/**
 * Calls `onChange` (debounced) whenever a file below `path` is added, changed or removed.
 * Returns a function that stops watching.
 */
export function watchPath(
  path: string,
  onChange: () => void,
  debounceMs = 200,
): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const watcher = chokidar.watch(path, {
    ignoreInitial: true,
    awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 50 },
  });
  watcher.on('all', () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}

/**
 * A file source's life: `read` once now, then again after every change below `path`. The
 * returned function stops watching. Both file sources (a manifests folder, a provider dump)
 * start this way.
 */
export async function readAndWatch(
  path: string,
  read: () => Promise<void>,
): Promise<() => Promise<void>> {
  await read();
  return watchPath(path, () => {
    read();
  });
}
