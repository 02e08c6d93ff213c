// The demo: starts the local Hub server (apps/server) on a temporary data folder with a demo user,
// then walks through a real session with the `hub` CLI (child processes) and the SDK, printing
// each step, and ends with a table of timings. Exits 0 only when every step succeeded.
// Run by `bash scripts/demo.sh` (which installs and builds first) or `node scripts/demo.mjs`.
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const serverCli = join(root, "apps/server/dist/cli.js");
const hubCli = join(root, "apps/cli/dist/cli.js");
const LFS_SIZE = Number(process.env.HUB_DEMO_LFS_BYTES ?? 50 * 1024 * 1024);
const REPO = "demo/tiny-model";
const CARD_TAG = "hub-sdk-demo";

const children = new Set();
let workDir;
let cleanedUp = false;

/** Kills the remaining children (SIGKILL after 5 s) and waits until they have exited. */
async function stopChildren() {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          const force = setTimeout(() => child.kill("SIGKILL"), 5000);
          child.once("exit", () => {
            clearTimeout(force);
            done();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

/** Removes the temporary folder (kept with HUB_DEMO_KEEP=1); safe to call twice. */
function removeWorkDir() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (workDir && process.env.HUB_DEMO_KEEP !== "1") rmSync(workDir, { recursive: true, force: true });
}

/** Stops the server and any running CLI, removes the temporary folder, then exits with `code`. */
async function shutdown(code) {
  await stopChildren();
  removeWorkDir();
  process.exit(code);
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the server and cleaning up.\n`);
    void shutdown(signal === "SIGINT" ? 130 : 143);
  });
}
// Last resort when something calls process.exit directly: no waiting possible, but no orphan either.
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  removeWorkDir();
});

function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** Starts the server on port 0 and resolves its URL from the first stdout line. */
async function startServer(dataDir, seedFile) {
  const child = track(
    spawn(process.execPath, [serverCli, "--host", "127.0.0.1", "--port", "0", "--data", dataDir, "--seed", seedFile], {
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolvePromise, reject) => {
    child.once("exit", (code) => reject(new Error(`the server exited (code ${code}) before listening:\n${output}`)));
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolvePromise({ child, url: match[1].replace(/\/$/, "") });
    });
  });
}

/** Runs the CLI with the demo's environment; rejects with its stderr when it fails. */
function hub(args, environment, { input, showProgress = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = track(
      spawn(process.execPath, [hubCli, ...args], {
        env: environment,
        stdio: [input === undefined ? "ignore" : "pipe", "pipe", showProgress ? "inherit" : "pipe"],
      }),
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    if (input !== undefined) child.stdin.end(input);
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`hub ${args[0]} ${args[1] ?? ""} exited with ${code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}

async function sha256File(path) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
  return hash.digest("hex");
}

async function writeRandomFile(path, size) {
  const output = createWriteStream(path);
  const chunk = 1024 * 1024;
  for (let written = 0; written < size; written += chunk) {
    if (!output.write(randomBytes(Math.min(chunk, size - written)))) await new Promise((done) => output.once("drain", done));
  }
  await new Promise((done, fail) => output.end((error) => (error ? fail(error) : done())));
}

async function listFiles(folder, base = folder) {
  const files = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, base)));
    else files.push(relative(base, path).split("\\").join("/"));
  }
  return files.sort();
}

function modelCard(title, extra = "") {
  return `---\nlicense: mit\ntags:\n- ${CARD_TAG}\n- text-classification\nlibrary_name: transformers\n---\n\n# ${title}\n\nA tiny model made by the Hub SDK demo.${extra}\n`;
}

const steps = [];
const isTerminal = process.stdout.isTTY === true;
const bold = (text) => (isTerminal ? `\x1b[1m${text}\x1b[0m` : text);
const green = (text) => (isTerminal ? `\x1b[32m${text}\x1b[0m` : text);
const red = (text) => (isTerminal ? `\x1b[31m${text}\x1b[0m` : text);

/** Runs one step, prints its outcome and duration, and records it for the summary. */
async function step(title, action) {
  process.stdout.write(`${bold(`[${steps.length + 1}] ${title}`)}\n`);
  const started = performance.now();
  try {
    const detail = await action();
    const seconds = (performance.now() - started) / 1000;
    steps.push({ title, seconds, ok: true });
    process.stdout.write(`    ${green("ok")} ${detail ?? ""} (${seconds.toFixed(2)} s)\n`);
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    steps.push({ title, seconds, ok: false });
    process.stdout.write(`    ${red("FAILED")} ${error instanceof Error ? error.message : String(error)}\n`);
    throw error;
  }
}

function printSummary(totalSeconds) {
  const width = Math.max(...steps.map((entry) => entry.title.length), 4);
  const lines = [`${"step".padEnd(width)}  result  seconds`, `${"-".repeat(width)}  ------  -------`];
  for (const entry of steps)
    lines.push(`${entry.title.padEnd(width)}  ${(entry.ok ? "ok" : "FAILED").padEnd(6)}  ${entry.seconds.toFixed(2).padStart(7)}`);
  lines.push(`${"total".padEnd(width)}  ${"".padEnd(6)}  ${totalSeconds.toFixed(2).padStart(7)}`);
  process.stdout.write(`\n${lines.join("\n")}\n`);
}

async function main() {
  for (const [path, what] of [
    [serverCli, "apps/server"],
    [hubCli, "apps/cli"],
  ]) {
    if (!existsSync(path))
      throw new Error(`${what} is not built (${relative(root, path)} missing): run \`bash scripts/demo.sh\` or \`pnpm run build\`.`);
  }
  const requireFromCli = createRequire(join(root, "apps/cli/package.json"));
  const sdk = await import(pathToFileURL(requireFromCli.resolve("@hub/sdk")).href);

  const started = performance.now();
  workDir = await mkdtemp(join(tmpdir(), "hub-demo-"));
  const token = `hf_demo_${randomBytes(16).toString("hex")}`;
  const seedFile = join(workDir, "seed.json");
  await writeFile(
    seedFile,
    JSON.stringify({
      users: [
        { name: "demo", fullname: "Demo User", email: "demo@example.com", tokens: [{ value: token, role: "write", name: "demo-write" }] },
      ],
    }),
  );

  let server;
  await step("Start the local Hub server", async () => {
    server = await startServer(join(workDir, "data"), seedFile);
    return `${server.url} (pid ${server.child.pid}, temporary data in ${workDir})`;
  });
  const environment = { ...process.env, HF_ENDPOINT: server.url, HF_HOME: join(workDir, "hf-home"), FORCE_COLOR: "0" };
  delete environment.HF_TOKEN;
  delete environment.HUGGING_FACE_HUB_TOKEN;
  delete environment.HF_TOKEN_PATH;
  delete environment.HF_HUB_CACHE;
  delete environment.HUGGINGFACE_HUB_CACHE;

  await step("Log in (hub auth login)", async () => {
    await hub(["auth", "login"], environment, { input: `${token}\n` });
    const user = JSON.parse(await hub(["auth", "whoami", "--json"], environment));
    if (user.name !== "demo") throw new Error(`whoami says ${user.name}, expected demo`);
    return `as ${user.name}, token saved under HF_HOME`;
  });

  await step("Create a model repo (hub repo create)", async () => {
    const created = JSON.parse(await hub(["repo", "create", REPO, "--json"], environment));
    return created.url;
  });

  const folder = join(workDir, "tiny-model");
  await step(`Upload a folder with a ${Math.round(LFS_SIZE / 1024 / 1024)} MB LFS file (hub upload)`, async () => {
    await mkdir(join(folder, "weights"), { recursive: true });
    await writeFile(join(folder, "README.md"), modelCard("Tiny model"));
    await writeFile(join(folder, "config.json"), JSON.stringify({ architectures: ["TinyModel"], hidden_size: 8 }, null, 2));
    await writeFile(join(folder, "weights", "notes.txt"), "trained for zero epochs\n");
    await writeRandomFile(join(folder, "weights", "model.safetensors"), LFS_SIZE);
    // --progress: the real upload bars (hashing, chunking for Xet, then uploading) on the terminal's stderr, the JSON result on stdout.
    const result = JSON.parse(
      await hub(["upload", REPO, folder, "--commit-message", "Upload the tiny model", "--json", "--progress"], environment, {
        showProgress: true,
      }),
    );
    const files = JSON.parse(await hub(["repo", "ls", REPO, "--json"], environment));
    const lfs = files.find((file) => file.path === "weights/model.safetensors");
    if (!lfs?.lfs) throw new Error("weights/model.safetensors is not stored as an LFS file");
    return `commit ${result.commit?.oid?.slice(0, 7) ?? ""}, ${files.length} files, the weights in LFS`;
  });

  let pullRequest;
  await step("Open a pull request that changes the model card (hub upload --create-pr)", async () => {
    const card = join(workDir, "README.md");
    await writeFile(card, modelCard("Tiny model", "\n\n## Evaluation\n\nAccuracy: 100% on the empty set."));
    const result = JSON.parse(
      await hub(["upload", REPO, card, "README.md", "--create-pr", "--commit-message", "Add an evaluation section", "--json"], environment),
    );
    pullRequest = result.commit?.prNum;
    if (!pullRequest) throw new Error("no pull request number in the upload result");
    await writeFile(join(folder, "README.md"), await readFile(card));
    return `pull request #${pullRequest}`;
  });

  await step("Comment on the pull request (hub discussions comment)", async () => {
    await hub(["discussions", "comment", REPO, String(pullRequest), "Looks good to me!"], environment);
    const details = JSON.parse(await hub(["discussions", "show", REPO, String(pullRequest), "--json"], environment));
    const comments = details.events.filter((event) => event.type === "comment");
    if (!comments.some((event) => event.content === "Looks good to me!")) throw new Error("the comment is not in the discussion");
    return `${comments.length} comments`;
  });

  await step("Merge the pull request (hub discussions merge)", async () => {
    await hub(["discussions", "merge", REPO, String(pullRequest)], environment);
    const details = JSON.parse(await hub(["discussions", "show", REPO, String(pullRequest), "--json"], environment));
    if (details.status !== "merged") throw new Error(`status is ${details.status}, expected merged`);
    return "status merged";
  });

  await step("Tag a release (hub tag create)", async () => {
    await hub(["tag", "create", REPO, "v1.0", "-m", "First release"], environment);
    const tags = JSON.parse(await hub(["tag", "list", REPO, "--json"], environment));
    if (!tags.some((tag) => tag.name === "v1.0")) throw new Error("tag v1.0 not listed");
    return "v1.0";
  });

  await step(`Search for the model by its card tag "${CARD_TAG}" (SDK listModels)`, async () => {
    const found = [];
    for await (const model of sdk.listModels({ hubUrl: server.url, filter: CARD_TAG, limit: 10 })) found.push(model.id);
    if (!found.includes(REPO)) throw new Error(`${REPO} not found (got ${found.join(", ") || "nothing"})`);
    const cli = JSON.parse(await hub(["search", "models", "--filter", CARD_TAG, "--json"], environment));
    if (!cli.some((model) => model.id === REPO)) throw new Error("hub search models did not find it");
    return `found ${found.join(", ")}`;
  });

  await step("Download a snapshot of v1.0 to the cache and verify every sha256 (hub download)", async () => {
    const snapshot = (await hub(["download", REPO, "--revision", "v1.0", "--quiet"], environment)).trim().split("\n").pop();
    const expected = await listFiles(folder);
    const downloaded = (await listFiles(snapshot)).filter((path) => path !== ".gitattributes");
    if (JSON.stringify(downloaded) !== JSON.stringify(expected))
      throw new Error(`files differ: ${downloaded.join(", ")} vs ${expected.join(", ")}`);
    for (const path of expected) {
      const [want, got] = await Promise.all([sha256File(join(folder, path)), sha256File(join(snapshot, path))]);
      if (want !== got) throw new Error(`${path}: sha256 ${got} differs from the uploaded ${want}`);
    }
    const cache = relative(environment.HF_HOME, snapshot);
    const size = (await stat(join(snapshot, "weights/model.safetensors"))).size;
    return `${expected.length} files verified (${(size / 1e6).toFixed(1)} MB weights) in HF_HOME/${cache}`;
  });

  printSummary((performance.now() - started) / 1000);
  process.stdout.write(`\n${green("Demo complete.")} Explore your own server with \`bash scripts/server.sh\`.\n`);
}

main().then(
  () => shutdown(0),
  (error) => {
    if (stopping) return;
    if (steps.length > 0) printSummary(steps.reduce((sum, entry) => sum + entry.seconds, 0));
    process.stderr.write(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return shutdown(1);
  },
);
