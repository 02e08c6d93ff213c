import { type HubRetry, HubNetworkError, HubTimeoutError } from "@hub/sdk";

/** What a retry looks like to a user: `Connection refused by http://host:port, retrying in 2s (attempt 2 of 5)...`. */
export function describeRetry(retry: HubRetry): string {
  let origin: string;
  try {
    origin = new URL(retry.url).origin;
  } catch {
    origin = retry.url;
  }
  const seconds = Math.max(1, Math.round(retry.delay / 1000));
  return `${retryCause(retry, origin)}, retrying in ${seconds}s (attempt ${retry.attempt} of ${retry.attempts})...`;
}

function retryCause(retry: HubRetry, origin: string): string {
  const { error, status } = retry;
  if (error instanceof HubTimeoutError) return `No answer from ${origin} in time`;
  if (error instanceof HubNetworkError) {
    if (error.code === "ECONNREFUSED") return `Connection refused by ${origin}`;
    return `Connection to ${origin} failed${error.code ? ` (${error.code})` : ""}`;
  }
  if (status === 429) return `Rate limited by ${origin}`;
  return `${origin} answered ${status ?? "with an error"}`;
}

/**
 * An `onRetry` that shows each retry on stderr (never stdout, so `--json` output stays clean): on a
 * terminal the retries of one request update a single status line in place; elsewhere each retry is
 * one plain line.
 */
export function createRetryStatus(stream: NodeJS.WriteStream = process.stderr): (retry: HubRetry) => void {
  return (retry) => {
    const line = describeRetry(retry);
    if (stream.isTTY !== true) return void stream.write(`${line}\n`);
    // The line of the previous retry of the same request is the one just above the cursor.
    const up = retry.attempt > 2 ? "\x1b[1A" : "";
    stream.write(`${up}\r\x1b[K${line}\n`);
  };
}
