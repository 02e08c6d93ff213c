import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHubServer, type HubServer, type HubServerOptions, type SeedData } from "./index.ts";

/** Tokens of the standard test seed (all start with `hf_`, as the official clients require). */
export const TEST_TOKENS = {
  alice: "hf_alice_write_0123456789abcdefghijklmnopqrstuv",
  aliceRead: "hf_alice_read_0123456789abcdefghijklmnopqrstuvw",
  bob: "hf_bob_write_0123456789abcdefghijklmnopqrstuvwx",
  carol: "hf_carol_write_0123456789abcdefghijklmnopqrstuv",
} as const;

/** Users of the standard test seed. */
export const TEST_USERS = {
  alice: { name: "alice", fullname: "Alice Example", email: "alice@example.com" },
  bob: { name: "bob", fullname: "Bob Example", email: "bob@example.com" },
  carol: { name: "carol", fullname: "Carol Example", email: "carol@example.com" },
} as const;

/** Orgs of the standard test seed: `acme` (alice admin, bob member; carol outside). */
export const TEST_ORGS = { acme: { name: "acme", fullname: "Acme Corp", members: ["alice", "bob"] } } as const;

/** The standard seed: alice (write + read tokens), bob, carol (write tokens); org acme. */
export const STANDARD_SEED: SeedData = {
  users: [
    {
      ...TEST_USERS.alice,
      tokens: [
        { value: TEST_TOKENS.alice, role: "write", name: "alice-write" },
        { value: TEST_TOKENS.aliceRead, role: "read", name: "alice-read" },
      ],
    },
    { ...TEST_USERS.bob, tokens: [{ value: TEST_TOKENS.bob, role: "write", name: "bob-write" }] },
    { ...TEST_USERS.carol, tokens: [{ value: TEST_TOKENS.carol, role: "write", name: "carol-write" }] },
  ],
  orgs: [
    {
      name: "acme",
      fullname: "Acme Corp",
      members: [
        { user: "alice", role: "admin" },
        { user: "bob", role: "write" },
      ],
    },
  ],
};

/** Options of startTestServer. */
export interface TestServerOptions extends Partial<Omit<HubServerOptions, "dataDir">> {
  /** Use this data directory (kept on close) instead of a fresh temp dir (removed on close). */
  dataDir?: string;
}

/** A server started by startTestServer. */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  url: string;
  tokens: typeof TEST_TOKENS;
  users: typeof TEST_USERS;
  orgs: typeof TEST_ORGS;
  dataDir: string;
  server: HubServer;
  /** Stops the server and removes its temp data dir. */
  close(): Promise<void>;
}

/** Starts the Hub server in-process on 127.0.0.1 (free port) with a temp data dir and the standard seed. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "hub-server-test-")));
  const server = createHubServer({ ...options, dataDir, seed: options.seed ?? STANDARD_SEED });
  const { url } = await server.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    tokens: TEST_TOKENS,
    users: TEST_USERS,
    orgs: TEST_ORGS,
    dataDir,
    server,
    async close() {
      await server.close();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes a seed JSON file (the standard seed by default) and returns its path. */
export async function createSeedFile(path: string, seed: SeedData = STANDARD_SEED): Promise<string> {
  await writeFile(path, JSON.stringify(seed, null, 2));
  return path;
}

/** A forward proxy started by {@link startTestProxy}: its URL and every request it relayed. */
export interface TestProxy {
  /** `http://127.0.0.1:PORT`, for `HTTP_PROXY` / `HTTPS_PROXY` or a `ProxyAgent`. */
  url: string;
  /** `CONNECT host:port` for tunnels, `METHOD url` for absolute-URL requests, in order. */
  seen: string[];
  close(): Promise<void>;
}

/** A tiny forward proxy on 127.0.0.1 (`CONNECT` tunnels and absolute-URL requests), for testing proxy support. */
export async function startTestProxy(): Promise<TestProxy> {
  const { createServer, request: httpRequest } = await import("node:http");
  const { connect } = await import("node:net");
  const seen: string[] = [];
  const proxy = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const upstream = httpRequest(request.url!, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  proxy.on("connect", (request, socket, head) => {
    seen.push(`CONNECT ${request.url}`);
    const [host, port] = request.url!.split(":");
    const tunnel = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      tunnel.write(head);
      tunnel.pipe(socket);
      socket.pipe(tunnel);
    });
    tunnel.on("error", () => socket.destroy());
    socket.on("error", () => tunnel.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
