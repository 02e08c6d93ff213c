import { HubError, HubHttpError, type HubOptions, hubRequest, type RepoType, redactUrl, resolveHubUrl } from "@hub/core";
import { lfsBatchPath } from "@hub/core/internal";

/** Objects per LFS batch request (as the Python client). */
export const LFS_BATCH_SIZE = 256;

/** An action of the LFS batch answer: where to send what. */
export interface LfsAction {
  href: string;
  header?: Record<string, string>;
}

/** One object of the LFS batch answer; no `actions.upload` means the server already has it. */
export interface LfsBatchObject {
  oid: string;
  size: number;
  actions?: { upload?: LfsAction; verify?: LfsAction };
}

interface LfsBatchAnswer {
  transfer?: unknown;
  objects?: { oid?: unknown; size?: unknown; actions?: LfsBatchObject["actions"]; error?: { code?: unknown; message?: unknown } }[];
}

const LFS_CONTENT_TYPE = "application/vnd.git-lfs+json";

/** The LFS batch answer: the transfer the server chose and, per object id, its actions. */
export interface LfsBatchResult {
  /** `"basic"` (with `multipart` objects among them) or, when offered and chosen, `"xet"`. */
  transfer: "basic" | "xet";
  objects: Map<string, LfsBatchObject>;
}

/**
 * Asks the LFS batch endpoint (Bearer token, `ref` unless a pull request is opened) where to upload
 * each object, 256 at a time; with `xet`, the `xet` transfer is offered too (as the official clients do).
 * @throws {HubHttpError} for a failed request or an object the server refused (its `code` as status).
 */
export async function lfsBatch(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string; createPr: boolean },
  objects: readonly { oid: string; size: number }[],
  offer: { xet: boolean } = { xet: false },
): Promise<LfsBatchResult> {
  const result = new Map<string, LfsBatchObject>();
  let chosen: LfsBatchResult["transfer"] | undefined;
  const path = lfsBatchPath(target.repoType, target.repoId);
  const hubUrl = resolveHubUrl(options);
  for (let start = 0; start < objects.length; start += LFS_BATCH_SIZE) {
    const batch = objects.slice(start, start + LFS_BATCH_SIZE);
    const answer = await hubRequest<LfsBatchAnswer>(options, {
      method: "POST",
      path,
      headers: { accept: LFS_CONTENT_TYPE, "content-type": LFS_CONTENT_TYPE },
      json: {
        operation: "upload",
        transfers: offer.xet ? ["basic", "multipart", "xet"] : ["basic", "multipart"],
        hash_algo: "sha256",
        objects: batch.map(({ oid, size }) => ({ oid, size })),
        ...(target.createPr ? {} : { ref: { name: target.revision } }),
      },
      // The batch call only hands out upload URLs: repeating it is harmless.
      idempotent: true,
    });
    const transfer = answer?.transfer;
    if (transfer !== undefined && transfer !== "basic" && transfer !== "multipart" && !(transfer === "xet" && offer.xet)) {
      throw new HubError(`The LFS batch endpoint chose an unsupported transfer: ${String(answer?.transfer)}`);
    }
    const kind = transfer === "xet" ? "xet" : "basic";
    // One transfer for the whole upload: batches of 256 objects answering differently cannot be mixed.
    if (chosen !== undefined && chosen !== kind)
      throw new HubError(`The LFS batch endpoint chose ${kind} for some objects and ${chosen} for others`);
    chosen = kind;
    for (const object of answer?.objects ?? []) {
      if (object.error) {
        throw new HubHttpError({
          status: typeof object.error.code === "number" ? object.error.code : 422,
          method: "POST",
          url: redactUrl(`${hubUrl}${path}`),
          serverMessage: typeof object.error.message === "string" ? object.error.message : undefined,
          headline: `LFS batch endpoint refused object ${String(object.oid)}${typeof object.error.message === "string" ? `: ${object.error.message}` : ""}`,
        });
      }
      if (typeof object.oid !== "string" || typeof object.size !== "number")
        throw new HubError("The LFS batch answer is improperly formatted");
      result.set(object.oid, {
        oid: object.oid,
        size: object.size,
        ...(object.actions ? { actions: onEndpoint(object.actions, hubUrl) } : {}),
      });
    }
    for (const { oid } of batch) if (!result.has(oid)) throw new HubError(`The LFS batch answer does not mention object ${oid}`);
  }
  return { transfer: chosen ?? "basic", objects: result };
}

/** The Hub's public endpoint, which LFS actions name even when reached through a mirror or proxy. */
const PUBLIC_HUB = "https://huggingface.co";

/**
 * The actions with URLs on `https://huggingface.co` moved to the configured endpoint (mirrors and
 * proxies), as the Python client's `fix_hf_endpoint_in_url`: upload and verify `href`s, and the
 * part URLs of a multipart upload in `header`. Other hosts (storage) are left as they are.
 */
export function onEndpoint(actions: NonNullable<LfsBatchObject["actions"]>, hubUrl: string): NonNullable<LfsBatchObject["actions"]> {
  if (hubUrl === PUBLIC_HUB) return actions;
  const rewrite = (url: string) => (url === PUBLIC_HUB || url.startsWith(`${PUBLIC_HUB}/`) ? hubUrl + url.slice(PUBLIC_HUB.length) : url);
  const action = (lfsAction: LfsAction | undefined): LfsAction | undefined =>
    lfsAction && {
      ...lfsAction,
      href: typeof lfsAction.href === "string" ? rewrite(lfsAction.href) : lfsAction.href,
      ...(lfsAction.header
        ? {
            header: Object.fromEntries(
              Object.entries(lfsAction.header).map(([key, value]) => [key, typeof value === "string" ? rewrite(value) : value]),
            ),
          }
        : {}),
    };
  const upload = action(actions.upload);
  const verify = action(actions.verify);
  return { ...actions, ...(upload ? { upload } : {}), ...(verify ? { verify } : {}) };
}
