import { Writable } from "node:stream";
import { HubNetworkError, HubTimeoutError } from "@hub/sdk";
import { describe, expect, it } from "vitest";
import { createRetryStatus, describeRetry } from "./retry-status.ts";

const base = { attempts: 5, method: "GET", url: "http://127.0.0.1:7860/api/models/alice/x?expand=sha" };

function stream(isTTY: boolean) {
  let text = "";
  const output = new Writable({ write: (chunk, _encoding, done) => ((text += String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(output, { isTTY });
  return { output, text: () => text };
}

describe("retry status", () => {
  it("says why, where, when and which attempt", () => {
    const refused = new HubNetworkError("GET", base.url, Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    expect(describeRetry({ ...base, attempt: 2, delay: 1_400, error: refused })).toBe(
      "Connection refused by http://127.0.0.1:7860, retrying in 1s (attempt 2 of 5)...",
    );
    const reset = new HubNetworkError("GET", base.url, Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    expect(describeRetry({ ...base, attempt: 3, delay: 3_600, error: reset })).toBe(
      "Connection to http://127.0.0.1:7860 failed (ECONNRESET), retrying in 4s (attempt 3 of 5)...",
    );
    expect(describeRetry({ ...base, attempt: 2, delay: 10, error: new HubTimeoutError("timed out", 1000) })).toBe(
      "No answer from http://127.0.0.1:7860 in time, retrying in 1s (attempt 2 of 5)...",
    );
    expect(describeRetry({ ...base, attempt: 2, delay: 61_000, status: 429 })).toBe(
      "Rate limited by http://127.0.0.1:7860, retrying in 61s (attempt 2 of 5)...",
    );
    expect(describeRetry({ ...base, attempt: 4, delay: 2_000, status: 503 })).toBe(
      "http://127.0.0.1:7860 answered 503, retrying in 2s (attempt 4 of 5)...",
    );
  });

  it("updates one line in place on a terminal, writes plain lines elsewhere", () => {
    const terminal = stream(true);
    const onTerminal = createRetryStatus(terminal.output);
    onTerminal({ ...base, attempt: 2, delay: 1_000, status: 503 });
    onTerminal({ ...base, attempt: 3, delay: 2_000, status: 503 });
    expect(terminal.text()).toBe(
      "\r\x1b[Khttp://127.0.0.1:7860 answered 503, retrying in 1s (attempt 2 of 5)...\n\x1b[1A\r\x1b[Khttp://127.0.0.1:7860 answered 503, retrying in 2s (attempt 3 of 5)...\n",
    );
    const piped = stream(false);
    createRetryStatus(piped.output)({ ...base, attempt: 2, delay: 1_000, status: 502 });
    expect(piped.text()).toBe("http://127.0.0.1:7860 answered 502, retrying in 1s (attempt 2 of 5)...\n");
  });
});
