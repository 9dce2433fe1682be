/**
 * Roll-up summary fields (COUNT, SUM, MIN, MAX with filter criteria), computed on every read from
 * the master-detail child index, as Salesforce keeps them current on every child save.
 */
import type { FieldDef } from '../metadata/schema';
import type { Rec, Table } from './records';

/** Computes a roll-up summary field for a parent record from its master-detail children. */
export function rollupValue(tableOf: (name: string) => Table, f: FieldDef, rec: Rec): number | string | null {
  const s = f.summary;
  if (!s) return null;
  const child = tableOf(s.childObject);
  const kids = child.childIndex.get(s.childField)?.get(rec.Id as string);
  let count = 0;
  let acc: number | string | null = null;
  const cf = s.summarizedField ? child.obj.fieldMap.get(s.summarizedField.toLowerCase()) : undefined;
  if (kids) {
    for (const k of kids) {
      if (k.IsDeleted || !summaryMatches(s.filters, k)) continue;
      if (s.operation === 'count') {
        count++;
        continue;
      }
      const v = cf ? k[cf.name] : null;
      if (v === null || v === undefined) continue;
      if (s.operation === 'sum') acc = ((acc as number | null) ?? 0) + Number(v);
      else if (acc === null || (s.operation === 'min' ? v < acc : v > acc)) acc = v as number | string;
    }
  }
  if (s.operation === 'count') return count;
  if (s.operation === 'sum') return acc ?? 0;
  return acc;
}

/** Whether a child record passes a roll-up summary's filter criteria. */
function summaryMatches(filters: { field: string; operation: string; value: string }[], rec: Rec): boolean {
  for (const flt of filters) {
    const v = rec[flt.field];
    const text = v === null || v === undefined ? '' : String(v);
    const options = flt.value.split(',').map((s) => s.trim());
    const num = Number(flt.value);
    switch (flt.operation) {
      case 'equals':
        if (!options.some((o) => o.toLowerCase() === text.toLowerCase())) return false;
        break;
      case 'notEqual':
        if (options.some((o) => o.toLowerCase() === text.toLowerCase())) return false;
        break;
      case 'lessThan':
        if (!(Number(v) < num)) return false;
        break;
      case 'greaterThan':
        if (!(Number(v) > num)) return false;
        break;
      case 'lessOrEqual':
        if (!(Number(v) <= num)) return false;
        break;
      case 'greaterOrEqual':
        if (!(Number(v) >= num)) return false;
        break;
      case 'contains':
        if (!options.some((o) => text.toLowerCase().includes(o.toLowerCase()))) return false;
        break;
      case 'notContain':
        if (options.some((o) => text.toLowerCase().includes(o.toLowerCase()))) return false;
        break;
      case 'startsWith':
        if (!options.some((o) => text.toLowerCase().startsWith(o.toLowerCase()))) return false;
        break;
      case 'includes':
        if (!options.some((o) => text.split(';').includes(o))) return false;
        break;
      case 'excludes':
        if (options.some((o) => text.split(';').includes(o))) return false;
        break;
      default:
        throw new Error(`Unsupported roll-up filter operation ${flt.operation}`);
    }
  }
  return true;
}
