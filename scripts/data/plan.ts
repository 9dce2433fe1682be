/**
 * Reads the default content in `data/` (Salesforce CLI tree-import plans) into one ordered list of
 * records keyed by `Key__c`, so the importer, the deploy script and the local org all load the
 * same content the same way, and `@Ref` links become stable external-key references.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The repository's content folder. */
export const DATA_DIR = resolve(__dirname, '..', '..', 'data');

/** The external key every model record carries. */
export const KEY_FIELD = 'Key__c';

/** One content record, with its parent links resolved to the parent's object and key. */
export interface PlanRecord {
  sobject: string;
  referenceId: string;
  key: string;
  /** Every field of the record (Key__c included) except the `@Ref` parent links. */
  fields: Record<string, unknown>;
  parents: { field: string; sobject: string; key: string }[];
}

/** The sObject Collections upsert shape of a record. */
export type UpsertRecord = { attributes: { type: string } } & Record<string, unknown>;

/** One entry of a `*-plan.json` file, as `sf data import tree --plan` reads it. */
interface PlanEntry {
  sobject: string;
  saveRefs?: boolean;
  resolveRefs?: boolean;
  files: string[];
}

/** Raised for content that cannot be imported; the message names the file and the record. */
export class PlanError extends Error {
  /** Keeps the name visible in stack traces and test output. */
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** Lists the plan files of a folder in name order. */
export function planFiles(dataDir: string = DATA_DIR): string[] {
  if (!existsSync(dataDir)) throw new PlanError(`Content folder not found: ${dataDir}`);
  const files = readdirSync(dataDir)
    .filter((f) => f.endsWith('-plan.json'))
    .sort();
  if (!files.length) throw new PlanError(`No *-plan.json files in ${dataDir}`);
  return files.map((f) => join(dataDir, f));
}

/** Parses a JSON file, naming the file in any error. */
function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new PlanError(`Missing ${what}: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new PlanError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Checks one plan file's structure. */
function parsePlan(path: string): PlanEntry[] {
  const plan = readJson(path, 'plan file');
  if (!Array.isArray(plan)) throw new PlanError(`${basename(path)}: a plan must be a JSON array`);
  return plan.map((entry, i) => {
    const e = entry as Partial<PlanEntry>;
    if (typeof e?.sobject !== 'string' || !e.sobject) {
      throw new PlanError(`${basename(path)} entry ${i}: "sobject" is required`);
    }
    if (!Array.isArray(e.files) || !e.files.every((f) => typeof f === 'string')) {
      throw new PlanError(
        `${basename(path)} entry ${i} (${e.sobject}): "files" must be an array of file names`
      );
    }
    return e as PlanEntry;
  });
}

/** Reads one plan into records, resolving `@Ref` links within that plan (as the CLI does). */
function readPlan(planPath: string, dataDir: string, seenKeys: Map<string, string>): PlanRecord[] {
  const planName = basename(planPath);
  const refs = new Map<string, PlanRecord>();
  const out: PlanRecord[] = [];
  for (const entry of parsePlan(planPath)) {
    for (const file of entry.files) {
      const where = `${planName} > ${file}`;
      const data = readJson(join(dataDir, file), `data file (listed in ${planName})`) as {
        records?: unknown;
      };
      if (!data || !Array.isArray(data.records)) {
        throw new PlanError(`${where}: expected an object with a "records" array`);
      }
      data.records.forEach((raw, i) => {
        const rec = raw as Record<string, unknown> & { attributes?: { type?: string; referenceId?: string } };
        const type = rec.attributes?.type;
        const referenceId = rec.attributes?.referenceId;
        const label = `${where} record ${i}${referenceId ? ` (${referenceId})` : ''}`;
        if (type !== entry.sobject) {
          throw new PlanError(`${label}: attributes.type is "${type}", the plan says "${entry.sobject}"`);
        }
        if (typeof referenceId !== 'string' || !referenceId) {
          throw new PlanError(`${label}: attributes.referenceId is required`);
        }
        if (refs.has(referenceId)) throw new PlanError(`${label}: referenceId ${referenceId} is used twice`);
        const key = rec[KEY_FIELD];
        if (typeof key !== 'string' || !key.trim()) throw new PlanError(`${label}: ${KEY_FIELD} is missing`);
        const firstSeen = seenKeys.get(key);
        if (firstSeen)
          throw new PlanError(`${label}: duplicate ${KEY_FIELD} "${key}" (first in ${firstSeen})`);
        seenKeys.set(key, label);

        const fields: Record<string, unknown> = {};
        const parents: PlanRecord['parents'] = [];
        for (const [field, value] of Object.entries(rec)) {
          if (field === 'attributes') continue;
          if (typeof value === 'string' && value.startsWith('@')) {
            if (!entry.resolveRefs) {
              throw new PlanError(
                `${label}: ${field} refers to ${value} but the plan entry lacks "resolveRefs": true`
              );
            }
            const parent = refs.get(value.slice(1));
            if (!parent) {
              throw new PlanError(
                `${label}: ${field} refers to ${value}, which no earlier record in ${planName} saves`
              );
            }
            parents.push({ field, sobject: parent.sobject, key: parent.key });
          } else {
            fields[field] = value;
          }
        }
        const record: PlanRecord = { sobject: entry.sobject, referenceId, key, fields, parents };
        if (entry.saveRefs) refs.set(referenceId, record);
        out.push(record);
      });
    }
  }
  return out;
}

/** Reads every plan in `dataDir`, in plan order (parents before children), keys unique across all. */
export function readPlans(dataDir: string = DATA_DIR): PlanRecord[] {
  const seenKeys = new Map<string, string>();
  return planFiles(dataDir).flatMap((p) => readPlan(p, dataDir, seenKeys));
}

/** The relationship name of a custom lookup field: `Dimension__c` -> `Dimension__r`. */
export function relationshipName(field: string): string {
  if (!field.endsWith('__c'))
    throw new PlanError(`${field} is not a custom field; cannot name its relationship`);
  return `${field.slice(0, -3)}__r`;
}

/** Turns a record into the sObject Collections upsert shape, parents referenced by their Key__c. */
export function toUpsertRecord(r: PlanRecord): UpsertRecord {
  const out: UpsertRecord = { attributes: { type: r.sobject }, ...r.fields };
  for (const p of r.parents) out[relationshipName(p.field)] = { [KEY_FIELD]: p.key };
  return out;
}
