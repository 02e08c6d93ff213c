/** What an aborted operation rejects with: the signal's reason, or a `DOMException` named `AbortError`. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * Throws the abort reason when `signal` is aborted.
 * @throws the signal's reason (or a `DOMException` named `AbortError`).
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** True when `error` comes from an abort (`AbortError` or the given aborted signal's reason). */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted && error === signal.reason) return true;
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}
