/** A tiny set of change listeners; a throwing listener never stops the others. */
export class ListenerSet<T = void> {
  private readonly listeners = new Set<(event?: T) => void>();

  add(listener: (event?: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(event?: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A consumer's bug must not break the source.
      }
    }
  }
}
