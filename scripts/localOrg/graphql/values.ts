/**
 * Field values as the UI API GraphQL returns them: `{ value, displayValue }` (plus `label` on
 * picklists), with roll-ups computed, datetimes in ISO form and display values formatted en-US.
 */
import type { FieldDef, ObjectDef } from '../../metadata/schema';
import type { Rec, SfValue, Store } from '../store';
import { isoDateTime } from '../../metadata/dateTime';

/** What a `<Type>Value` object resolves from. */
export interface FieldValueOut {
  value: SfValue;
  displayValue: string | null;
  label: string | null;
}

/** The raw value of a field on a record: stored, rolled up, or null for formulas the local org does not evaluate. */
export function rawValue(store: Store, obj: ObjectDef, f: FieldDef, rec: Rec): SfValue {
  if (f.summary) return store.rollup(obj, f, rec);
  if (f.calculated && f.sourceType === 'Formula') return null;
  return rec[f.name] ?? null;
}

const numberFormat = (scale: number): Intl.NumberFormat =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: Math.max(scale, 0) });

/** The en-US display text of a value, where the UI API gives one. */
function display(f: FieldDef, v: SfValue): string | null {
  if (v === null) return null;
  switch (f.type) {
    case 'currency':
      return new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: f.scale,
        maximumFractionDigits: f.scale
      }).format(Number(v));
    case 'percent':
      return `${numberFormat(f.scale).format(Number(v))}%`;
    case 'double':
    case 'int':
      return numberFormat(f.scale).format(Number(v));
    case 'date': {
      const [y, m, d] = String(v).split('-').map(Number);
      return `${m}/${d}/${y}`;
    }
    case 'datetime':
      return new Intl.DateTimeFormat('en-US', {
        timeZone: 'UTC',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit'
      }).format(new Date(String(isoDateTime(v))));
    case 'picklist':
      return f.picklistValues.find((p) => p.value === v)?.label ?? String(v);
    case 'multipicklist':
      return String(v)
        .split(';')
        .map((part) => f.picklistValues.find((p) => p.value === part)?.label ?? part)
        .join(';');
    default:
      return null;
  }
}

/** The `{ value, displayValue, label }` of one field of a record. */
export function fieldValue(store: Store, obj: ObjectDef, f: FieldDef, rec: Rec): FieldValueOut {
  const raw = rawValue(store, obj, f, rec);
  const value = f.type === 'datetime' ? isoDateTime(raw) : raw;
  const label =
    (f.type === 'picklist' || f.type === 'multipicklist') && raw !== null ? (display(f, raw) ?? null) : null;
  return { value, displayValue: display(f, raw), label };
}
