/**
 * Salesforce's REGEX() uses Java regular expressions and matches the whole text. This module turns
 * a Java pattern into an equivalent JavaScript RegExp (Unicode mode) so the local org's validation
 * rules accept and refuse what a real org does: Java's ASCII-only \s \d \w, its line terminators
 * for `.`, `$` before a final line break, Unicode categories and POSIX classes, \Q...\E quoting and
 * escaped punctuation. Constructs with no faithful translation (possessive quantifiers, atomic
 * groups, class union and intersection, inline flags after the start) are refused with a clear error.
 * Known difference: Java's (?i) folds ASCII letters only; here JavaScript's Unicode case folding
 * applies, so (?i) also matches non-ASCII letters of the other case.
 */

/** Java's \s: space, tab, line feed, vertical tab, form feed, carriage return (ASCII only). */
const SPACE = ' \\t\\n\\x0B\\f\\r';
const NOT_SPACE = '\\0-\\x08\\x0E-\\x1F\\x21-\\u{10FFFF}';
const DIGIT = '0-9';
const NOT_DIGIT = '\\0-\\x2F\\x3A-\\u{10FFFF}';
const WORD = 'a-zA-Z0-9_';
const NOT_WORD = '\\0-\\x2F\\x3A-\\x40\\x5B-\\x5E\\x60\\x7B-\\u{10FFFF}';
/** Java's line terminators (what `.` does not match without DOTALL). */
const LINE_END = '\\n\\r\\u0085\\u2028\\u2029';
/** Java's word character for \b: a letter or digit (any script) or the underscore. */
const WORD_CHAR = '[\\p{L}\\p{Nd}_]';

/** POSIX character classes (\p{Alpha} ...), ASCII as in Java, as class contents. */
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\0-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\0-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: SPACE
};

/** Unicode general categories JavaScript knows under the same one- or two-letter names. */
const CATEGORY = /^(?:Is)?(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|S[mcko]?|Z[slp]?|C[cfson]?)$/;

/** A Java pattern feature the translation refuses, with the reason. */
export class UnsupportedRegexError extends Error {}

function unsupported(pattern: string, what: string): never {
  throw new UnsupportedRegexError(
    `Formula: REGEX pattern "${pattern}" uses ${what}, which the local org cannot evaluate like Salesforce`
  );
}

/** A code point as a \u{...} escape, valid inside and outside classes in Unicode mode. */
const literal = (ch: string): string => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;

/** The translation of one \p{..} or \P{..} property name, as class contents or a full atom. */
function property(pattern: string, name: string, negated: boolean, inClass: boolean): string {
  const posix = POSIX[name];
  if (posix !== undefined) {
    if (!negated) return inClass ? posix : `[${posix}]`;
    if (inClass) unsupported(pattern, `\\P{${name}} inside a character class`);
    return `[^${posix}]`;
  }
  const category = CATEGORY.exec(name);
  if (category) return `\\${negated ? 'P' : 'p'}{${category[1]}}`;
  const script = /^Is([A-Z][a-z]+)$/.exec(name);
  if (script) return `\\${negated ? 'P' : 'p'}{Script=${script[1]}}`;
  return unsupported(pattern, `the property \\p{${name}}`);
}

/** One translated piece and how many pattern characters it consumed. */
interface Piece {
  out: string;
  used: number;
}

/** Translates the escape at `i` (the backslash). */
function escape(pattern: string, i: number, inClass: boolean): Piece {
  const c = pattern[i + 1];
  if (c === undefined) return unsupported(pattern, 'a trailing backslash');
  const cls = (contents: string): string => (inClass ? contents : `[${contents}]`);
  switch (c) {
    case 's':
      return { out: cls(SPACE), used: 2 };
    case 'S':
      return { out: cls(NOT_SPACE), used: 2 };
    case 'd':
      return { out: cls(DIGIT), used: 2 };
    case 'D':
      return { out: cls(NOT_DIGIT), used: 2 };
    case 'w':
      return { out: cls(WORD), used: 2 };
    case 'W':
      return { out: cls(NOT_WORD), used: 2 };
    case 't':
      return { out: '\\t', used: 2 };
    case 'n':
      return { out: '\\n', used: 2 };
    case 'r':
      return { out: '\\r', used: 2 };
    case 'f':
      return { out: '\\f', used: 2 };
    case 'a':
      return { out: '\\x07', used: 2 };
    case 'e':
      return { out: '\\x1B', used: 2 };
    case 'p':
    case 'P': {
      const m = /^\{(\^?)([A-Za-z_=]+)\}|^([A-Z])/.exec(pattern.slice(i + 2));
      if (!m) return unsupported(pattern, `a malformed \\${c}`);
      const name = m[2] ?? m[3];
      const negated = (c === 'P') !== (m[1] === '^');
      return { out: property(pattern, name, negated, inClass), used: 2 + m[0].length };
    }
    case 'x': {
      const m = /^[0-9a-fA-F]{2}/.exec(pattern.slice(i + 2));
      if (!m) return unsupported(pattern, 'a \\x escape without two hex digits');
      return { out: `\\x${m[0]}`, used: 4 };
    }
    case 'u': {
      const m = /^[0-9a-fA-F]{4}/.exec(pattern.slice(i + 2));
      if (!m) return unsupported(pattern, 'a \\u escape without four hex digits');
      return { out: `\\u${m[0]}`, used: 6 };
    }
    case '0': {
      const m = /^[0-3]?[0-7]{1,2}/.exec(pattern.slice(i + 2));
      if (!m) return unsupported(pattern, 'a \\0 escape without an octal number');
      return { out: literal(String.fromCodePoint(parseInt(m[0], 8))), used: 2 + m[0].length };
    }
    case 'c': {
      const ch = pattern[i + 2];
      if (ch === undefined) return unsupported(pattern, 'a \\c escape without a letter');
      return { out: literal(String.fromCodePoint((ch.codePointAt(0) ?? 0) ^ 64)), used: 3 };
    }
    case 'Q': {
      const end = pattern.indexOf('\\E', i + 2);
      const quoted = pattern.slice(i + 2, end < 0 ? undefined : end);
      return { out: [...quoted].map(literal).join(''), used: (end < 0 ? pattern.length : end + 2) - i };
    }
    case 'E':
      return { out: '', used: 2 };
  }
  if (inClass && (c === 'b' || c === 'B')) return unsupported(pattern, `\\${c} inside a character class`);
  if (!inClass) {
    switch (c) {
      case 'b':
        return {
          out: `(?:(?<=${WORD_CHAR})(?!${WORD_CHAR})|(?<!${WORD_CHAR})(?=${WORD_CHAR}))`,
          used: 2
        };
      case 'B':
        return {
          out: `(?:(?<=${WORD_CHAR})(?=${WORD_CHAR})|(?<!${WORD_CHAR})(?!${WORD_CHAR}))`,
          used: 2
        };
      case 'A':
        return { out: '(?<![\\s\\S])', used: 2 };
      case 'z':
        return { out: '(?![\\s\\S])', used: 2 };
      case 'Z':
        return { out: `(?=(?:\\r\\n|[${LINE_END}])?(?![\\s\\S]))`, used: 2 };
      case 'k': {
        const m = /^<([A-Za-z][A-Za-z0-9]*)>/.exec(pattern.slice(i + 2));
        if (!m) return unsupported(pattern, 'a malformed \\k<name>');
        return { out: `\\k<${m[1]}>`, used: 2 + m[0].length };
      }
    }
    if (/[1-9]/.test(c)) return { out: `\\${c}`, used: 2 };
  }
  if (/[A-Za-z0-9]/.test(c)) return unsupported(pattern, `the escape \\${c}`);
  return { out: literal(c), used: 2 };
}

/** Inline flags the translation understands at the very start of a pattern. */
interface Flags {
  ignoreCase: boolean;
  dotAll: boolean;
  multiline: boolean;
}

/** Translates a Java pattern body into JavaScript source for a Unicode-mode RegExp. */
export function translateJavaRegex(pattern: string): { source: string; flags: Flags } {
  const flags: Flags = { ignoreCase: false, dotAll: false, multiline: false };
  let i = 0;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]) {
      if (f === 'i') flags.ignoreCase = true;
      else if (f === 's') flags.dotAll = true;
      else if (f === 'm') flags.multiline = true;
      else unsupported(pattern, `the inline flag (?${f})`);
    }
    i = lead[0].length;
  }
  let out = '';
  let inClass = false;
  let classStart = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '\\') {
      const piece = escape(pattern, i, inClass);
      out += piece.out;
      i += piece.used;
      continue;
    }
    if (inClass) {
      if (ch === ']' && i > classStart) {
        inClass = false;
        out += ']';
      } else if (ch === '[') {
        unsupported(pattern, 'a nested character class (Java class union)');
      } else if (ch === '&' && pattern[i + 1] === '&') {
        unsupported(pattern, 'a class intersection (&&)');
      } else out += ch;
      i++;
      continue;
    }
    switch (ch) {
      case '[':
        inClass = true;
        out += '[';
        i++;
        if (pattern[i] === '^') {
          out += '^';
          i++;
        }
        // a ] right after [ or [^ is a literal in Java
        classStart = i;
        if (pattern[i] === ']') {
          out += '\\]';
          i++;
        }
        continue;
      case '.':
        out += flags.dotAll ? '[\\s\\S]' : `[^${LINE_END}]`;
        break;
      case '^':
        out += flags.multiline ? `(?:(?<![\\s\\S])|(?<=[${LINE_END}])(?=[\\s\\S]))` : '(?<![\\s\\S])';
        break;
      case '$':
        out += flags.multiline
          ? `(?=[${LINE_END}]|(?![\\s\\S]))`
          : `(?=(?:\\r\\n|[${LINE_END}])?(?![\\s\\S]))`;
        break;
      case ']':
      case '}':
        // literal in Java outside a class; a syntax error unescaped in a Unicode-mode RegExp
        out += `\\${ch}`;
        break;
      case '{': {
        const m = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i));
        if (!m) return unsupported(pattern, 'a "{" that starts no repetition (Java refuses it too)');
        if (pattern[i + m[0].length] === '+') unsupported(pattern, 'a possessive quantifier');
        out += m[0];
        i += m[0].length;
        continue;
      }
      case '(': {
        const rest = pattern.slice(i);
        if (rest.startsWith('(?>')) unsupported(pattern, 'an atomic group (?>...)');
        if (/^\(\?[a-zA-Z-]+[):]/.test(rest)) unsupported(pattern, 'inline flags after the start');
        out += ch;
        break;
      }
      case '*':
      case '+':
      case '?':
        if (pattern[i + 1] === '+') unsupported(pattern, 'a possessive quantifier');
        out += ch;
        break;
      default:
        out += ch;
    }
    i++;
  }
  if (inClass) unsupported(pattern, 'an unclosed character class');
  return { source: out, flags };
}

const compiled = new Map<string, RegExp>();

/** The whole-text matcher of a Java pattern (cached): true when the entire text matches. */
export function javaRegexMatches(pattern: string, text: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    const { source, flags } = translateJavaRegex(pattern);
    try {
      re = new RegExp(`(?:${source})(?![\\s\\S])`, `uy${flags.ignoreCase ? 'i' : ''}`);
    } catch (e) {
      throw new UnsupportedRegexError(
        `Formula: REGEX pattern "${pattern}" is not valid: ${(e as Error).message}`
      );
    }
    compiled.set(pattern, re);
  }
  re.lastIndex = 0;
  return re.test(text);
}
