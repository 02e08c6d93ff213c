import { HubError } from "@hub/core";
import type { DiscussionEvent } from "./discussion-types.ts";
import { toDiscussionEvent } from "./to-discussion-event.ts";

/**
 * The typed event under `key` of a change's answer (`newMessage`, `newTitle`, `newStatus`, `updatedComment`).
 * @throws {HubError} when the answer lacks it or holds an event of another type.
 */
export function eventFromAnswer<Type extends DiscussionEvent["type"]>(
  answer: Record<string, unknown>,
  key: string,
  type: Type,
): Extract<DiscussionEvent, { type: Type }> {
  const event = toDiscussionEvent(answer[key]);
  if (event.type !== type) throw new HubError(`The Hub's answer lacks a "${type}" event under "${key}"`);
  return event as Extract<DiscussionEvent, { type: Type }>;
}
