/**
 * A lazy load shared by every caller: `load` runs on the first call and its promise is given to
 * every call after. A load that fails is forgotten, so the next call tries again (a chunk that
 * did not arrive, then "Reload this panel").
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (loading) return loading;
    const current = load();
    current.catch(() => {
      if (loading === current) loading = undefined;
    });
    return (loading = current);
  };
}
