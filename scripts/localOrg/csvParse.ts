/**
 * The local org's own RFC 4180 CSV reader for Bulk 2.0 ingest uploads: quoted fields with doubled
 * quotes, delimiters and line breaks inside quotes, LF or CRLF record ends, empty fields. Kept apart
 * from the sync's reader on purpose, so a quoting bug on one side is caught by the other.
 */

/** A CSV text that breaks the format; names the line (1-based) where it happened. */
export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvFormatError';
  }
}

/**
 * Parses a whole CSV text into rows of cells. A line break ends a record (LF or CRLF); one at the end
 * of the text does not start an empty record, and blank lines are skipped. Throws CsvFormatError on an
 * unterminated quoted field, text after a closing quote, or a quote inside an unquoted field.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n')
    throw new Error(`Invalid CSV delimiter: ${JSON.stringify(delimiter)}`);
  const rows: string[][] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let row: string[] = [];

  const endRow = (): void => {
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };

  while (i < n) {
    // one field
    if (text[i] === '"') {
      const startLine = line;
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new CsvFormatError('Unterminated quoted field', startLine);
        const chunk = text.slice(i, q);
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
        value += chunk;
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      row.push(value);
      const c = text[i];
      if (i < n && c !== delimiter && c !== '\n' && !(c === '\r' && text[i + 1] === '\n'))
        throw new CsvFormatError('Unexpected text after a closing quote', line);
    } else {
      let j = i;
      while (j < n) {
        const c = text[j];
        if (c === delimiter || c === '\n' || (c === '\r' && text[j + 1] === '\n')) break;
        if (c === '"')
          throw new CsvFormatError('A quote inside an unquoted field (quote the whole field)', line);
        j++;
      }
      row.push(text.slice(i, j));
      i = j;
    }
    // what ends the field
    if (i >= n) break;
    if (text[i] === delimiter) {
      i++;
      if (i >= n) row.push('');
      continue;
    }
    i += text[i] === '\r' ? 2 : 1;
    line++;
    endRow();
  }
  if (row.length) endRow();
  return rows;
}
