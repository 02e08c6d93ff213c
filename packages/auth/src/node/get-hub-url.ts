import { DEFAULT_HUB_URL } from "@hub/core";
import type { EnvironmentOptions } from "./paths.ts";

/** The Hub endpoint: `HF_ENDPOINT` without trailing slashes, else `https://huggingface.co`. */
export function getHubUrl(options: EnvironmentOptions = {}): string {
  const endpoint = (options.env ?? process.env).HF_ENDPOINT?.trim();
  return endpoint ? endpoint.replace(/\/+$/, "") : DEFAULT_HUB_URL;
}
