// Core's proxy support (`@hub/core/node`), tested here through the published entries: the forward proxy
// comes from `@hub/server/testing`, and `@hub/core` must not depend on the server (the server uses core).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startTestProxy, type TestProxy } from "@hub/server/testing";
import { afterEach, describe, expect, it } from "vitest";
import { hubRequest } from "@hub/core";
import { envProxyDispatcher, envProxySettings } from "@hub/core/node";

const servers: Server[] = [];
const proxies: TestProxy[] = [];
const PROXY_VARIABLES = ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"];
const savedEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, process.env[name]]));

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The shared test proxy, closed after each test like the origins. */
async function startProxy(): Promise<TestProxy> {
  const proxy = await startTestProxy();
  proxies.push(proxy);
  return proxy;
}

async function startOrigin(): Promise<string> {
  const origin = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ path: request.url, authorization: request.headers.authorization ?? null }));
  });
  return `http://${await listen(origin)}`;
}

afterEach(async () => {
  for (const name of PROXY_VARIABLES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  for (const proxy of proxies.splice(0)) await proxy.close();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function clearProxyEnv(): void {
  for (const name of PROXY_VARIABLES) delete process.env[name];
}

describe("proxy from the environment", () => {
  it("reads the variables as curl does, lower case first", () => {
    expect(envProxySettings({ HTTPS_PROXY: "http://a:1", https_proxy: "http://b:2", NO_PROXY: "x" })).toEqual({
      httpsProxy: "http://b:2",
      httpProxy: undefined,
      noProxy: "x",
    });
    expect(envProxyDispatcher({})).toBeUndefined();
  });

  it("sends hubRequest through HTTP_PROXY, token included, and keeps one dispatcher while the variables stay", async () => {
    clearProxyEnv();
    const hubUrl = await startOrigin();
    const proxy = await startProxy();
    process.env.HTTP_PROXY = proxy.url;
    const answer = await hubRequest<{ path: string; authorization: string }>(
      { hubUrl, accessToken: "hf_secret" },
      { path: "/api/whoami-v2" },
    );
    expect(answer).toEqual({ path: "/api/whoami-v2", authorization: "Bearer hf_secret" });
    expect(proxy.seen).toEqual([`CONNECT ${new URL(hubUrl).host}`]);
    expect(envProxyDispatcher()).toBe(envProxyDispatcher());
  });

  it("goes straight to hosts listed in NO_PROXY", async () => {
    clearProxyEnv();
    const hubUrl = await startOrigin();
    const proxy = await startProxy();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = "127.0.0.1";
    await hubRequest({ hubUrl }, { path: "/api/models" });
    expect(proxy.seen).toEqual([]);
  });

  it("uses the caller's dispatcher, and no environment proxy with the caller's fetch", async () => {
    clearProxyEnv();
    const hubUrl = await startOrigin();
    const proxy = await startProxy();
    const { ProxyAgent } = await import("undici");
    const dispatcher = new ProxyAgent(proxy.url);
    await hubRequest({ hubUrl, dispatcher }, { path: "/one" });
    expect(proxy.seen).toEqual([`CONNECT ${new URL(hubUrl).host}`]);
    await dispatcher.close();
    process.env.HTTP_PROXY = "http://127.0.0.1:9";
    const calls: unknown[] = [];
    const ownFetch: typeof fetch = (input, init) => {
      calls.push((init as { dispatcher?: unknown } | undefined)?.dispatcher);
      return fetch(input, init);
    };
    await hubRequest({ hubUrl, fetch: ownFetch }, { path: "/two" });
    expect(calls).toEqual([undefined]);
  });
});
