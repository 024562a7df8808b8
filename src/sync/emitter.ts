// A minimal typed event source: `on` returns the unsubscribe.
export function createEmitter<T = void>() {
  const listeners = new Set<(value: T) => void>();
  return {
    emit: (value: T) => {
      for (const l of listeners) l(value);
    },
    on(listener: (value: T) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
