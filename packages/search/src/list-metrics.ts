import { type HubOptions, hubRequest } from "@hub/core";
import { HubOptionsSchema, isRecord, optionalString, parse } from "@hub/core/internal";

/** A metric of the Hub's catalog. */
export interface MetricInfo {
  id: string;
  description: string | undefined;
  citation: string | undefined;
  /** The server's object as received (with the legacy `key`). */
  raw: Record<string, unknown>;
}

/** Parameters of `listMetrics`. */
export type ListMetricsParams = HubOptions;

/**
 * Lists the metrics the Hub knows (`GET /api/metrics`).
 * @example const metrics = await listMetrics(); metrics.map((metric) => metric.id);
 * @throws {HubValidationError} on bad options, before any request.
 * @throws {HubHttpError} when the Hub refuses.
 */
export async function listMetrics(params: ListMetricsParams = {}): Promise<MetricInfo[]> {
  const options = parse(HubOptionsSchema, params);
  const raw = await hubRequest(options, { path: "/api/metrics" });
  return (Array.isArray(raw) ? raw : []).filter(isRecord).map((metric) => ({
    id: optionalString(metric.id) ?? "",
    description: optionalString(metric.description),
    citation: optionalString(metric.citation),
    raw: metric,
  }));
}
