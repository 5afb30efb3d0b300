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
