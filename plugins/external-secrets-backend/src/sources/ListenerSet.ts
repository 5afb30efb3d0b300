/** A tiny set of change listeners; a throwing listener never stops the others. */
export class ListenerSet {
  private readonly listeners = new Set<() => void>();

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(): void {
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A consumer's bug must not break the source.
      }
    }
  }
}
