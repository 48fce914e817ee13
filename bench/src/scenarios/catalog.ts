import { coldLoadScenario } from './cold-load';
import { connectionStormScenario } from './connection-storm';
import { fanoutScenario } from './fanout';
import { manyChaptersScenario } from './many-chapters';
import { saturationScenario } from './saturation';
import type { Scenario } from './scenario';

export const allScenarios: readonly Scenario[] = [
  fanoutScenario,
  saturationScenario,
  manyChaptersScenario,
  coldLoadScenario,
  connectionStormScenario,
];

/** Resolves scenario ids to scenarios in their canonical order; throws on an unknown id. */
export function selectScenarios(ids: readonly string[] | null): Scenario[] {
  if (ids === null) return [...allScenarios];
  for (const id of ids) {
    if (!allScenarios.some((scenario) => scenario.id === id)) {
      throw new RangeError(`unknown scenario "${id}"; known: ${allScenarios.map((s) => s.id).join(', ')}`);
    }
  }
  return allScenarios.filter((scenario) => ids.includes(scenario.id));
}
