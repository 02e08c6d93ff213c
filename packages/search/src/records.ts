/** Whether a value is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value if it is a string, else `undefined`. */
export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value if it is a number, else `undefined`. */
export function optionalNumber(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** A `Date` from an ISO string, else `undefined`. */
export function optionalDate(value: unknown): Date | undefined {
  return typeof value === "string" ? new Date(value) : undefined;
}

/** The strings of an array, else `undefined`. */
export function optionalStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
}
