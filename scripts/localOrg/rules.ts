/**
 * The package's validation rules, evaluated on every API write as Salesforce does: each object's
 * active rules are parsed once, then run against the record about to be saved (with its prior
 * values, parent paths, roll-ups, the acting user and their custom permissions).
 */
import { evaluate, parseFormula, type FValue } from './formula';
import { sfError, type Rec, type SfValue, type Table } from './records';
import type { FieldDef, ObjectDef, Schema } from '../metadata/schema';

/** What a rule needs from the store while it runs. */
export interface RuleHost {
  table(type: string): Table;
  rollup(obj: ObjectDef, f: FieldDef, rec: Rec): number | string | null;
  readonly currentUserId: string;
  readonly permissions: Set<string>;
}

interface CompiledRule {
  name: string;
  node: ReturnType<typeof parseFormula>;
  message: string;
  field: string | null;
}

/** The active validation rules of a schema, compiled. */
export class ValidationRules {
  private readonly byObject = new Map<ObjectDef, CompiledRule[]>();

  /** Compiles every active rule; a rule the evaluator cannot parse fails here, naming the rule. */
  constructor(schema: Schema) {
    for (const obj of schema.list()) {
      const compiled = obj.validationRules
        .filter((r) => r.active)
        .map((r) => {
          try {
            return {
              name: r.name,
              node: parseFormula(r.formula),
              message: r.errorMessage,
              field: r.errorDisplayField
            };
          } catch (e) {
            throw new Error(`Validation rule ${obj.name}.${r.name}: ${(e as Error).message}`);
          }
        });
      if (compiled.length) this.byObject.set(obj, compiled);
    }
  }

  /** Throws FIELD_CUSTOM_VALIDATION_EXCEPTION for the first rule the record breaks. */
  check(host: RuleHost, t: Table, rec: Rec, before: Rec | null): void {
    const rules = this.byObject.get(t.obj);
    if (!rules) return;
    const read = (from: Rec | null, p: string): FValue => {
      if (!from) return null;
      const parts = p.split('.');
      let obj = t.obj;
      let r: Rec | undefined = from;
      for (let i = 0; i < parts.length - 1; i++) {
        const rel = obj.relationshipMap.get(parts[i].toLowerCase());
        if (!rel) throw new Error(`Validation rule on ${t.obj.name}: unknown relationship ${parts[i]}`);
        const id: SfValue = r[rel.name];
        r = typeof id === 'string' ? host.table(rel.referenceTo[0]).byId.get(id) : undefined;
        if (!r) return null;
        obj = host.table(rel.referenceTo[0]).obj;
      }
      const f = obj.fieldMap.get(parts[parts.length - 1].toLowerCase());
      if (!f) throw new Error(`Validation rule on ${t.obj.name}: unknown field ${p}`);
      if (f.summary) return host.rollup(obj, f, r);
      return r[f.name] ?? null;
    };
    const ctx = {
      get: (p: string) => read(rec, p),
      prior: (p: string) => read(before, p),
      isNew: before === null,
      userId: host.currentUserId,
      hasPermission: (name: string) => host.permissions.has(name)
    };
    for (const rule of rules) {
      if (evaluate(rule.node, ctx) === true)
        throw sfError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.message, rule.field ? [rule.field] : []);
    }
  }
}
