/**
 * The one-to-one agenda: a rep's self-assessment beside their manager's, behaviour by behaviour,
 * with the behaviours where the two differ by two points or more first (the biggest gap first).
 */
import { ScoringInputError } from './core';
import type { RatingInput } from './ratings';

/** A behaviour as the agenda lists it, in the model's order. */
export interface AgendaBehavior {
  id: string;
  name: string;
}

/** One behaviour's two ratings and how far apart they are (null unless both are 1-5). */
export interface AgendaItem {
  id: string;
  name: string;
  self: RatingInput;
  manager: RatingInput;
  /** self minus manager: positive when the rep rates themselves higher. */
  difference: number | null;
}

/** The agenda: what to talk about (gap of 2 or more), then every other behaviour. */
export interface Agenda {
  discuss: AgendaItem[];
  others: AgendaItem[];
}

/** Differences of this many points or more go on the agenda. */
export const AGENDA_MIN_GAP = 2;

const point = (value: RatingInput, where: string): number | null => {
  if (value === null || value === undefined || value === 'N/A') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 5)
    throw new ScoringInputError(`${where}: ${String(value)} is not a rating`);
  return n;
};

/** Pairs the two assessments' ratings per behaviour and puts the large gaps first. */
export function selfManagerAgenda(
  behaviors: readonly AgendaBehavior[],
  self: Readonly<Record<string, RatingInput>>,
  manager: Readonly<Record<string, RatingInput>>
): Agenda {
  const items = behaviors.map((b): AgendaItem => {
    const s = point(self[b.id], `self rating of ${b.name}`);
    const m = point(manager[b.id], `manager rating of ${b.name}`);
    return {
      id: b.id,
      name: b.name,
      self: self[b.id] ?? null,
      manager: manager[b.id] ?? null,
      difference: s === null || m === null ? null : s - m
    };
  });
  const gap = (item: AgendaItem): number => Math.abs(item.difference ?? 0);
  const discuss = items
    .map((item, order) => ({ item, order }))
    .filter(({ item }) => gap(item) >= AGENDA_MIN_GAP)
    .sort((a, b) => gap(b.item) - gap(a.item) || a.order - b.order)
    .map(({ item }) => item);
  const others = items.filter((item) => gap(item) < AGENDA_MIN_GAP);
  return { discuss, others };
}
