/**
 * The stable JSON form of an SDK result: `Date` as ISO strings, `raw` server objects and
 * `undefined` fields dropped, keys in the order the result type declares them.
 */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof URL) return value.toString();
  if (typeof value === "bigint") return Number(value);
  if (value !== null && typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (key === "raw" || field === undefined || typeof field === "function") continue;
      result[key] = toJsonValue(field);
    }
    return result;
  }
  return value;
}

/** Writes a value as pretty JSON followed by a newline on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(toJsonValue(value), null, 2)}\n`);
}
