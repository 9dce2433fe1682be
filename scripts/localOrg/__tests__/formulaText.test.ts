/**
 * Text in validation-rule formulas as Salesforce evaluates it: Java regular expressions matched
 * against the whole text, formula string escapes, the text functions, and blank values in
 * comparisons (a blank number never makes a rule fire).
 */
import { evaluate, parseFormula, type FormulaContext, type FValue } from '../formula';
import { javaRegexMatches, translateJavaRegex } from '../javaRegex';

function run(src: string, values: Record<string, FValue> = {}): FValue {
  const ctx: FormulaContext = {
    get: (p) => values[p] ?? null,
    prior: () => null,
    isNew: true,
    userId: '005000000000001AAA',
    hasPermission: () => false
  };
  return evaluate(parseFormula(src), ctx);
}

/** The package's evidence test: at least one letter or digit anywhere. */
const HAS_WORDS = '[\\s\\S]*[\\p{L}\\p{N}][\\s\\S]*';

describe('REGEX with Java patterns', () => {
  it('matches the whole text, not a part of it', () => {
    expect(javaRegexMatches('[0-9]{4}', '2026')).toBe(true);
    expect(javaRegexMatches('[0-9]{4}', '2026-Q3')).toBe(false);
    expect(javaRegexMatches('.*Q3.*', '2026-Q3')).toBe(true);
    // an alternation must still reach the end (JavaScript's first match would stop at "a")
    expect(javaRegexMatches('a|ab', 'ab')).toBe(true);
  });

  it('keeps \\s, \\d and \\w to ASCII as Java does', () => {
    expect(javaRegexMatches('\\s+', ' \t\n\u000b\f\r')).toBe(true);
    expect(javaRegexMatches('\\s+', '\u00a0')).toBe(false);
    expect(javaRegexMatches('\\s+', '\u2003')).toBe(false);
    expect(javaRegexMatches('\\S', '\u00a0')).toBe(true);
    expect(javaRegexMatches('[\\S]', '\u200b')).toBe(true);
    expect(javaRegexMatches('\\d', '٣')).toBe(false);
    expect(javaRegexMatches('[\\D]', '٣')).toBe(true);
    expect(javaRegexMatches('\\w+', 'abc_09')).toBe(true);
    expect(javaRegexMatches('\\w', 'é')).toBe(false);
    expect(javaRegexMatches('[^\\W]', 'é')).toBe(false);
  });

  it('knows Unicode categories, scripts and POSIX classes', () => {
    expect(javaRegexMatches(HAS_WORDS, '   \n\t')).toBe(false);
    expect(javaRegexMatches(HAS_WORDS, '\u200b')).toBe(false);
    expect(javaRegexMatches(HAS_WORDS, '\ufeff\u00ad\u00a0 ...')).toBe(false);
    expect(javaRegexMatches(HAS_WORDS, ' ٣ ')).toBe(true);
    expect(javaRegexMatches(HAS_WORDS, '\n\n观察')).toBe(true);
    expect(javaRegexMatches('\\p{Lu}\\p{Ll}+', 'Écoute')).toBe(true);
    expect(javaRegexMatches('\\pL+', 'abc')).toBe(true);
    expect(javaRegexMatches('\\P{L}+', '12 ')).toBe(true);
    expect(javaRegexMatches('\\p{IsLatin}+', 'abc')).toBe(true);
    expect(javaRegexMatches('\\p{IsGreek}+', 'abc')).toBe(false);
    expect(javaRegexMatches('\\p{Alpha}+', 'abc')).toBe(true);
    expect(javaRegexMatches('\\p{Alpha}', 'é')).toBe(false);
    expect(javaRegexMatches('[\\p{Digit}-]+', '12-3')).toBe(true);
    expect(javaRegexMatches('\\P{Punct}', 'a')).toBe(true);
    expect(javaRegexMatches('\\p{Punct}+', '!?.')).toBe(true);
  });

  it('gives . and $ their Java meaning around line terminators', () => {
    expect(javaRegexMatches('a.b', 'a\nb')).toBe(false);
    expect(javaRegexMatches('a.b', 'a\u0085b')).toBe(false);
    expect(javaRegexMatches('(?s)a.b', 'a\nb')).toBe(true);
    expect(javaRegexMatches('^abc$', 'abc')).toBe(true);
    // $ may stand before a final line break, but the whole text must still be matched
    expect(javaRegexMatches('abc$\\n', 'abc\n')).toBe(true);
    expect(javaRegexMatches('abc$', 'abc\n')).toBe(false);
    expect(javaRegexMatches('(?m)a$\\nb', 'a\nb')).toBe(true);
    expect(javaRegexMatches('(?i)[a-c]+', 'AbC')).toBe(true);
  });

  it('reads escaped punctuation, quoting, literal braces and word boundaries', () => {
    expect(javaRegexMatches('\\-\\.\\#', '-.#')).toBe(true);
    expect(javaRegexMatches('\\Q1+1=2\\E!', '1+1=2!')).toBe(true);
    expect(javaRegexMatches('a}', 'a}')).toBe(true);
    expect(javaRegexMatches('[]a]+', ']a')).toBe(true);
    expect(javaRegexMatches('\\x41\\u0042\\t', 'AB\t')).toBe(true);
    expect(javaRegexMatches('.*\\bcat\\b.*', 'a cat!')).toBe(true);
    expect(javaRegexMatches('.*\\bcat\\b.*', 'concatenate')).toBe(false);
    expect(javaRegexMatches('(a)\\1', 'aa')).toBe(true);
    expect(javaRegexMatches('(?<x>a)\\k<x>', 'aa')).toBe(true);
  });

  it('refuses constructs it cannot evaluate like Java, naming them', () => {
    expect(() => translateJavaRegex('a*+')).toThrow('possessive quantifier');
    expect(() => translateJavaRegex('a{2}+')).toThrow('possessive quantifier');
    expect(() => translateJavaRegex('(?>a)')).toThrow('atomic group');
    expect(() => translateJavaRegex('[a-z[A-Z]]')).toThrow('nested character class');
    expect(() => translateJavaRegex('[a&&b]')).toThrow('class intersection');
    expect(() => translateJavaRegex('a(?i)b')).toThrow('inline flags after the start');
    expect(() => translateJavaRegex('(?x)a')).toThrow('inline flag (?x)');
    expect(() => translateJavaRegex('\\y')).toThrow('the escape \\y');
    expect(() => translateJavaRegex('a{')).toThrow('starts no repetition');
    expect(() => translateJavaRegex('[abc')).toThrow('unclosed character class');
    expect(() => translateJavaRegex('\\p{Nope}')).toThrow('the property \\p{Nope}');
    expect(() => javaRegexMatches('(a', 'a')).toThrow('is not valid');
  });
});

describe('formula text', () => {
  it('reads string escapes as Salesforce does and refuses unknown ones', () => {
    expect(run('"a\\\\b"')).toBe('a\\b');
    expect(run('"tab\\there" & "\\n" & \'it\\\'s\' & "\\"q\\""')).toBe('tab\there\nit\'s"q"');
    expect(run('"\\u00e9"')).toBe('é');
    expect(() => run('REGEX(X, "\\d")')).toThrow('unknown escape \\d');
    expect(run('REGEX(X, "\\\\d+")', { X: '42' })).toBe(true);
  });

  it('evaluates the evidence rule the package ships', () => {
    const rule = `AND(OR(ISPICKVAL(R, "1"), ISPICKVAL(R, "2")), OR(ISBLANK(E), NOT(REGEX(E, "${HAS_WORDS.replace(/\\/g, '\\\\')}"))))`;
    for (const [evidence, fires] of [
      [null, true],
      ['', true],
      ['   \n\t', true],
      ['\u200b', true],
      ['Missed the next step twice', false]
    ] as const) {
      expect([evidence, run(rule, { R: '2', E: evidence })]).toEqual([evidence, fires]);
    }
    expect(run(rule, { R: '3', E: '   ' })).toBe(false);
  });

  it('has TRIM, UPPER, LOWER, LEFT, RIGHT, MID, SUBSTITUTE and LEN', () => {
    // TRIM removes spaces and tabs at both ends, nothing else
    expect(run('TRIM(X)', { X: ' \t a b \t ' })).toBe('a b');
    expect(run('TRIM(X)', { X: '\n a \n' })).toBe('\n a \n');
    expect(run('ISBLANK(TRIM(X))', { X: '  \t ' })).toBe(true);
    expect(run('TRIM(X)', {})).toBe('');
    expect(run('UPPER(X) & LOWER(X)', { X: 'Ab' })).toBe('ABab');
    expect(
      run('LEFT(X, 2) & "|" & RIGHT(X, 2) & "|" & RIGHT(X, 0) & "|" & MID(X, 2, 3)', { X: 'abcdef' })
    ).toBe('ab|ef||bcd');
    expect(run('MID(X, 0, 2)', { X: 'abc' })).toBe('ab');
    expect(run('SUBSTITUTE(X, "a", "o")', { X: 'banana' })).toBe('bonono');
    expect(run('SUBSTITUTE(X, "", "o")', { X: 'ab' })).toBe('ab');
    expect(run('LEN(TRIM(X))', { X: '  ab ' })).toBe(2);
    expect(() => run('TRIM(X, Y)')).toThrow('TRIM takes 1 argument');
  });
});

describe('blank values in comparisons', () => {
  it('make a number comparison blank, so the rule does not fire (the blank-version hole)', () => {
    expect(run('V <> 3 + 1', {})).toBeNull();
    expect(run('V = 4', {})).toBeNull();
    expect(run('NOT(V = 4)', {})).toBeNull();
    expect(run('AND(TRUE, V <> 4)', {})).toBeNull();
    expect(run('AND(FALSE, V <> 4)', {})).toBe(false);
    expect(run('OR(TRUE, V <> 4)', {})).toBe(true);
    expect(run('OR(FALSE, V <> 4)', {})).toBeNull();
    expect(run('V <> 4 || ISBLANK(V)', {})).toBe(true);
    expect(run('IF(V = 4, "yes", "no")', {})).toBe('no');
  });

  it('treat blank text as the empty string', () => {
    expect(run('T = ""', {})).toBe(true);
    expect(run('T <> "a"', {})).toBe(true);
    expect(run('T = U', {})).toBe(true);
    expect(run('T <> "a"', { T: 'a' })).toBe(false);
    expect(run('FLAG = TRUE', {})).toBeNull();
  });
});
