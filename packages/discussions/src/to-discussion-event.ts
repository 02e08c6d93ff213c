import type {
  DiscussionComment,
  DiscussionCommentVersion,
  DiscussionEvent,
  DiscussionEventBase,
  DiscussionStatus,
} from "./discussion-types.ts";

type RawObject = Record<string, unknown>;

/** `value` when it is a plain object, else an empty one. */
export function asObject(value: unknown): RawObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as RawObject) : {};
}

/** `value` when it is a string, else `fallback`. */
export function asString(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

/** A date from an ISO string, `undefined` when absent or invalid. */
export function asDate(value: unknown): Date | undefined {
  if (typeof value !== "string") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The `name` of an author object, `"deleted"` when missing. */
export function authorName(value: unknown): string {
  return asString(asObject(value).name, "deleted");
}

function toVersion(value: unknown): DiscussionCommentVersion {
  const version = asObject(value);
  return {
    content: asString(version.raw),
    rendered: typeof version.html === "string" ? version.html : undefined,
    updatedAt: asDate(version.updatedAt),
    author: typeof asObject(version.author).name === "string" ? asString(asObject(version.author).name) : undefined,
  };
}

function toComment(base: DiscussionEventBase, data: RawObject): DiscussionComment {
  const latest = toVersion(data.latest);
  const editHistory = Array.isArray(data.history) ? data.history.map(toVersion) : [];
  return {
    ...base,
    type: "comment",
    content: latest.content,
    edited: data.edited === true,
    hidden: data.hidden === true,
    rendered: latest.rendered ?? "",
    lastEditedAt: latest.updatedAt,
    lastEditedBy: latest.author,
    editHistory,
    numberOfEdits: editHistory.length,
  };
}

/**
 * Converts a raw event of the Hub (`comment`, `status-change`, `title-change`, `commit` or any other
 * type) into a typed `DiscussionEvent`; unknown types become `{ type: "other", eventType }`.
 */
export function toDiscussionEvent(value: unknown): DiscussionEvent {
  const raw = asObject(value);
  const data = asObject(raw.data);
  const base: DiscussionEventBase = {
    id: asString(raw.id),
    createdAt: asDate(raw.createdAt) ?? new Date(0),
    author: authorName(raw.author),
    raw,
  };
  const type = asString(raw.type);
  switch (type) {
    case "comment":
      return toComment(base, data);
    case "status-change":
      return { ...base, type, newStatus: asString(data.status) as DiscussionStatus };
    case "title-change":
      return { ...base, type, oldTitle: asString(data.from), newTitle: asString(data.to) };
    case "commit":
      return { ...base, type, summary: asString(data.subject), oid: asString(data.oid) };
    default:
      return { ...base, type: "other", eventType: type };
  }
}
