import { HubError } from "@hub/core";

/** Thrown when the Xet CAS answers in a way the upload cannot go on from: the message says what to do. */
export class XetUploadError extends HubError {
  override name = "XetUploadError";
}
