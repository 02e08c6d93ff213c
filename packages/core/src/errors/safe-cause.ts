import { redactText } from "./redact.ts";

/** A copy of an underlying error that keeps only its name, its (redacted) messages and system code. */
export class SafeCause extends Error {
  /** System error code, e.g. `ECONNREFUSED`. */
  readonly code: string | undefined;

  constructor(name: string, message: string, code: string | undefined) {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/**
 * Flattens an error chain into names, messages and the first system code, so that no request
 * object, header or token held by the original error (or its `cause`) can leak through our errors.
 */
export function safeCause(error: unknown): SafeCause | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const messages: string[] = [];
  let code: string | undefined;
  let current = error as { message?: unknown; code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if (typeof current.message === "string" && current.message) messages.push(current.message);
    if (typeof current.code === "string") code ??= current.code;
    current = (current.cause ?? current.errors?.[0]) as typeof current;
  }
  const name = (error as { name?: unknown }).name;
  return new SafeCause(typeof name === "string" ? name : "Error", redactText(messages.join(": ") || "request failed"), code);
}
