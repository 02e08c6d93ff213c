import type { HubOptions } from "../options.ts";

// Topics already written with console.warn (created on first use: no work at import time).
let warnedTopics: Set<string> | undefined;

/**
 * Passes each `X-HF-Warning: topic; message` of an answer to `onWarning`, or, without one, writes
 * each topic once per process with `console.warn`, as the Python client logs it. Several headers
 * arrive joined by `, `: a new warning starts where a comma is followed by `topic;`.
 */
export function reportServerWarnings(headers: Headers, url: string | (() => string), onWarning: HubOptions["onWarning"]): void {
  const value = headers.get("x-hf-warning");
  if (!value) return;
  // The redacted URL is built only when there is a warning to report (most answers have none).
  const where = typeof url === "function" ? url() : url;
  for (const warning of value.split(/,\s*(?=[\w.-]*\s*;)/)) {
    const separator = warning.indexOf(";");
    const topic = separator < 0 ? "" : warning.slice(0, separator).trim();
    const message = (separator < 0 ? warning : warning.slice(separator + 1)).trim();
    if (!message) continue;
    if (onWarning) onWarning({ topic, message, url: where });
    else if (!(warnedTopics ??= new Set()).has(topic)) {
      warnedTopics.add(topic);
      console.warn(`Hub warning: ${message}`);
    }
  }
}
