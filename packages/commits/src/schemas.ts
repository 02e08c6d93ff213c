import { HubOptionsEntries, PathInRepoSchema, RepoParamsEntries, RevisionSchema, clientEntry } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";
import { isCommitContent } from "./byte-source.ts";
import type { CommitContent, CommitProgressEvent } from "./types.ts";

/** A commit title: trimmed, not empty. */
export const CommitMessageSchema = v.pipe(v.string("must be a string"), v.trim(), v.nonEmpty("must not be empty"));

/** A parent commit id: 5 to 40 hex characters. */
export const ParentCommitSchema = v.pipe(
  v.string("must be a string"),
  v.regex(/^[0-9a-fA-F]{5,40}$/, "must be a commit id of 5 to 40 hex characters"),
);

/** Content of an added file. */
export const ContentSchema = v.custom<CommitContent>(
  isCommitContent,
  "must be a Blob, a Uint8Array, an ArrayBuffer, { stream: ReadableStream, size } or { stream(start, end), size }",
);

/** A folder path: a repo path, optionally ending with `/` (kept). */
export const FolderPathSchema = v.pipe(
  v.string("must be a string"),
  v.check((path) => !/^(\.\/)*\/?$/.test(path), "must not be empty"),
  v.transform((path) => (path.endsWith("/") ? path.slice(0, -1) : path)),
  PathInRepoSchema,
);

/** Entries every commit-making function shares (everything but the operations and the message). */
export const CommitEntries = {
  ...HubOptionsEntries,
  ...RepoParamsEntries,
  ...clientEntry(CLIENT),
  commitDescription: v.optional(v.string("must be a string")),
  revision: v.optional(RevisionSchema),
  createPr: v.optional(v.boolean("must be a boolean")),
  numThreads: v.optional(
    v.pipe(
      v.number("must be a number"),
      v.integer("must be an integer"),
      v.minValue(1, "must be at least 1"),
      v.maxValue(64, "must be at most 64"),
    ),
  ),
  uploadConcurrency: v.optional(
    v.pipe(
      v.number("must be a number"),
      v.integer("must be an integer"),
      v.minValue(1, "must be at least 1"),
      v.maxValue(64, "must be at most 64"),
    ),
  ),
  parentCommit: v.optional(ParentCommitSchema),
  useXet: v.optional(v.boolean("must be a boolean")),
  stallTimeout: v.optional(
    v.union([v.literal(false), v.pipe(v.number(), v.integer(), v.minValue(1))], "must be a positive integer (milliseconds) or false"),
  ),
  onProgress: v.optional(v.custom<(event: CommitProgressEvent) => void>((value) => typeof value === "function", "must be a function")),
};

const AddSchema = v.object({ operation: v.literal("add"), pathInRepo: PathInRepoSchema, content: ContentSchema });

const DeleteSchema = v.pipe(
  v.object({
    operation: v.literal("delete"),
    pathInRepo: v.string("must be a string"),
    isFolder: v.optional(v.union([v.boolean(), v.literal("auto")], 'must be true, false or "auto"')),
  }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const { pathInRepo, isFolder = "auto" } = dataset.value;
    const folder = isFolder === "auto" ? pathInRepo.endsWith("/") : isFolder;
    const result = v.safeParse(folder ? FolderPathSchema : PathInRepoSchema, pathInRepo);
    if (!result.success) {
      addIssue({
        message: result.issues[0].message,
        path: [{ type: "object", origin: "value", input: dataset.value, key: "pathInRepo", value: pathInRepo }],
      });
      return NEVER;
    }
    return { operation: "delete" as const, pathInRepo: result.output, isFolder: folder };
  }),
);

const CopySchema = v.object({
  operation: v.literal("copy"),
  srcPathInRepo: PathInRepoSchema,
  pathInRepo: PathInRepoSchema,
  srcRevision: v.optional(RevisionSchema),
});

/** One operation, with normalised paths; deletes come out with a boolean `isFolder`. */
export const OperationSchema = v.variant(
  "operation",
  [AddSchema, DeleteSchema, CopySchema],
  'must have operation "add", "delete" or "copy"',
);

/** Validated operation (paths normalised). */
export type ParsedOperation = v.InferOutput<typeof OperationSchema>;
