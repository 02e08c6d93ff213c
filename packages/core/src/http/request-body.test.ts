import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../testing/mock-fetch.ts";
import { hubRequest } from "./hub-request.ts";
import { prepareBody } from "./request-body.ts";

function counted() {
  const state = { pulled: 0 };
  async function* items() {
    for (let index = 0; index < 3; index++) {
      state.pulled++;
      yield { key: "file", value: { path: `f${index}` } };
    }
  }
  return { state, items: items() };
}

const NDJSON = '{"key":"file","value":{"path":"f0"}}\n{"key":"file","value":{"path":"f1"}}\n{"key":"file","value":{"path":"f2"}}\n';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("prepareBody with ndjson", () => {
  it("streams outside browsers: items are pulled as the body is read, not all up front", async () => {
    const { state, items } = counted();
    const prepared = await prepareBody({ ndjson: items });
    expect(prepared.body).toBeInstanceOf(ReadableStream);
    expect(state.pulled).toBeLessThanOrEqual(1); // the stream's queue holds at most one line ahead
    expect(await new Response(prepared.body).text()).toBe(NDJSON);
    expect(prepared).toMatchObject({ contentType: "application/x-ndjson", streamed: true });
  });

  it("is one Blob in a browser, which cannot stream a request body over HTTP/1.1", async () => {
    vi.stubGlobal("document", {});
    const { state, items } = counted();
    const prepared = await prepareBody({ ndjson: items });
    expect(prepared.body).toBeInstanceOf(Blob);
    expect(state.pulled).toBe(3);
    expect(await (prepared.body as Blob).text()).toBe(NDJSON);
    // The items were consumed: such a request is still never retried.
    expect(prepared).toMatchObject({ contentType: "application/x-ndjson", streamed: true });
  });

  it("hubRequest sends the whole NDJSON with its content type in a browser", async () => {
    vi.stubGlobal("document", {});
    let received = "";
    const fetch = mockFetch({
      "POST /api/models/a/b/commit/main": async (request) => {
        expect(request.headers.get("content-type")).toBe("application/x-ndjson");
        received = await request.text();
        return Response.json({ commitOid: "1" });
      },
    });
    await hubRequest(
      { hubUrl: "https://hub.test", fetch },
      { method: "POST", path: "/api/models/a/b/commit/main", ndjson: counted().items },
    );
    expect(received).toBe(NDJSON);
  });
});
