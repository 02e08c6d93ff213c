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

/** NDJSON lfsFile line. */
export function lfsFile(path: string, oid: string, size: number): unknown {
  return { key: "lfsFile", value: { path, algo: "sha256", oid, size } };
}

/** Uploads bytes through the LFS batch API (basic or multipart as the server decides); returns the sha256. */
export async function uploadLfsObject(
  hub: Harness,
  repo: string,
  bytes: Uint8Array,
  options: { authorization?: string; type?: string } = {},
): Promise<string> {
  const { createHash } = await import("node:crypto");
  const oid = createHash("sha256").update(bytes).digest("hex");
  const prefix = options.type && options.type !== "model" ? `${options.type}s/` : "";
  const batch = await fetch(`${hub.url}/${prefix}${repo}.git/info/lfs/objects/batch`, {
    method: "POST",
    headers: {
      Authorization: options.authorization ?? `Bearer ${hub.tokens.alice}`,
      Accept: "application/vnd.git-lfs+json",
      "Content-Type": "application/vnd.git-lfs+json",
    },
    body: JSON.stringify({
      operation: "upload",
      transfers: ["basic", "multipart"],
      hash_algo: "sha256",
      objects: [{ oid, size: bytes.byteLength }],
    }),
  });
  if (!batch.ok) throw new Error(`batch: ${batch.status} ${await batch.text()}`);
  const { objects } = (await batch.json()) as {
    objects: Array<{ actions?: { upload?: { href: string; header?: Record<string, string> } } }>;
  };
  const upload = objects[0]?.actions?.upload;
  if (!upload) return oid;
  if (!upload.header?.chunk_size) {
    const put = await fetch(upload.href, { method: "PUT", body: bytes as unknown as BodyInit });
    if (!put.ok) throw new Error(`put: ${put.status} ${await put.text()}`);
    return oid;
  }
  const chunkSize = Number(upload.header.chunk_size);
  const parts = Object.keys(upload.header)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b));
  const etags: Array<{ partNumber: number; etag: string }> = [];
  for (const part of parts) {
    const index = Number(part) - 1;
    const response = await fetch(upload.header[part]!, {
      method: "PUT",
      body: bytes.subarray(index * chunkSize, (index + 1) * chunkSize) as unknown as BodyInit,
    });
    if (!response.ok) throw new Error(`part ${part}: ${response.status}`);
    etags.push({ partNumber: Number(part), etag: response.headers.get("etag") ?? "" });
  }
  const complete = await fetch(upload.href, {
    method: "POST",
    headers: { "Content-Type": "application/vnd.git-lfs+json" },
    body: JSON.stringify({ oid, parts: etags }),
  });
  if (!complete.ok) throw new Error(`complete: ${complete.status} ${await complete.text()}`);
  return oid;
}
