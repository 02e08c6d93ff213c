// The smoke scenario every runtime of the matrix runs, written once: Node, Bun and Deno import it
// directly, workerd and Chromium get it bundled with the SDK. It uses web APIs only.
//   await runScenario({ sdk, serverUrl, token, runtime: "node20" })
// resolves to { steps: [{ name, ms }], totalMs, uploadedWith, notes } or rejects with an Error naming the failed step.
import { rawUpload } from "./raw-upload.mjs";

/** Size of the large (LFS) file: 20 MB, above the server's 16 MiB multipart threshold. */
export const LARGE_FILE_SIZE = 20_000_000;

/** Incompressible bytes from a seed (xorshift32): fast to make in every runtime. */
export function pseudoRandomBytes(size, seed = 0x9e3779b9) {
  const bytes = new Uint8Array(size);
  const words = new Uint32Array(bytes.buffer, 0, Math.floor(size / 4));
  let state = seed >>> 0 || 1;
  for (let index = 0; index < words.length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[index] = state >>> 0;
  }
  for (let index = words.length * 4; index < size; index++) bytes[index] = index & 0xff;
  return bytes;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function sameBytes(actual, expected) {
  if (actual.byteLength !== expected.byteLength) return `length ${actual.byteLength}, expected ${expected.byteLength}`;
  for (let index = 0; index < expected.byteLength; index++) {
    if (actual[index] !== expected[index]) return `bytes differ at offset ${index}`;
  }
  return undefined;
}

async function sha256Hex(bytes) {
  return Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * A `fetch` that counts the body bytes of each answer by kind: Xet data URLs (`/xet-data/`, the
 * CAS's xorb ranges), reconstructions, and everything else (`resolve`, the LFS bridge included).
 */
function countingFetch() {
  const log = { casBytes: 0, casRequests: 0, reconstructions: 0, otherBytes: 0, resolveGets: 0 };
  const counted = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const cas = path.startsWith("/xet-data/");
    if (cas) log.casRequests++;
    if (/^\/v[12]\/reconstructions\//.test(path)) log.reconstructions++;
    if (request.method === "GET" && path.includes("/resolve/")) log.resolveGets++;
    const response = await fetch(request);
    if (!response.body) return response;
    const counter = new TransformStream({
      transform(chunk, controller) {
        if (cas) log.casBytes += chunk.byteLength;
        else log.otherBytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const answer = new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    return Object.defineProperty(answer, "url", { value: response.url });
  };
  return { fetch: counted, log };
}

async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/**
 * Commits the files with the SDK's `uploadFiles` when `@hub/commits` exports it, else with raw
 * protocol calls. If `uploadFiles` rejects these parameters (a `HubValidationError`, raised before
 * any request) the scenario falls back to the raw protocol and leaves a note, so a change of the
 * parameters' shape shows up in the matrix output without failing other developers' CI.
 */
async function upload(sdk, options, repoId, files, notes) {
  if (typeof sdk.uploadFiles === "function") {
    try {
      await sdk.uploadFiles({ ...options, repoId, files: files.map(({ path, content }) => ({ path, content: new Blob([content]) })) });
      return "uploadFiles";
    } catch (error) {
      if (error?.name !== "HubValidationError") throw error;
      notes.push(`uploadFiles rejected the scenario's parameters (${error.message}): adapt tests/runtimes/scenario.mjs`);
    }
  }
  await rawUpload(sdk, options, repoId, files);
  return "raw protocol (no uploadFiles yet)";
}

/** Runs the scenario; `now` defaults to `performance.now`. */
export async function runScenario({ sdk, serverUrl, token, runtime = "unknown", now = () => performance.now() }) {
  const options = { hubUrl: serverUrl, accessToken: token };
  const steps = [];
  const notes = [];
  let uploadedWith;
  let xetDownload;
  const started = now();
  let step = "setup";
  const run = async (name, body) => {
    step = name;
    const stepStarted = now();
    const value = await body();
    steps.push({ name, ms: Math.round(now() - stepStarted) });
    return value;
  };

  // A fresh seed per run: identical content would already be in LFS storage and skip the upload.
  const large = pseudoRandomBytes(LARGE_FILE_SIZE, crypto.getRandomValues(new Uint32Array(1))[0]);
  const small = new TextEncoder().encode(`# runtime matrix\n\nuploaded from ${runtime}\n`);
  let repoId;
  let created = false;
  try {
    const me = await run("whoami", () => sdk.whoami(options));
    assert(typeof me.name === "string" && me.name.length > 0, `whoami returned no name: ${JSON.stringify(me)}`);
    repoId = `${me.name}/runtime-${runtime.replace(/[^A-Za-z0-9-]/g, "-")}-${Math.random().toString(36).slice(2, 8)}`;

    await run("createRepo", () => sdk.createRepo({ ...options, repoId }));
    created = true;

    uploadedWith = await run("upload 20 MB LFS + small file", () =>
      upload(
        sdk,
        options,
        repoId,
        [
          { path: "weights.bin", content: large },
          { path: "README.md", content: small },
        ],
        notes,
      ),
    );

    const paths = await run("listRepoFiles", () => collect(sdk.listRepoFiles({ ...options, repoId })));
    assert(paths.includes("weights.bin") && paths.includes("README.md"), `listRepoFiles: ${JSON.stringify(paths)}`);

    // Through resolve (the LFS bridge for the Xet-stored file): the path LFS-only clients take.
    await run("downloadFile + compare", async () => {
      for (const [path, expected] of [
        ["weights.bin", large],
        ["README.md", small],
      ]) {
        const response = await sdk.downloadFile({ ...options, repoId, path, useXet: false });
        const problem = sameBytes(new Uint8Array(await response.arrayBuffer()), expected);
        assert(problem === undefined, `downloadFile ${path}: ${problem}`);
      }
    });

    await run("getFileMetadata (HEAD, redirect: manual)", async () => {
      const metadata = await sdk.getFileMetadata({ ...options, repoId, path: "weights.bin" });
      assert(
        metadata.size === large.byteLength && /^[0-9a-f]{64}$/.test(metadata.etag) && /^[0-9a-f]{40}$/.test(metadata.commitHash),
        `getFileMetadata: ${JSON.stringify(metadata)}`,
      );
    });

    // The server offers Xet (its default): the SDK's upload went through it, so resolve names the Xet hash
    // (the raw-protocol fallback uploads through LFS).
    if (uploadedWith === "uploadFiles")
      await run("uploaded through Xet (X-Xet-Hash)", async () => {
        const response = await fetch(`${serverUrl}/${repoId}/resolve/main/weights.bin`, {
          method: "HEAD",
          headers: { authorization: `Bearer ${token}` },
        });
        const xetHash = response.headers.get("x-xet-hash");
        assert(/^[0-9a-f]{64}$/.test(xetHash ?? ""), `resolve of weights.bin has no X-Xet-Hash (status ${response.status})`);
      });

    // The Xet download of the main entry: the 20 MB file rebuilt from the CAS's xorb ranges, checked by
    // SHA-256, its bytes counted by origin (the data URLs, not resolve or the bridge); then a range.
    if (uploadedWith === "uploadFiles")
      xetDownload = await run("download 20 MB through Xet (SHA-256, bytes from the CAS)", async () => {
        const { fetch: counted, log } = countingFetch();
        const response = await sdk.downloadFile({ ...options, repoId, path: "weights.bin", fetch: counted });
        assert(response.status === 200, `downloadFile through Xet answered ${response.status}`);
        const digest = await sha256Hex(await response.arrayBuffer());
        const expected = await sha256Hex(large);
        assert(digest === expected, `SHA-256 of the Xet download is ${digest}, expected ${expected}`);
        assert(log.reconstructions >= 1 && log.casRequests >= 1, `no reconstruction or data URL: ${JSON.stringify(log)}`);
        assert(log.casBytes >= LARGE_FILE_SIZE, `only ${log.casBytes} bytes came from the CAS: ${JSON.stringify(log)}`);
        assert(log.otherBytes < 64 * 1024, `${log.otherBytes} bytes came from elsewhere (the bridge?): ${JSON.stringify(log)}`);
        const part = await sdk.downloadFile({
          ...options,
          repoId,
          path: "weights.bin",
          fetch: counted,
          range: { start: 5_000_000, end: 6_234_566 },
        });
        const problem = sameBytes(new Uint8Array(await part.arrayBuffer()), large.subarray(5_000_000, 6_234_567));
        assert(part.status === 206 && problem === undefined, `Xet range download: status ${part.status}, ${problem}`);
        return { casBytes: log.casBytes, casRequests: log.casRequests, reconstructions: log.reconstructions };
      });

    await run("listModels", async () => {
      const models = await collect(sdk.listModels({ ...options, author: me.name, search: repoId.split("/")[1] }));
      assert(
        models.some((model) => model.id === repoId),
        `listModels: ${repoId} not in ${JSON.stringify(models.map((model) => model.id))}`,
      );
    });

    const discussion = await run("createDiscussion", () =>
      sdk.createDiscussion({ ...options, repoId, title: `Hello from ${runtime}`, description: "Opened by the runtime matrix." }),
    );
    assert(Number.isInteger(discussion.num), `createDiscussion: ${JSON.stringify(discussion)}`);

    const comment = await run("commentDiscussion", () =>
      sdk.commentDiscussion({ ...options, repoId, discussionNum: discussion.num, comment: `A comment from ${runtime}` }),
    );
    assert(comment && typeof comment.id === "string", `commentDiscussion: ${JSON.stringify(comment)}`);

    await run("deleteRepo", () => sdk.deleteRepo({ ...options, repoId }));
    created = false;
    const exists = await run("repoExists after delete", () => sdk.repoExists({ ...options, repoId }));
    assert(exists === false, "the repository still exists after deleteRepo");
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (created) await sdk.deleteRepo({ ...options, repoId }).catch(() => undefined);
    throw new Error(`step "${step}" failed: ${detail}`);
  }
  return { steps, totalMs: Math.round(now() - started), uploadedWith, xetDownload, notes };
}
