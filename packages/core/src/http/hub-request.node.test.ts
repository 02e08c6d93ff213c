import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { HubNetworkError } from "../errors/hub-network-error.ts";
import { HubTimeoutError } from "../errors/hub-timeout-error.ts";
import { hubRequest } from "./hub-request.ts";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const servers: Server[] = [];

async function startServer(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe("hubRequest over real HTTP", () => {
  it("reports ECONNREFUSED and retries even a POST, since the server never saw it", async () => {
    const hubUrl = await startServer(() => undefined);
    const closing = servers.pop() as Server;
    await new Promise((resolve) => closing.close(resolve));
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const error = (await hubRequest(
      { hubUrl, fetch: counting, retry: { attempts: 3, baseDelay: 1 } },
      { method: "POST", path: "/api/repos/create", json: {} },
    ).catch((caught: unknown) => caught)) as HubNetworkError;
    expect(error).toBeInstanceOf(HubNetworkError);
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toContain("ECONNREFUSED");
    expect(attempts).toBe(3);
  });

  it("streams an ndjson body: the server reads the first line before the last one exists", async () => {
    let firstLineSeen!: () => void;
    const firstLine = new Promise<void>((resolve) => {
      firstLineSeen = resolve;
    });
    let transferEncoding: string | undefined;
    const hubUrl = await startServer((request, response) => {
      transferEncoding = request.headers["transfer-encoding"];
      let text = "";
      request.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        if (text.includes("\n")) firstLineSeen();
      });
      request.on("end", () => {
        response.setHeader("content-type", "application/json");
        response.end(
          JSON.stringify({
            lines: text
              .trim()
              .split("\n")
              .map((line) => JSON.parse(line) as unknown),
          }),
        );
      });
    });
    async function* operations() {
      yield { key: "header", value: { summary: "s" } };
      await firstLine;
      yield { key: "file", value: { path: "a.txt" } };
    }
    const result = await hubRequest<{ lines: unknown[] }>(
      { hubUrl },
      { method: "POST", path: "/api/models/a/b/commit/main", ndjson: operations() },
    );
    expect(result.lines).toEqual([
      { key: "header", value: { summary: "s" } },
      { key: "file", value: { path: "a.txt" } },
    ]);
    expect(transferEncoding).toBe("chunked");
  });

  it("times out a request the server never answers", async () => {
    const hubUrl = await startServer(() => undefined);
    const error = await hubRequest({ hubUrl, timeout: 100, retry: false }, { path: "/slow" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HubTimeoutError);
  });

  it("aborts an in-flight request with the signal's reason", async () => {
    const hubUrl = await startServer(() => undefined);
    const controller = new AbortController();
    const promise = hubRequest({ hubUrl, signal: controller.signal }, { path: "/slow" });
    setTimeout(() => controller.abort(new Error("user cancelled")), 20);
    await expect(promise).rejects.toThrow("user cancelled");
  });

  it("sends the bearer token and user agent on the Hub origin", async () => {
    let headers: IncomingMessage["headers"] = {};
    const hubUrl = await startServer((request, response) => {
      headers = request.headers;
      response.end("[]");
    });
    await hubRequest({ hubUrl, accessToken: "hf_test_token_value" }, { path: "/api/models" });
    expect(headers.authorization).toBe("Bearer hf_test_token_value");
    expect(headers["user-agent"]).toMatch(/^@hub\/sdk; core\/[^;]+; Node\.js\/20/);
  });

  describe("redirect", () => {
    async function cdnAndHub() {
      const seen = { cdn: 0, cdnAuthorization: undefined as string | undefined };
      const cdn = await startServer((request, response) => {
        seen.cdn++;
        seen.cdnAuthorization = request.headers.authorization;
        response.end("from the cdn");
      });
      const hubUrl = await startServer((_request, response) => {
        response.writeHead(302, { location: `${cdn}/signed?x=1`, "x-linked-size": "12" });
        response.end();
      });
      return { hubUrl, cdn, seen };
    }

    it("'manual' returns the 3xx answer itself, with its headers, and never contacts the other host", async () => {
      const { hubUrl, cdn, seen } = await cdnAndHub();
      const response = await hubRequest(
        { hubUrl, accessToken: "hf_secret_value" },
        { method: "HEAD", path: "/file", responseType: "response", redirect: "manual" },
      );
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`${cdn}/signed?x=1`);
      expect(response.headers.get("x-linked-size")).toBe("12");
      expect(seen.cdn).toBe(0);
    });

    it("follows by default, without the token on the other origin", async () => {
      const { hubUrl, seen } = await cdnAndHub();
      const text = await hubRequest({ hubUrl, accessToken: "hf_secret_value" }, { path: "/file", responseType: "text" });
      expect(text).toBe("from the cdn");
      expect(seen.cdn).toBe(1);
      expect(seen.cdnAuthorization).toBeUndefined();
    });

    it("'manual' still turns an error status into a typed error", async () => {
      const hubUrl = await startServer((_request, response) => {
        response.writeHead(404, { "x-error-code": "EntryNotFound" });
        response.end();
      });
      await expect(
        hubRequest({ hubUrl, retry: false }, { method: "HEAD", path: "/missing", responseType: "response", redirect: "manual" }),
      ).rejects.toMatchObject({ status: 404 });
    });
  });
});

describe("hubRequest redirect: 'manual' where the runtime hides redirects", () => {
  it("repeats the request following the redirect when the answer is an opaqueredirect (browsers)", async () => {
    const modes: RequestRedirect[] = [];
    const browserLike: typeof fetch = async (input) => {
      const request = input as Request;
      modes.push(request.redirect);
      if (request.redirect === "manual") {
        // What a browser answers: no status, no headers, type "opaqueredirect".
        const opaque = new Response(null, { status: 200 });
        Object.defineProperties(opaque, { type: { value: "opaqueredirect" }, status: { value: 0 }, ok: { value: false } });
        return opaque;
      }
      return new Response("final", { status: 200 });
    };
    const text = await hubRequest(
      { hubUrl: "https://hub.example", fetch: browserLike, retry: false },
      { path: "/file", responseType: "text", redirect: "manual" },
    );
    expect(text).toBe("final");
    expect(modes).toEqual(["manual", "follow"]);
  });
});
