/** Re-reads a configuration only when one of its environment variables changes. */
export function memoizeOnEnv<T>(
  env: Record<string, string | undefined> | undefined,
  names: readonly string[],
  load: (env: Record<string, string | undefined>) => T,
): () => T {
  let cachedKey: string | undefined;
  let cached: T | undefined;
  return () => {
    const source = env ?? process.env;
    let key = "";
    for (const name of names) key += `${source[name] ?? ""}\u0000`;
    if (cached === undefined || key !== cachedKey) {
      cached = load(source);
      cachedKey = key;
    }
    return cached;
  };
}
