// Stand-in for `uploadFiles` while @hub/commits has none: the commit protocol (preupload, LFS batch,
// single or multipart PUT, NDJSON commit) spoken through core's `hubRequest` and `sha256`, web APIs
// only. The scenario prefers `sdk.uploadFiles` as soon as the SDK exports it.

function base64(bytes) {
  let binary = "";
  for (let index = 0; index < bytes.byteLength; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

async function putLfsObject(sdk, options, object, bytes) {
  const upload = object.actions?.upload;
  if (upload === undefined) return; // already stored
  const header = upload.header ?? {};
  if (header.chunk_size === undefined) {
    await sdk.hubRequest(options, { method: "PUT", url: upload.href, body: bytes, responseType: "void" });
    return;
  }
  const chunkSize = Number(header.chunk_size);
  const partNumbers = Object.keys(header)
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b));
  if (partNumbers.length !== Math.ceil(bytes.byteLength / chunkSize))
    throw new Error(`multipart: ${partNumbers.length} parts for ${bytes.byteLength} bytes`);
  const parts = [];
  for (const [index, key] of partNumbers.entries()) {
    const part = bytes.subarray(index * chunkSize, (index + 1) * chunkSize);
    const response = await sdk.hubRequest(options, { method: "PUT", url: header[key], body: part, responseType: "response" });
    const etag = response.headers.get("etag");
    if (!etag) throw new Error(`multipart: part ${key} answered without an ETag`);
    parts.push({ partNumber: Number(key), etag });
  }
  await sdk.hubRequest(options, {
    method: "POST",
    url: upload.href,
    json: { oid: object.oid, parts },
    headers: { Accept: "application/vnd.git-lfs+json" },
    responseType: "void",
  });
}

/** Commits `files` ({ path, content: Uint8Array }) to `main` of a model repo with raw protocol calls. */
export async function rawUpload(sdk, options, repoId, files) {
  // Model repos: `/api/models/<id>` and `/<id>.git/...` (the path builders are core internals, not in `@hub/sdk`).
  const api = `/api/models/${repoId}`;
  const described = await Promise.all(
    files.map(async (file) => ({ ...file, oid: await sdk.sha256(file.content), size: file.content.byteLength })),
  );
  const preupload = await sdk.hubRequest(options, {
    method: "POST",
    path: `${api}/preupload/main`,
    json: { files: described.map((file) => ({ path: file.path, size: file.size, sample: base64(file.content.subarray(0, 512)) })) },
  });
  const modes = new Map(preupload.files.map((file) => [file.path, file.uploadMode]));
  const lfsFiles = described.filter((file) => modes.get(file.path) === "lfs");
  if (lfsFiles.length > 0) {
    const batch = await sdk.hubRequest(options, {
      method: "POST",
      path: `/${repoId}.git/info/lfs/objects/batch`,
      headers: { Accept: "application/vnd.git-lfs+json", "Content-Type": "application/vnd.git-lfs+json" },
      body: JSON.stringify({
        operation: "upload",
        transfers: ["basic", "multipart"],
        hash_algo: "sha256",
        objects: lfsFiles.map((file) => ({ oid: file.oid, size: file.size })),
        ref: { name: "main" },
      }),
    });
    for (const object of batch.objects) {
      if (object.error) throw new Error(`LFS batch: ${object.error.code} ${object.error.message}`);
      const file = lfsFiles.find((candidate) => candidate.oid === object.oid);
      await putLfsObject(sdk, options, object, file.content);
    }
  }
  const lines = [
    { key: "header", value: { summary: "runtime matrix upload", description: "" } },
    ...described.map((file) =>
      modes.get(file.path) === "lfs"
        ? { key: "lfsFile", value: { path: file.path, algo: "sha256", oid: file.oid, size: file.size } }
        : { key: "file", value: { path: file.path, content: base64(file.content), encoding: "base64" } },
    ),
  ];
  // NDJSON through core, as @hub/commits sends it (streamed; one Blob in browsers).
  return sdk.hubRequest(options, { method: "POST", path: `${api}/commit/main`, ndjson: lines });
}
