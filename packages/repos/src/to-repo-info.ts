import type { RepoType } from "@hub/core";
import { isRecord, optionalDate, optionalNumber, optionalString, optionalStrings } from "@hub/core/internal";
import type { DatasetInfo, LfsInfo, ModelInfo, RepoInfo, RepoInfoBase, RepoSibling, SpaceInfo } from "./repo-info-types.ts";

/** LFS metadata from a sibling (`sha256`) or tree entry (`oid`). */
export function toLfsInfo(value: unknown): LfsInfo | undefined {
  if (!isRecord(value)) return undefined;
  const sha256 = optionalString(value.sha256) ?? optionalString(value.oid);
  const size = optionalNumber(value.size);
  if (sha256 === undefined || size === undefined) return undefined;
  return { sha256, size, pointerSize: optionalNumber(value.pointerSize) };
}

/** Converts one `siblings` item. */
export function toRepoSibling(raw: unknown): RepoSibling {
  const object = isRecord(raw) ? raw : {};
  return {
    path: optionalString(object.rfilename) ?? "",
    size: optionalNumber(object.size),
    blobId: optionalString(object.blobId),
    lfs: toLfsInfo(object.lfs),
    raw: object,
  };
}

function toBase(object: Record<string, unknown>, repoType: RepoType): RepoInfoBase {
  const gated = object.gated === "auto" || object.gated === "manual" ? object.gated : false;
  return {
    id: optionalString(object.id) ?? optionalString(object.modelId) ?? "",
    repoType,
    author: optionalString(object.author),
    sha: optionalString(object.sha),
    lastModified: optionalDate(object.lastModified),
    createdAt: optionalDate(object.createdAt),
    private: object.private === true,
    gated,
    disabled: object.disabled === true,
    likes: optionalNumber(object.likes) ?? 0,
    downloads: optionalNumber(object.downloads) ?? 0,
    tags: optionalStrings(object.tags) ?? [],
    siblings: Array.isArray(object.siblings) ? object.siblings.map(toRepoSibling) : undefined,
    cardData: isRecord(object.cardData) ? object.cardData : undefined,
    raw: object,
  };
}

/** Converts a server repo object into the typed info of its type. */
export function toRepoInfo(raw: unknown, repoType: RepoType): RepoInfo {
  const object = isRecord(raw) ? raw : {};
  if (repoType === "dataset") {
    const info: DatasetInfo = {
      ...toBase(object, "dataset"),
      repoType: "dataset",
      description: optionalString(object.description),
      citation: optionalString(object.citation),
      paperswithcodeId: optionalString(object.paperswithcode_id),
    };
    return info;
  }
  if (repoType === "space") {
    const info: SpaceInfo = {
      ...toBase(object, "space"),
      repoType: "space",
      sdk: optionalString(object.sdk),
      runtime: isRecord(object.runtime) ? object.runtime : undefined,
      models: optionalStrings(object.models),
      datasets: optionalStrings(object.datasets),
    };
    return info;
  }
  const info: ModelInfo = {
    ...toBase(object, "model"),
    repoType: "model",
    pipelineTag: optionalString(object.pipeline_tag),
    libraryName: optionalString(object.library_name),
    config: isRecord(object.config) ? object.config : undefined,
    securityStatus: isRecord(object.securityStatus) ? object.securityStatus : undefined,
  };
  return info;
}
