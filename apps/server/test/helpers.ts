import { startTestServer, type TestServer } from "../src/testing.ts";

/** A test server plus small request helpers. */
export interface Harness extends TestServer {
  request(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  createRepo(name: string, options?: { token?: string; type?: string; private?: boolean; sdk?: string }): Promise<string>;
  commit(repo: string, lines: unknown[], options?: { token?: string; revision?: string; query?: string; type?: string }): Promise<Response>;
}

/** Starts a test server with request helpers bound to it. */
export async function startHarness(options: Parameters<typeof startTestServer>[0] = {}): Promise<Harness> {
  const server = await startTestServer(options);
  const request: Harness["request"] = (path, init = {}) => {
    const { token, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    let body = rest.body;
    if (json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(json);
    }
    return fetch(`${server.url}${path}`, { ...rest, headers, body });
  };
  return {
    ...server,
    request,
    async createRepo(fullName, options = {}) {
      const [organization, name] = fullName.split("/");
      const response = await request("/api/repos/create", {
        method: "POST",
        token: options.token ?? server.tokens.alice,
        json: { name, organization, type: options.type ?? "model", private: options.private ?? false, sdk: options.sdk },
      });
      if (!response.ok) throw new Error(`createRepo ${fullName}: ${response.status} ${await response.text()}`);
      return fullName;
    },
    commit(repo, lines, options = {}) {
      const prefix = options.type ? `${options.type}s` : "models";
      return request(`/api/${prefix}/${repo}/commit/${encodeURIComponent(options.revision ?? "main")}${options.query ?? ""}`, {
        method: "POST",
        token: options.token ?? server.tokens.alice,
        headers: { "Content-Type": "application/x-ndjson" },
        body: lines.map((line) => JSON.stringify(line)).join("\n") + "\n",
      });
    },
  };
}

/** NDJSON header line. */
export function header(summary: string, extra: Record<string, unknown> = {}): unknown {
  return { key: "header", value: { summary, description: "", ...extra } };
}

/** NDJSON inline file line. */
export function file(path: string, content: string | Uint8Array): unknown {
  return { key: "file", value: { path, encoding: "base64", content: Buffer.from(content).toString("base64") } };
}
