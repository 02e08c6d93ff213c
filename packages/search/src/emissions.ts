import { isRecord } from "@hub/core/internal";

/** The CO2 emissions (grams) a model card declares in `co2_eq_emissions`, or `undefined`. */
export function cardEmissions(cardData: Record<string, unknown> | undefined): number | undefined {
  if (!cardData) return undefined;
  let emission = cardData.co2_eq_emissions;
  if (isRecord(emission)) emission = emission.emissions;
  if (emission === undefined || emission === null || emission === "" || emission === 0 || emission === false) return undefined;
  const match = /\d+\.\d+|\d+/.exec(String(emission));
  return match ? Number.parseFloat(match[0]) : undefined;
}

/** Whether a card's emissions fall within `[minimum, maximum]` (models without emissions never do). */
export function withinEmissions(cardData: Record<string, unknown> | undefined, [minimum, maximum]: readonly [number, number]): boolean {
  const emission = cardEmissions(cardData);
  return emission !== undefined && emission >= minimum && emission <= maximum;
}
