/**
 * A typed registry of named extensions (Medusa-style links: a module declares what others may
 * plug in, src/links/ registers the pieces at boot). Registering again under a name replaces the
 * earlier one, so building another app context in the same process is harmless.
 */
export type Registry<E extends { name: string }> = {
  register(extension: E): void;
  unregister(name: string): void;
  get(name: string): E | undefined;
  /** In registration order. */
  list(): E[];
};

export function createRegistry<E extends { name: string }>(): Registry<E> {
  const items = new Map<string, E>();
  return {
    register(extension) {
      items.set(extension.name, extension);
    },
    unregister(name) {
      items.delete(name);
    },
    get: (name) => items.get(name),
    list: () => [...items.values()],
  };
}
