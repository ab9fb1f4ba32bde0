// Memo tables that live as long as one check: the checking of one object (its rules and its
// summary), or one run of the cross-resource rules. Rules ask for the same pod's containers,
// ports and Pod Security evaluation many times; the answers are kept for that check and dropped
// with it.
//
// They were module-level WeakMaps keyed by the checked objects: long-lived tables whose entries
// pointed at each webhook review's short-lived objects. With them a review promoted twice as
// much to V8's old generation per minor collection (measured, docs/performance.md); a table
// that dies with the check gives the collector nothing old to keep them by.

/** The tables of the current scope, one per memo; undefined outside a scope. */
let scope: Map<ScopedMemo<object, unknown>, Map<object, unknown>> | undefined;

/** Runs `check` with memo tables that are dropped when it returns; a scope inside another shares the outer one's tables. */
export function inMemoScope<T>(check: () => T): T {
  if (scope !== undefined) return check();
  scope = new Map();
  try {
    return check();
  } finally {
    scope = undefined;
  }
}

/** One memo: its values are kept in the current scope's table, and not at all outside a scope. */
export class ScopedMemo<K extends object, V> {
  private table(create: boolean): Map<K, V> | undefined {
    if (scope === undefined) return undefined;
    const self = this as unknown as ScopedMemo<object, unknown>;
    let table = scope.get(self) as Map<K, V> | undefined;
    if (table === undefined && create) {
      table = new Map();
      scope.set(self, table as unknown as Map<object, unknown>);
    }
    return table;
  }

  /** The value kept for `key` in this scope. */
  peek(key: K): V | undefined {
    return this.table(false)?.get(key);
  }

  /** Keeps a value for `key` until the scope ends (nothing outside a scope). */
  set(key: K, value: V): void {
    this.table(true)?.set(key, value);
  }

  /** The kept value for `key`, computed and kept the first time it is asked for in this scope. */
  get(key: K, compute: (key: K) => V): V {
    const table = this.table(true);
    if (table === undefined) return compute(key);
    if (table.has(key)) return table.get(key) as V;
    const value = compute(key);
    table.set(key, value);
    return value;
  }
}
