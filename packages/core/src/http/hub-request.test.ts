import { describe, expect, it } from "vitest";
import { isHubError } from "../errors/hub-error.ts";
import { RepositoryNotFoundError } from "../errors/http-error-classes.ts";
import { HubHttpError } from "../errors/hub-http-error.ts";
import { mockFetch } from "../testing/mock-fetch.ts";
import { hubRequest } from "./hub-request.ts";

const TOKEN = "hf_secretsecretsecretsecret0000";
const HUB = "https://hub.test";

describe("hubRequest", () => {
  it("joins the path to hubUrl, serialises search params and parses JSON", async () => {
    const fetch = mockFetch({ "GET /api/models": () => Response.json([{ id: "a" }]) });
    const result = await hubRequest<{ id: string }[]>(
      { hubUrl: `${HUB}/`, fetch },
      { path: "/api/models", searchParams: { filter: ["a", "b"], full: true, limit: 2, skip: undefined, none: null, sort: false } },
    );
    expect(result).toEqual([{ id: "a" }]);
    expect(fetch.calls[0]?.url).toBe(`${HUB}/api/models?filter=a&filter=b&full=true&limit=2&sort=false`);
    expect(fetch.calls[0]?.request.headers.get("accept")).toBe("application/json");
  });

  it("sends JSON bodies, and text/void/response types", async () => {
    let received: unknown;
    const fetch = mockFetch({
      "POST /api/repos/create": async (request) => {
        received = { type: request.headers.get("content-type"), body: await request.json() };
        return Response.json({ url: "u" });
      },
      "DELETE /api/repos/delete": () => new Response("OK"),
      "GET /raw": () => new Response("streamed"),
    });
    expect(await hubRequest({ hubUrl: HUB, fetch }, { method: "post", path: "/api/repos/create", json: { name: "x" } })).toEqual({
      url: "u",
    });
    expect(received).toEqual({ type: "application/json", body: { name: "x" } });
    expect(await hubRequest({ hubUrl: HUB, fetch }, { method: "DELETE", path: "/api/repos/delete", responseType: "text" })).toBe("OK");
    expect(await hubRequest({ hubUrl: HUB, fetch }, { method: "DELETE", path: "/api/repos/delete", responseType: "void" })).toBeUndefined();
    const response = await hubRequest({ hubUrl: HUB, fetch }, { path: "/raw", responseType: "response" });
    expect(await response.text()).toBe("streamed");
  });

  it("sends the token to the Hub origin only", async () => {
    const fetch = mockFetch({
      "GET /api/whoami-v2": () => Response.json({}),
      "PUT https://storage.test/*": () => new Response(null, { status: 200 }),
    });
    await hubRequest({ hubUrl: HUB, fetch, accessToken: TOKEN }, { path: "/api/whoami-v2" });
    await hubRequest(
      { hubUrl: HUB, fetch, accessToken: TOKEN },
      { method: "PUT", url: "https://storage.test/upload?x=1", body: "bytes", responseType: "void" },
    );
    await hubRequest(
      { hubUrl: HUB, fetch, accessToken: TOKEN },
      { method: "PUT", url: "https://hub.test.evil.test/x", responseType: "void" },
    ).catch(() => undefined);
    expect(fetch.calls.map((call) => call.request.headers.get("authorization"))).toEqual([`Bearer ${TOKEN}`, null, null]);
  });

  it("sends a user agent outside browsers", async () => {
    const fetch = mockFetch({ "GET /x": () => Response.json(1) });
    await hubRequest({ hubUrl: HUB, fetch, userAgent: "my-app/1.0" }, { path: "/x" });
    expect(fetch.calls[0]?.request.headers.get("user-agent")).toMatch(/^my-app\/1\.0; @hub\/sdk; core\/\d/);
  });

  it("throws the typed error for non-2xx answers, without the token anywhere", async () => {
    const fetch = mockFetch({
      "GET /api/models/alice/x": () =>
        Response.json(
          { error: "Repository not found" },
          { status: 404, headers: { "x-error-code": "RepoNotFound", "x-request-id": "01HABC" } },
        ),
    });
    const error = await hubRequest({ hubUrl: HUB, fetch, accessToken: TOKEN }, { path: "/api/models/alice/x" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RepositoryNotFoundError);
    expect(isHubError(error)).toBe(true);
    const httpError = error as HubHttpError;
    expect(httpError.message).toBe("Repository not found: alice/x (404 RepoNotFound, GET /api/models/alice/x, request 01HABC)");
    for (const text of [String(error), httpError.stack, JSON.stringify(error), String(httpError.cause)]) expect(text).not.toContain(TOKEN);
    expect(httpError.cause).toBeUndefined();
  });

  it("redacts token-like query values in error URLs", async () => {
    const fetch = mockFetch({ "GET /x": () => new Response("no", { status: 403 }) });
    const error = (await hubRequest({ hubUrl: HUB, fetch }, { path: "/x", searchParams: { token: TOKEN, q: "a" } }).catch(
      (e: unknown) => e,
    )) as HubHttpError;
    expect(error).toBeInstanceOf(HubHttpError);
    expect(error.url).toBe(`${HUB}/x?token=REDACTED&q=a`);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it("streams an ndjson body line by line from an async iterable", async () => {
    let pulled = 0;
    async function* operations() {
      for (let index = 0; index < 3; index++) {
        pulled++;
        yield { key: "file", value: { path: `f${index}` } };
      }
    }
    let body = "";
    let contentType: string | null = null;
    const fetch = mockFetch({
      "POST /api/models/a/b/commit/main": async (request) => {
        contentType = request.headers.get("content-type");
        expect(request.body).toBeInstanceOf(ReadableStream);
        body = await request.text();
        return Response.json({ commitOid: "1" });
      },
    });
    const promise = hubRequest(
      { hubUrl: HUB, fetch, retry: { attempts: 3 } },
      { method: "POST", path: "/api/models/a/b/commit/main", ndjson: operations() },
    );
    expect(pulled).toBe(0);
    await promise;
    expect(contentType).toBe("application/x-ndjson");
    expect(body).toBe('{"key":"file","value":{"path":"f0"}}\n{"key":"file","value":{"path":"f1"}}\n{"key":"file","value":{"path":"f2"}}\n');
  });

  it("rejects with the signal's reason when aborted before sending", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const fetch = mockFetch({ "GET /x": () => Response.json(1) });
    await expect(hubRequest({ hubUrl: HUB, fetch, signal: controller.signal }, { path: "/x" })).rejects.toThrow("stop");
    expect(fetch.calls).toHaveLength(0);
  });
});
