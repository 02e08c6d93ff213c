import { redactText } from "./redact.ts";

/**
 * A copy of an error chain that keeps only the first name, the (redacted) messages and the first
 * system code (`ECONNREFUSED`), so that no request object, header or token held by the original
 * error (or its `cause`) can leak through our errors.
 */
export function safeCause(error: unknown): (Error & { code: string | undefined }) | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const messages: string[] = [];
  let code: string | undefined;
  let current = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if (typeof current.message === "string" && current.message) messages.push(current.message);
    if (typeof current.code === "string") code ??= current.code;
    current = (current.cause ?? current.errors?.[0]) as typeof current;
  }
  const { name } = error as { name?: unknown };
  return Object.assign(new Error(redactText(messages.join(": ") || "request failed")), {
    name: typeof name === "string" ? name : "Error",
    code,
  });
}
