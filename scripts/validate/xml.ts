/**
 * XML helpers for the validator: strict well-formedness, and a parser that returns repeated
 * elements as arrays so checks can walk metadata without guessing at shapes.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

/** A parsed XML node: element name to text, child node, or a list of them. */
export type XmlNode = { [element: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

/** Returns null when the XML is well-formed, else "line L, column C: message". */
export function wellFormedError(text: string): string | null {
  const result = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (result === true) return null;
  const { line, col, msg } = result.err;
  return `line ${line}, column ${col}: ${msg}`;
}

/** Parses a metadata file and returns its root element's content (e.g. the <CustomField> body). */
export function readMetadata(file: string): XmlNode {
  const doc = parser.parse(readFileSync(file, 'utf8')) as XmlNode;
  const rootName = Object.keys(doc).find((k) => k !== '?xml');
  const root = rootName ? doc[rootName] : undefined;
  return root && typeof root === 'object' && !Array.isArray(root) ? root : {};
}

/** Always a list: one element, several, or none. */
export function list(value: XmlValue | undefined): XmlValue[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The child nodes named `name` of a node, as objects. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return list(node?.[name]).filter((v): v is XmlNode => typeof v === 'object' && !Array.isArray(v));
}

/** The text of a child element, or undefined. */
export function text(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** The texts of all child elements named `name`. */
export function texts(node: XmlNode | undefined, name: string): string[] {
  return list(node?.[name]).filter((v): v is string => typeof v === 'string');
}
