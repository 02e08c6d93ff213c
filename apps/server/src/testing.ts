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
    { ...TEST_USERS.alice, tokens: [{ value: TEST_TOKENS.alice, role: "write", name: "alice-write" }, { value: TEST_TOKENS.aliceRead, role: "read", name: "alice-read" }] },
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
