/**
 * Keeps the rating screen's unsaved edits in the browser session (per rep and period), so a page
 * reload, a refused stale save followed by a reload, or a crash can offer to re-apply them.
 * Nothing leaves the browser; a stored copy is dropped once the edits are saved or discarded.
 */

/** A behaviour's edits on top of what was saved. */
export interface RatingEdit {
  rating?: string | null;
  evidence?: string;
  opportunityId?: string | null;
}

/** Everything the user changed since the last load. */
export interface Edits {
  ratings: Record<string, RatingEdit>;
  scope?: string | null;
  impact?: string | null;
  final?: number | null;
  overrideReason?: string;
}

const PREFIX = 'salesCompetency.ratingEdits:';

/** The storage key of one rep's period. */
export function draftKey(repId: string, period: string): string {
  return `${PREFIX}${repId.slice(0, 15)}:${period}`;
}

/** How many things the edits change. */
export function editCount(edits: Edits): number {
  let count = 0;
  for (const edit of Object.values(edits.ratings)) count += Object.keys(edit).length;
  for (const key of ['scope', 'impact', 'final', 'overrideReason'] as const) {
    if (edits[key] !== undefined) count++;
  }
  return count;
}

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' && window.sessionStorage ? window.sessionStorage : null;
  } catch {
    return null; // storage switched off by the browser
  }
}

const isText = (v: unknown): boolean => typeof v === 'string';
const isTextOrNull = (v: unknown): boolean => v === null || typeof v === 'string';

/** Reads stored edits; anything malformed is dropped rather than trusted. */
export function loadDraft(key: string): Edits | null {
  const raw = storage()?.getItem(key);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<Edits>;
    if (!parsed || typeof parsed !== 'object' || !parsed.ratings || typeof parsed.ratings !== 'object')
      return null;
    const ratings: Record<string, RatingEdit> = {};
    for (const [id, edit] of Object.entries(parsed.ratings)) {
      if (!edit || typeof edit !== 'object') return null;
      const clean: RatingEdit = {};
      if ('rating' in edit) {
        if (!isTextOrNull(edit.rating)) return null;
        clean.rating = edit.rating;
      }
      if ('evidence' in edit) {
        if (!isText(edit.evidence)) return null;
        clean.evidence = edit.evidence;
      }
      if ('opportunityId' in edit) {
        if (!isTextOrNull(edit.opportunityId)) return null;
        clean.opportunityId = edit.opportunityId;
      }
      ratings[id] = clean;
    }
    const edits: Edits = { ratings };
    if (parsed.scope !== undefined) edits.scope = isTextOrNull(parsed.scope) ? parsed.scope : null;
    if (parsed.impact !== undefined) edits.impact = isTextOrNull(parsed.impact) ? parsed.impact : null;
    if (parsed.final !== undefined) edits.final = typeof parsed.final === 'number' ? parsed.final : null;
    if (parsed.overrideReason !== undefined) edits.overrideReason = String(parsed.overrideReason);
    return editCount(edits) ? edits : null;
  } catch {
    return null;
  }
}

/** Stores the edits, or removes the stored copy when there are none. */
export function saveDraft(key: string, edits: Edits): void {
  const store = storage();
  if (!store) return;
  try {
    if (editCount(edits)) store.setItem(key, JSON.stringify(edits));
    else store.removeItem(key);
  } catch {
    // a full or disabled storage only loses the reload safety net, never the edits on screen
  }
}

/** Drops the stored copy. */
export function clearDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // nothing stored
  }
}
