/**
 * Items grouped by a key, each group in the items' order; items without a key are in no group.
 * One helper for every index built by key (schedule conflicts, report sources), so they all treat
 * a missing key the same way.
 */
export function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
