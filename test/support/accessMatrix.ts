/**
 * Reads docs/access-matrix.md, the documented access of each permission set, so the static test
 * (against the permission-set XML) and the runtime test (against the running local org) check the
 * same table.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The file the matrix lives in. */
export const MATRIX_FILE = join(resolve(__dirname, '..', '..'), 'docs/access-matrix.md');
/** Permission-set API names are this prefix plus the matrix's short column names. */
export const SET_PREFIX = 'Sales_Competency_';

/** A documented field access. */
export type FieldAccess = 'edit' | 'read' | 'none';

/** The documented matrix: sets, object flags, sensitive fields and the editable fields per set. */
export interface Matrix {
  sets: string[];
  objects: Map<string, Map<string, string>>;
  sensitiveFields: Map<string, Map<string, FieldAccess>>;
  editable: Map<string, Set<string>>;
}

/** The markdown table rows (cells, trimmed) under the "## heading" section of the matrix. */
export function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`access matrix has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replace(/^`|`$/g, ''))
    );
}

/** Parses docs/access-matrix.md. */
export function parseMatrix(markdown: string = readFileSync(MATRIX_FILE, 'utf8')): Matrix {
  const [objectHeader, ...objectRows] = tableRows(markdown, 'Objects');
  const sets = objectHeader.slice(1).map((short) => SET_PREFIX + short);
  const objects = new Map<string, Map<string, string>>();
  for (const [object, ...cells] of objectRows) {
    objects.set(object, new Map(sets.map((s, i) => [s, cells[i] === 'none' ? '' : cells[i]])));
  }
  const [fieldHeader, ...fieldRows] = tableRows(markdown, 'Sensitive fields');
  const fieldSets = fieldHeader.slice(1).map((short) => SET_PREFIX + short);
  if (fieldSets.join() !== sets.join())
    throw new Error(
      `access matrix: the field table's sets (${fieldSets.join()}) differ from the object table's`
    );
  const sensitiveFields = new Map<string, Map<string, FieldAccess>>();
  for (const [field, ...cells] of fieldRows) {
    sensitiveFields.set(field, new Map(sets.map((s, i) => [s, cells[i] as FieldAccess])));
  }
  const editable = new Map<string, Set<string>>();
  const section = markdown.slice(markdown.indexOf('\n## Editable fields per set\n'));
  for (const block of section.split('\n### ').slice(1)) {
    const [title, ...lines] = block.split('\n');
    const fields = new Set<string>();
    for (const line of lines) {
      const m = /^- `([^`]+)`: (.*)$/.exec(line);
      if (!m) continue;
      for (const f of m[2].matchAll(/`([^`]+)`/g)) fields.add(`${m[1]}.${f[1]}`);
    }
    editable.set(SET_PREFIX + title.trim(), fields);
  }
  return { sets, objects, sensitiveFields, editable };
}
