/**
 * An incremental CSV reader for Bulk 2.0 query results: fed chunk by chunk, it emits one row at a
 * time and keeps only the unfinished tail of the last chunk, so memory stays flat however large
 * the extract is. RFC 4180 quoting (quoted delimiters, doubled quotes, line breaks in quotes).
 */

/** Parses one record that contains quotes. */
export function parseQuoted(record: string, delimiter: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = record.length;
  while (i <= n) {
    if (record[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) throw new Error(`Unterminated quoted field in CSV record: ${record.slice(0, 80)}`);
        value += record.slice(i, q);
        if (record[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      if (i < n && record[i] !== delimiter)
        throw new Error(`Unexpected text after a quoted field in CSV record: ${record.slice(0, 80)}`);
      i++;
    } else {
      const d = record.indexOf(delimiter, i);
      const end = d < 0 ? n : d;
      out.push(record.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** Counts the quote characters of a text (a record is complete when the count is even). */
function quotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** Splits one record into its values (`quoted`: the record contains a quote character). */
export function parseRecord(record: string, quoted: boolean, delimiter = ','): string[] {
  return quoted ? parseQuoted(record, delimiter) : record.split(delimiter);
}

/**
 * Finds where the first `count` values of a record lie, without building them: `starts[k]` and
 * `ends[k]` bound value k (inside its quotes when quoted). Bulk 2.0 quotes every value, so this
 * lets a per-row consumer slice only the columns it needs. Returns false when a wanted value
 * holds a doubled quote or the record has fewer values: the caller then uses parseRecord, which
 * unescapes and reports malformed quoting.
 */
export function locateFields(
  record: string,
  count: number,
  starts: Int32Array,
  ends: Int32Array,
  delimiter = ','
): boolean {
  const n = record.length;
  const d = delimiter.charCodeAt(0);
  let i = 0;
  for (let k = 0; k < count; k++) {
    if (i > n) return false;
    if (record.charCodeAt(i) === 34) {
      const q = record.indexOf('"', i + 1);
      // the closing quote must end the record or meet the delimiter; anything else is escaped text
      if (q < 0 || (q + 1 < n && record.charCodeAt(q + 1) !== d)) return false;
      starts[k] = i + 1;
      ends[k] = q;
      i = q + 2;
    } else {
      const e = record.indexOf(delimiter, i);
      starts[k] = i;
      ends[k] = e < 0 ? n : e;
      i = ends[k] + 1;
    }
  }
  return true;
}

/**
 * Feeds text chunks in, gets rows out through `onRow`; call `end()` after the last chunk. With
 * `onRecord`, each record arrives unsplit instead (with whether it holds quotes), for callers
 * that pick a few columns themselves.
 */
export class CsvReader {
  private tail = '';
  /** Quote count of the pending partial record in `tail` up to `scanFrom`. */
  private pendingQuotes = 0;
  private scanFrom = 0;
  rows = 0;

  constructor(
    private readonly onRow: (values: string[]) => void,
    private readonly delimiter = ',',
    private readonly onRecord?: (record: string, quoted: boolean) => void
  ) {}

  /** Consumes a chunk; emits every complete row in it. */
  write(chunk: string): void {
    let text = this.tail + chunk;
    let start = 0;
    let search = this.scanFrom;
    let q = this.pendingQuotes;
    // The next quote character at or after `search`: one forward scan for the whole chunk.
    let quote = text.indexOf('"', search);
    for (;;) {
      const nl = text.indexOf('\n', search);
      if (nl < 0) break;
      while (quote >= 0 && quote < nl) {
        q++;
        quote = text.indexOf('"', quote + 1);
      }
      if (q % 2 === 1) {
        // the line break is inside a quoted field: keep looking
        search = nl + 1;
        continue;
      }
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      this.emit(text.slice(start, end), q > 0);
      start = nl + 1;
      search = start;
      q = 0;
    }
    text = text.slice(start);
    this.tail = text;
    this.scanFrom = search - start;
    this.pendingQuotes = q;
  }

  /** Emits the last row when the text did not end with a line break. */
  end(): void {
    if (this.tail.length) {
      const q = this.pendingQuotes + quotes(this.tail.slice(this.scanFrom));
      if (q % 2 === 1) throw new Error('The CSV ended inside a quoted field');
      this.emit(this.tail.replace(/\r$/, ''), q > 0);
    }
    this.tail = '';
    this.scanFrom = 0;
    this.pendingQuotes = 0;
  }

  private emit(record: string, quoted: boolean): void {
    if (record === '') return;
    this.rows++;
    if (this.onRecord) this.onRecord(record, quoted);
    else this.onRow(quoted ? parseQuoted(record, this.delimiter) : record.split(this.delimiter));
  }
}
