import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BulkRepo, bulkSeedRepos } from "@hub/server";
import { STANDARD_SEED, startTestServer, type TestServer } from "@hub/server/testing";

/** Number of bulk-seeded public models: more than two pages of 1000. */
export const BULK_MODELS = 2400;

/** The README card of bulk model `index`: libraries alternate, every third is a text classifier. */
export function bulkCard(index: number): { library: string; task: string } {
  return { library: index % 2 === 0 ? "tf" : "pytorch", task: index % 3 === 0 ? "text-classification" : "fill-mask" };
}

function* bulkRepos(): Generator<BulkRepo> {
  for (let index = 0; index < BULK_MODELS; index++) {
    const { library, task } = bulkCard(index);
    yield {
      id: `bulk/model-${String(index).padStart(4, "0")}`,
      downloads: (index * 7919) % 5000,
      files: { "README.md": `---\nlibrary_name: ${library}\npipeline_tag: ${task}\nlanguage: en\n---\n# bulk\n` },
    };
  }
}

/** Raw HTTP to the test server (setup only). */
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
  const response = await fetch(`${server.url}${path}`, { method: init.method ?? "GET", headers, body });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** Creates a repo through the API and commits its files (a README card, a config...). */
export async function createRepo(
  server: TestServer,
  repoId: string,
  options: { token: string; type?: "model" | "dataset" | "space"; private?: boolean; sdk?: string; files?: Record<string, string> },
): Promise<void> {
  const [organization, name] = repoId.split("/");
  const type = options.type ?? "model";
  await request(server, "/api/repos/create", {
    method: "POST",
    token: options.token,
    json: { name, organization, type, private: options.private ?? false, sdk: options.sdk ?? (type === "space" ? "gradio" : undefined) },
  });
  if (!options.files) return;
  await request(server, `/api/${type}s/${repoId}/commit/main`, {
    method: "POST",
    token: options.token,
    ndjson: [
      { key: "header", value: { summary: "add files", description: "" } },
      ...Object.entries(options.files).map(([path, text]) => ({
        key: "file",
        value: { path, encoding: "base64", content: Buffer.from(text).toString("base64") },
      })),
    ],
  });
}

/** A README with YAML front matter. */
export function card(yaml: string): string {
  return `---\n${yaml.trim()}\n---\n# Card\n`;
}

/** Starts a server on a data dir holding the bulk models plus hand-made repos with cards. */
export async function startSearchServer(): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "hub-search-test-"));
  bulkSeedRepos(dataDir, bulkRepos(), STANDARD_SEED);
  const started = await startTestServer({ dataDir });
  const server: TestServer = {
    ...started,
    close: async () => {
      await started.close();
      const { rm } = await import("node:fs/promises");
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  const alice = server.tokens.alice;
  await createRepo(server, "alice/bert-base", {
    token: alice,
    files: {
      "README.md": card(
        "library_name: transformers\npipeline_tag: fill-mask\nlanguage: [en, fr]\nlicense: mit\ndatasets: [squad]\ntags: [bert, Benchmark:raft]\nco2_eq_emissions: 12.5",
      ),
      "config.json": JSON.stringify({ model_type: "bert", architectures: ["BertForMaskedLM"] }),
    },
  });
  await createRepo(server, "alice/gpt-tiny", {
    token: alice,
    files: {
      "README.md": card("library_name: pytorch\npipeline_tag: text-generation\nlicense: apache-2.0\nco2_eq_emissions:\n  emissions: 250"),
    },
  });
  await createRepo(server, "alice/private-model", {
    token: alice,
    private: true,
    files: { "README.md": card("pipeline_tag: secret-task\nlibrary_name: secretlib") },
  });
  await createRepo(server, "acme/org-private", { token: alice, private: true, files: { "README.md": card("pipeline_tag: fill-mask") } });
  await createRepo(server, "alice/squad-fr", {
    token: alice,
    type: "dataset",
    files: {
      "README.md": card(
        "language: [fr]\ntask_categories: [question-answering]\nsize_categories: [10K<n<100K]\nlicense: cc-by-4.0\npretty_name: SQuAD fr",
      ),
    },
  });
  await createRepo(server, "bob/reviews", {
    token: server.tokens.bob,
    type: "dataset",
    files: {
      "README.md": card(
        "language: en\ntask_categories: text-classification\ntask_ids: sentiment-classification\nmultilinguality: monolingual",
      ),
    },
  });
  await createRepo(server, "bob/hidden-data", {
    token: server.tokens.bob,
    type: "dataset",
    private: true,
    files: { "README.md": card("language: de\ntask_categories: secret-category") },
  });
  await createRepo(server, "alice/demo", {
    token: alice,
    type: "space",
    files: { "README.md": card("sdk: gradio\nmodels: [alice/bert-base]\ndatasets: [alice/squad-fr]\ntags: [demo]") },
  });
  await createRepo(server, "bob/chat", {
    token: server.tokens.bob,
    type: "space",
    files: { "README.md": card("sdk: gradio\nmodels: [alice/gpt-tiny]") },
  });
  await createRepo(server, "carol/plain", { token: server.tokens.carol, type: "space", sdk: "static" });
  return server;
}
