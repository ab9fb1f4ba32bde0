// Memoizing pure functions of strings: manifests repeat the same images and quantities
// thousands of times. Results must be treated as immutable by callers.

/** Caches results by input text; forgets everything once `limit` entries are held. */
export function memoizeText<T>(compute: (text: string) => T, limit = 10_000): (text: string) => T {
  let cache = new Map<string, T>();
  return (text: string): T => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    const value = compute(text);
    if (cache.size >= limit) cache = new Map();
    cache.set(text, value);
    return value;
  };
}
