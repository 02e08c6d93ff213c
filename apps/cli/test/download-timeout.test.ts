import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, commitFile, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let front: Server;
let frontUrl: string;
const held = new Set<ServerResponse>();

beforeAll(async () => {
  fixture = await startCliFixture();
  await fixture.hub(["repo", "create", "alice/slow"], { env: { HF_TOKEN: fixture.server.tokens.alice } });
  await commitFile(fixture, fixture.server.tokens.alice, "alice/slow", "notes.txt", "hello\n");
  // In front of the server: everything passes through, except the file transfers (GET .../resolve/...),
  // which are never answered, as a Hub whose storage hangs.
  front = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === "GET" && request.url?.includes("/resolve/")) {
      held.add(response);
      return;
    }
    void forward(request, response);
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as { port: number }).port}`;
});
afterAll(async () => {
  for (const response of held) response.destroy();
  front?.closeAllConnections();
  await new Promise((resolve) => front?.close(resolve));
  await fixture?.close();
});

async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string" && name !== "host") headers.set(name, value);
  const answer = await fetch(`${fixture.server.url}${request.url}`, { method: request.method, headers, redirect: "manual" });
  response.writeHead(answer.status, Object.fromEntries(answer.headers));
  response.end(Buffer.from(await answer.arrayBuffer()));
}

describe("HF_HUB_DOWNLOAD_TIMEOUT", () => {
  it("bounds the wait for a transfer that never answers: the download fails with a timeout (exit 2)", async () => {
    const started = Date.now();
    const run = await fixture.hub(["download", "alice/slow", "notes.txt"], {
      env: { HF_ENDPOINT: frontUrl, HF_HUB_DOWNLOAD_TIMEOUT: "1" },
    });
    const elapsed = Date.now() - started;
    expect(run.code).toBe(2);
    // The advice describeError gives a HubTimeoutError only, with the configured timeout in the message.
    expect(run.stderr).toMatch(
      /^Error: Download of notes\.txt failed: Request timed out after 1000 ms \(GET .*\/resolve\/.*notes\.txt\)\. The Hub did not answer in time; retry later\.\n$/m,
    );
    expect(run.stderr).toMatch(/^No answer from http:\/\/127\.0\.0\.1:\d+ in time, retrying in \d+s \(attempt 2 of 5\)\.\.\.$/m);
    expect(run.stdout).toBe("");
    // Five attempts of 1 s plus backoff; the default (30 s per attempt) would take minutes.
    expect(elapsed).toBeLessThan(60_000);
  });
});
