/**
 * The local org's records and their tables: the stored value and record shapes, Salesforce-shaped
 * API errors, and one table per object with its id, external-id, unique and master-detail indexes.
 */
import { idNumber } from '../metadata/ids';
import type { FieldDef, ObjectDef } from '../metadata/schema';

/** A stored field value, in the JSON form the REST API returns. */
export type SfValue = string | number | boolean | null;
/** A stored record: canonical field names to values (roll-ups and formulas are not stored). */
export type Rec = Record<string, SfValue>;

/** One error in Salesforce's JSON error shape. */
export interface SfErrorBody {
  message: string;
  errorCode: string;
  fields: string[];
}

/** An API error: an HTTP status and Salesforce-shaped error bodies. */
export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errors: SfErrorBody[]
  ) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
    this.name = 'SfError';
  }
}

/** Shorthand for a single-error SfError. */
export function sfError(status: number, errorCode: string, message: string, fields: string[] = []): SfError {
  return new SfError(status, [{ message, errorCode, fields }]);
}

/**
 * Id to row lookup without a per-record map entry: ids are issued in row order (row n has record
 * number n + 1), so the id itself says where its row is; ids that break the pattern go to a map.
 */
export class IdIndex {
  private readonly others = new Map<string, Rec>();
  constructor(private readonly rows: Rec[]) {}

  /** The row with this 18-character id, deleted or not. */
  get(id: string): Rec | undefined {
    const row = this.rows[idNumber(id) - 1];
    if (row !== undefined && row.Id === id) return row;
    return this.others.size ? this.others.get(id) : undefined;
  }

  /** Registers a row after it was appended to the table. */
  set(id: string, rec: Rec): void {
    if (this.rows[idNumber(id) - 1] !== rec) this.others.set(id, rec);
  }

  /** Forgets a row (before it is removed from the table). */
  delete(id: string): void {
    this.others.delete(id);
  }

  /** Forgets every row. */
  clear(): void {
    this.others.clear();
  }
}

/** One object's rows and indexes. */
export class Table {
  readonly rows: Rec[] = [];
  readonly byId = new IdIndex(this.rows);
  /** Lower-case unique/external-id field name to (normalized value to records). */
  readonly keyIndex = new Map<string, Map<string, Rec[]>>();
  /** Master-detail field name to (parent id to child records). */
  readonly childIndex = new Map<string, Map<string, Set<Rec>>>();
  /** Storable fields in a fixed order, so every row shares one shape. */
  readonly stored: FieldDef[];
  nextNum = 1;
  readonly autoNumbers = new Map<string, number>();

  constructor(readonly obj: ObjectDef) {
    this.stored = obj.fields.filter((f) => !f.summary && !(f.calculated && f.sourceType === 'Formula'));
    for (const f of obj.fields) {
      if (f.externalId || f.unique) this.keyIndex.set(f.name.toLowerCase(), new Map());
      if (f.masterDetail) this.childIndex.set(f.name, new Map());
      if (f.autoNumber) this.autoNumbers.set(f.name, f.startingNumber);
    }
  }

  /** Live (not deleted) row count. */
  get size(): number {
    let n = 0;
    for (const r of this.rows) if (!r.IsDeleted) n++;
    return n;
  }
}
