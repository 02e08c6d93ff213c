import type { TestServer } from "@hub/server/testing";

/** Raw HTTP to the test server (setup only: the package under test is not used for it). */
export async function request(
  server: TestServer,
  path: string,
  init: { method?: string; token?: string; json?: unknown; ndjson?: unknown[] } = {},
): Promise<Response> {
  const headers = new Headers();
  if (init.token) headers.set("Authorization", `Bearer ${init.token}`);
  let body: string | undefined;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  } else if (init.ndjson) {
    headers.set("Content-Type", "application/x-ndjson");
    body = `${init.ndjson.map((line) => JSON.stringify(line)).join("\n")}\n`;
  }
  return fetch(`${server.url}${path}`, { method: init.method ?? "GET", headers, body });
}

/** Creates a Space as `token`'s user and returns its id. */
export async function createSpace(
  server: TestServer,
  repoId: string,
  options: { token: string; sdk?: string; private?: boolean },
): Promise<string> {
  const [organization, name] = repoId.split("/");
  const response = await request(server, "/api/repos/create", {
    method: "POST",
    token: options.token,
    json: { name, organization, type: "space", sdk: options.sdk ?? "gradio", private: options.private ?? false },
  });
  if (!response.ok) throw new Error(`create ${repoId}: ${response.status} ${await response.text()}`);
  return repoId;
}

/** Commits text files to a Space's main branch. */
export async function commitFiles(server: TestServer, repoId: string, files: Record<string, string>, token: string): Promise<string> {
  const response = await request(server, `/api/spaces/${repoId}/commit/main`, {
    method: "POST",
    token,
    ndjson: [
      { key: "header", value: { summary: "add files", description: "" } },
      ...Object.entries(files).map(([path, text]) => ({
        key: "file",
        value: { path, encoding: "base64", content: Buffer.from(text).toString("base64") },
      })),
    ],
  });
  if (!response.ok) throw new Error(`commit ${repoId}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { commitOid: string }).commitOid;
}
