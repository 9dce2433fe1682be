/**
 * A small evaluator for the Salesforce formula subset this package's validation rules use, so the
 * local org rejects what a real org would: AND/OR/NOT, ISBLANK, ISNEW, ISCHANGED, PRIORVALUE,
 * ISPICKVAL, TEXT, REGEX (Java patterns, whole-text match), CASE, IF, BLANKVALUE, CASESAFEID, LEFT,
 * RIGHT, MID, LEN, TRIM, UPPER, LOWER, SUBSTITUTE, CONTAINS, BEGINS, $User.Id, $Permission.X, parent
 * paths, arithmetic, & and comparisons. Anything else is a clear error.
 *
 * Blank values follow validation-rule semantics: blank text is the empty string, but a blank number,
 * date or checkbox makes arithmetic and comparisons blank, and a blank condition never fires
 * (`Version__c <> PRIORVALUE(Version__c) + 1` is not true when either side is blank). The evaluator
 * has no field types, so a blank compared with text is treated as text and a blank compared with a
 * number or boolean as a blank number; two blanks compare as blank text (equal).
 */
import { idChecksum } from '../metadata/ids';
import { javaRegexMatches } from './javaRegex';

/** A formula value. */
export type FValue = string | number | boolean | null;

/** What a formula reads: the record being saved, its prior state, the user and permissions. */
export interface FormulaContext {
  /** A field or parent path (Assessment__r.Status__c) of the record as it would be saved. */
  get: (path: string) => FValue;
  /** The same path before the save (null on insert). */
  prior: (path: string) => FValue;
  isNew: boolean;
  userId: string;
  hasPermission: (name: string) => boolean;
}

type Node =
  | { k: 'lit'; v: FValue }
  | { k: 'ref'; path: string }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'neg'; a: Node };

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*')|(\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(==|!=|<>|<=|>=|&&|\|\||[-+*/&=<>(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`Formula: unexpected text at "${src.slice(pos, pos + 20).trim()}"`);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    pos = TOKEN.lastIndex;
  }
  return out;
}

/** Parses a formula into a tree; throws on syntax this evaluator does not know. */
export function parseFormula(src: string): Node {
  const t = tokenize(src);
  let i = 0;
  const peek = (): string | undefined => t[i];
  const eat = (s: string): void => {
    if (t[i] !== s) throw new Error(`Formula: expected "${s}" but found "${t[i] ?? 'end'}"`);
    i++;
  };
  const binary = (next: () => Node, ops: string[]): (() => Node) => {
    return () => {
      let a = next();
      while (ops.includes(peek() ?? '')) {
        const op = t[i++];
        a = { k: 'bin', op, a, b: next() };
      }
      return a;
    };
  };
  const primary = (): Node => {
    const tok = t[i++];
    if (tok === undefined) throw new Error('Formula: unexpected end');
    if (tok === '(') {
      const e = or();
      eat(')');
      return e;
    }
    if (tok === '-') return { k: 'neg', a: primary() };
    if (/^\d/.test(tok)) return { k: 'lit', v: Number(tok) };
    if (/^["']/.test(tok)) return { k: 'lit', v: unescapeText(tok.slice(1, -1)) };
    const upper = tok.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { k: 'lit', v: upper === 'TRUE' };
    if (upper === 'NULL') return { k: 'lit', v: null };
    if (peek() === '(') {
      i++;
      const args: Node[] = [];
      if (peek() !== ')') {
        args.push(or());
        while (peek() === ',') {
          i++;
          args.push(or());
        }
      }
      eat(')');
      return { k: 'call', name: upper, args };
    }
    return { k: 'ref', path: tok };
  };
  const mul = binary(primary, ['*', '/']);
  const add = binary(mul, ['+', '-', '&']);
  const cmp = binary(add, ['=', '==', '<>', '!=', '<', '<=', '>', '>=']);
  const and = binary(cmp, ['&&']);
  const or = binary(and, ['||']);
  const tree = or();
  if (i !== t.length) throw new Error(`Formula: unexpected "${t[i]}"`);
  return tree;
}

const blank = (v: FValue): boolean => v === null || v === '';

/** The characters a backslash escape stands for in a formula text literal. */
const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  f: '\f',
  b: '\b',
  '"': '"',
  "'": "'",
  '\\': '\\'
};

/** A formula text literal's value: \n \r \t \f \b \" \' \\ and \uXXXX; any other escape is an error. */
function unescapeText(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    const ch = ESCAPES[e];
    if (ch === undefined)
      throw new Error(`Formula: unknown escape \\${e} in a text literal (a REGEX backslash is written \\\\)`);
    return ch;
  });
}

/** Three-valued logic: true, false, or null when a blank made the answer unknown. */
const truth = (v: FValue): boolean | null => (v === null ? null : v === true);

/** Equality with validation-rule blank handling (see the module comment); null means blank. */
function equal(a: FValue, b: FValue): boolean | null {
  if (a === null && b === null) return true;
  if (a === null || b === null) {
    const other = a === null ? b : a;
    return typeof other === 'string' ? other === '' : null;
  }
  return a === b;
}

function refPath(n: Node, fn: string): string {
  if (n.k !== 'ref') throw new Error(`Formula: ${fn} needs a field`);
  return n.path;
}

/** Evaluates a parsed formula. */
export function evaluate(node: Node, ctx: FormulaContext): FValue {
  const ev = (n: Node): FValue => evaluate(n, ctx);
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'neg': {
      const v = ev(node.a);
      return v === null ? null : -Number(v);
    }
    case 'ref': {
      if (node.path.toLowerCase() === '$user.id') return ctx.userId;
      const perm = /^\$Permission\.(.+)$/i.exec(node.path);
      if (perm) return ctx.hasPermission(perm[1]);
      if (node.path.startsWith('$')) throw new Error(`Formula: unsupported global ${node.path}`);
      return ctx.get(node.path);
    }
    case 'bin': {
      const a = ev(node.a);
      const b = ev(node.b);
      switch (node.op) {
        case '&':
          return `${a === null ? '' : String(a)}${b === null ? '' : String(b)}`;
        case '+':
        case '-':
        case '*':
        case '/': {
          if (a === null || b === null) return null;
          const x = Number(a);
          const y = Number(b);
          return node.op === '+' ? x + y : node.op === '-' ? x - y : node.op === '*' ? x * y : x / y;
        }
        case '&&':
          return and([a, b]);
        case '||':
          return or([a, b]);
        case '=':
        case '==':
          return equal(a, b);
        case '<>':
        case '!=': {
          const eq = equal(a, b);
          return eq === null ? null : !eq;
        }
        default: {
          // a blank in an ordering comparison never fires (reported as false, like a failed test)
          if (a === null || b === null) return false;
          if (node.op === '<') return a < b;
          if (node.op === '<=') return a <= b;
          if (node.op === '>') return a > b;
          return a >= b;
        }
      }
    }
    case 'call':
      return call(node.name, node.args, ctx, ev);
  }
}

/** AND over three-valued operands: false wins, then blank, then true. */
function and(values: FValue[]): boolean | null {
  const t = values.map(truth);
  return t.includes(false) ? false : t.includes(null) ? null : true;
}

/** OR over three-valued operands: true wins, then blank, then false. */
function or(values: FValue[]): boolean | null {
  const t = values.map(truth);
  return t.includes(true) ? true : t.includes(null) ? null : false;
}

const text = (v: FValue): string => (v === null ? '' : String(v));

function call(name: string, args: Node[], ctx: FormulaContext, ev: (n: Node) => FValue): FValue {
  const need = (n: number): void => {
    if (args.length !== n) throw new Error(`Formula: ${name} takes ${n} argument${n === 1 ? '' : 's'}`);
  };
  switch (name) {
    case 'AND':
      return and(args.map(ev));
    case 'OR':
      return or(args.map(ev));
    case 'NOT': {
      need(1);
      const t = truth(ev(args[0]));
      return t === null ? null : !t;
    }
    case 'IF':
      need(3);
      return ev(args[0]) === true ? ev(args[1]) : ev(args[2]);
    case 'ISBLANK':
    case 'ISNULL':
      need(1);
      return blank(ev(args[0]));
    case 'BLANKVALUE': {
      need(2);
      const v = ev(args[0]);
      return blank(v) ? ev(args[1]) : v;
    }
    case 'ISNEW':
      need(0);
      return ctx.isNew;
    case 'ISCHANGED': {
      need(1);
      if (ctx.isNew) return false;
      const p = refPath(args[0], name);
      return (ctx.get(p) ?? '') !== (ctx.prior(p) ?? '');
    }
    case 'PRIORVALUE': {
      need(1);
      const p = refPath(args[0], name);
      return ctx.isNew ? ctx.get(p) : ctx.prior(p);
    }
    case 'ISPICKVAL':
      need(2);
      return (ev(args[0]) ?? '') === (ev(args[1]) ?? '');
    case 'TEXT': {
      need(1);
      const v = ev(args[0]);
      return v === null ? '' : String(v);
    }
    case 'REGEX':
      need(2);
      return javaRegexMatches(text(ev(args[1])), text(ev(args[0])));
    case 'TRIM':
      // Salesforce: "removes the spaces and tabs from the beginning and end of a text string"
      need(1);
      return text(ev(args[0])).replace(/^[ \t]+|[ \t]+$/g, '');
    case 'UPPER':
      need(1);
      return text(ev(args[0])).toUpperCase();
    case 'LOWER':
      need(1);
      return text(ev(args[0])).toLowerCase();
    case 'RIGHT': {
      need(2);
      const n = Math.max(0, Math.floor(Number(ev(args[1]))));
      const v = text(ev(args[0]));
      return n === 0 ? '' : v.slice(-n);
    }
    case 'MID': {
      need(3);
      const start = Math.max(1, Math.floor(Number(ev(args[1]))));
      const n = Math.max(0, Math.floor(Number(ev(args[2]))));
      return text(ev(args[0])).substr(start - 1, n);
    }
    case 'SUBSTITUTE': {
      need(3);
      const find = text(ev(args[1]));
      const v = text(ev(args[0]));
      return find === '' ? v : v.split(find).join(text(ev(args[2])));
    }
    case 'CASE': {
      if (args.length < 4 || args.length % 2 !== 0)
        throw new Error('Formula: CASE needs pairs and a default');
      const v = ev(args[0]);
      for (let j = 1; j + 1 < args.length; j += 2)
        if ((ev(args[j]) ?? '') === (v ?? '')) return ev(args[j + 1]);
      return ev(args[args.length - 1]);
    }
    case 'CASESAFEID': {
      need(1);
      const v = ev(args[0]);
      if (typeof v !== 'string' || (v.length !== 15 && v.length !== 18)) return v;
      return v.length === 18 ? v : v + idChecksum(v);
    }
    case 'LEFT': {
      need(2);
      return text(ev(args[0])).slice(0, Math.max(0, Math.floor(Number(ev(args[1])))));
    }
    case 'LEN': {
      need(1);
      const v = ev(args[0]);
      return v === null ? 0 : String(v).length;
    }
    case 'CONTAINS':
      need(2);
      return String(ev(args[0]) ?? '').includes(String(ev(args[1]) ?? ''));
    case 'BEGINS':
      need(2);
      return String(ev(args[0]) ?? '').startsWith(String(ev(args[1]) ?? ''));
  }
  throw new Error(`Formula: unsupported function ${name}`);
}
