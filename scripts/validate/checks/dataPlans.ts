/**
 * Check: the default content in `data/` fits the package: every plan names files that exist,
 * objects and fields that exist, picklist values the field allows, and `@Ref` references that
 * point to an earlier record of the object the lookup expects.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findField, findObject, rel, type ProjectModel } from '../project';
import type { Issue } from '../issues';

interface PlanEntry {
  sobject: string;
  files: string[];
}
interface PlanRecordJson {
  attributes?: { type?: string; referenceId?: string };
  [field: string]: unknown;
}

const READ_ONLY_TYPES = new Set(['Summary', 'AutoNumber', 'Formula']);

function parseJson(file: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reports every problem in every `data/*-plan.json` and the files it lists. */
export function checkDataPlans(model: ProjectModel, dataDir = join(model.root, 'data')): Issue[] {
  const issues: Issue[] = [];
  if (!existsSync(dataDir)) return issues;
  const refs = new Map<string, string>(); // referenceId -> sobject, across plans in name order
  const plans = readdirSync(dataDir)
    .filter((f) => f.endsWith('-plan.json'))
    .sort();
  for (const planName of plans) {
    const planFile = join(dataDir, planName);
    const planRel = rel(model, planFile);
    const parsed = parseJson(planFile);
    if (parsed.error || !Array.isArray(parsed.value)) {
      issues.push({
        file: planRel,
        element: 'plan',
        message: parsed.error ?? 'a plan is a JSON array of steps'
      });
      continue;
    }
    for (const [i, step] of (parsed.value as PlanEntry[]).entries()) {
      const object = findObject(model, step.sobject ?? '');
      if (!object) {
        issues.push({
          file: planRel,
          element: `step ${i + 1} sobject ${step.sobject}`,
          message: `object ${step.sobject} does not exist`
        });
        continue;
      }
      for (const name of step.files ?? []) {
        const dataFile = join(dataDir, name);
        const dataRel = rel(model, dataFile);
        if (!existsSync(dataFile)) {
          issues.push({
            file: planRel,
            element: `step ${i + 1} files ${name}`,
            message: `file ${name} does not exist`
          });
          continue;
        }
        const data = parseJson(dataFile);
        const records = (data.value as { records?: PlanRecordJson[] } | undefined)?.records;
        if (data.error || !Array.isArray(records)) {
          issues.push({
            file: dataRel,
            element: 'records',
            message: data.error ?? 'expected { "records": [...] }'
          });
          continue;
        }
        for (const [r, record] of records.entries()) {
          const id = record.attributes?.referenceId ?? `#${r + 1}`;
          const type = record.attributes?.type ?? '';
          if (type.toLowerCase() !== object.name.toLowerCase()) {
            issues.push({
              file: dataRel,
              element: `${id} attributes.type`,
              message: `"${type}" does not match the plan's sobject ${object.name}`
            });
          }
          for (const [fieldName, value] of Object.entries(record)) {
            if (fieldName === 'attributes') continue;
            const element = `${id}.${fieldName}`;
            const field = findField(model, object.name, fieldName);
            if (!field) {
              issues.push({
                file: dataRel,
                element,
                message: `field ${fieldName} does not exist on ${object.name}`
              });
              continue;
            }
            if (
              READ_ONLY_TYPES.has(field.type) ||
              (field.standard && ['Id', 'CreatedDate', 'SystemModstamp'].includes(field.name))
            ) {
              issues.push({
                file: dataRel,
                element,
                message: `${fieldName} is not writable (${field.type})`
              });
              continue;
            }
            if (typeof value === 'string' && value.startsWith('@')) {
              const target = refs.get(value.slice(1));
              if (!field.referenceTo.length) {
                issues.push({
                  file: dataRel,
                  element,
                  message: `${fieldName} is not a lookup, but holds the reference ${value}`
                });
              } else if (!target) {
                issues.push({
                  file: dataRel,
                  element,
                  message: `reference ${value} does not resolve to an earlier record`
                });
              } else if (!field.referenceTo.some((t) => t.toLowerCase() === target.toLowerCase())) {
                issues.push({
                  file: dataRel,
                  element,
                  message: `${value} is a ${target}, but ${fieldName} points to ${field.referenceTo.join(', ')}`
                });
              }
              continue;
            }
            if (field.picklist?.restricted && value !== null) {
              const raw = typeof value === 'string' ? value : JSON.stringify(value);
              const parts = field.type === 'MultiselectPicklist' ? raw.split(';') : [raw];
              for (const part of parts) {
                if (!field.picklist.values.includes(part)) {
                  issues.push({
                    file: dataRel,
                    element,
                    message: `"${part}" is not a value of the restricted picklist ${object.name}.${field.name}`
                  });
                }
              }
            }
          }
          if (record.attributes?.referenceId) refs.set(record.attributes.referenceId, object.name);
        }
      }
    }
  }
  return issues;
}
