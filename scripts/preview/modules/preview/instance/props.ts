/**
 * The @api values a FlexiPage gives one component: its componentInstanceProperties, typed as the
 * bundle's targetConfigs declare them, plus recordId and objectApiName on record pages when the
 * component declares them public, as Lightning does.
 */
import type { ComponentMeta } from '../../../site';

/** Converts one property's XML text by its declared type (Integer, Boolean, String, ...). */
export function typedValue(value: string, type: string | undefined): string | number | boolean {
  if (type === 'Integer') {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new Error(`"${value}" is not an Integer`);
    return n;
  }
  if (type === 'Boolean') {
    if (value !== 'true' && value !== 'false') throw new Error(`"${value}" is not a Boolean`);
    return value === 'true';
  }
  return value;
}

/** The properties to set on the component, given its public property names. */
export function instanceProps(
  properties: Record<string, string>,
  meta: ComponentMeta | undefined,
  publicProps: string[],
  record: { recordId?: string; objectApiName?: string }
): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [name, declared] of Object.entries(meta?.properties ?? {})) {
    if (declared.default !== undefined) props[name] = typedValue(declared.default, declared.type);
  }
  for (const [name, value] of Object.entries(properties)) {
    if (!publicProps.includes(name))
      throw new Error(
        `The page sets ${name}, which is not an @api property of ${meta?.bundle ?? 'the component'}`
      );
    props[name] = typedValue(value, meta?.properties[name]?.type);
  }
  if (record.recordId && publicProps.includes('recordId')) props.recordId = record.recordId;
  if (record.objectApiName && publicProps.includes('objectApiName'))
    props.objectApiName = record.objectApiName;
  return props;
}
