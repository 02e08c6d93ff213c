import { redactText } from "./redact.ts";

/** A copy of an underlying error that keeps only its name, redacted message and system code. */
export class SafeCause extends Error {
  /** System error code, e.g. `ECONNREFUSED`. */
  readonly code: string | undefined;

  constructor(name: string, message: string, code: string | undefined, cause: SafeCause | undefined) {
    super(message, cause ? { cause } : undefined);
    this.name = name;
    this.code = code;
  }
}

/**
 * Rebuilds an error chain from names, messages and codes only, so that no request object, header
 * or token held by the original error (or its `cause`) can leak through our errors.
 */
export function safeCause(error: unknown, depth = 0): SafeCause | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const record = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  const inner = safeCause(record.cause ?? (Array.isArray(record.errors) ? record.errors[0] : undefined), depth + 1);
  const code = typeof record.code === "string" ? record.code : inner?.code;
  const name = typeof record.name === "string" ? record.name : "Error";
  return new SafeCause(name, redactText(typeof record.message === "string" ? record.message : String(error)), code, inner);
}
