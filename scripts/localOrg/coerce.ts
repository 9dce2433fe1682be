/**
 * Turns values sent to the API into the values the local org stores, with Salesforce's errors for
 * values of the wrong type, out of range, too long or pointing at no record; and the date and
 * datetime text forms the API uses.
 */
import { asText, normalizeId } from '../metadata/ids';
import { sfError, SfError, type SfValue } from './records';
import type { FieldDef, Schema } from '../metadata/schema';
import { canonicalDateTime } from '../metadata/dateTime';

/** What reference checks need from the store. */
export interface ReferenceLookup {
  schema: Schema;
  /** Whether a live record of the type has the id. */
  exists: (type: string, id: string) => boolean;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function validDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Converts a JSON body value into the stored value for a field, or throws the Salesforce error. */
export function coerceValue(f: FieldDef, value: unknown, refs: ReferenceLookup): SfValue {
  if (value === null || value === undefined || value === '') {
    return f.type === 'boolean' ? false : null;
  }
  const bad = (kind: string): SfError =>
    sfError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${kind} from ${typeof value === 'string' ? 'VALUE_STRING' : 'value'} ${JSON.stringify(value)} for field ${f.name}`,
      [f.name]
    );
  if (typeof value === 'object') throw bad(f.type);
  switch (f.type) {
    case 'double':
    case 'int':
    case 'currency':
    case 'percent': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : NaN;
      if (!Number.isFinite(n)) throw bad('double');
      const scale = f.scale;
      const rounded = scale >= 0 ? Math.round(n * 10 ** scale) / 10 ** scale : n;
      const intDigits = Math.trunc(Math.abs(rounded)).toString().length;
      if (f.precision && intDigits > Math.max(f.precision - scale, 1))
        throw sfError(
          400,
          'NUMBER_OUTSIDE_VALID_RANGE',
          `${f.label}: value outside of valid range on numeric field: ${n}`,
          [f.name]
        );
      return rounded;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw bad('boolean');
    case 'date': {
      const text = asText(value);
      const day = text.length > 10 ? text.slice(0, 10) : text;
      if (typeof value !== 'string' || !validDate(day)) throw bad('date');
      return day;
    }
    case 'datetime': {
      const c = typeof value === 'string' ? canonicalDateTime(value) : null;
      if (!c) throw bad('datetime');
      return c;
    }
    case 'reference':
    case 'id': {
      const id = normalizeId(value);
      if (!id)
        throw sfError(400, 'MALFORMED_ID', `${f.label}: id value of incorrect type: ${asText(value)}`, [
          f.name
        ]);
      const target = refs.schema.objectForId(id);
      if (!target || !f.referenceTo.some((r) => r.toLowerCase() === target.name.toLowerCase()))
        throw sfError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          `field integrity exception: unknown (${f.label} must reference ${f.referenceTo.join(' or ')})`,
          [f.name]
        );
      if (!refs.exists(target.name, id))
        throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]);
      return id;
    }
    default: {
      const text = asText(value);
      if (f.length && text.length > f.length)
        throw sfError(
          400,
          'STRING_TOO_LONG',
          `${f.label}: data value too large: ${text.slice(0, 40)}${text.length > 40 ? '...' : ''} (max length=${f.length})`,
          [f.name]
        );
      if (f.type === 'email' && !EMAIL_RE.test(text))
        throw sfError(400, 'INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${text}`, [f.name]);
      if (
        f.type === 'picklist' &&
        f.restrictedPicklist &&
        !f.picklistValues.some((p) => p.value === text && p.active)
      )
        throw sfError(
          400,
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${f.label}: bad value for restricted picklist field: ${text}`,
          [f.name]
        );
      if (f.type === 'multipicklist' && f.restrictedPicklist) {
        for (const part of text.split(';')) {
          if (!f.picklistValues.some((p) => p.value === part))
            throw sfError(
              400,
              'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
              `${f.label}: bad value for restricted picklist field: ${part}`,
              [f.name]
            );
        }
      }
      return text;
    }
  }
}
