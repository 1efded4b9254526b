/** Both drivers give timestamptz as Date; JSON columns hold strings. Either way: RFC 3339 in UTC. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

/** Drops null and undefined fields, so absent columns are absent on the wire. */
export function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== null && field !== undefined),
  ) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
