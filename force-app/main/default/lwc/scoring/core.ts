/**
 * Small shared pieces of the scoring library: its error type, rounding and input checks.
 * Kept free of platform imports so the screens and the Node sync load the same code.
 */

/** Thrown for input the scoring rules cannot interpret, so callers can tell it from a bug. */
export class ScoringInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScoringInputError';
  }
}

/**
 * Rounds half away from zero to `digits` decimals, as Salesforce Number fields do on save.
 * Works on the decimal text so that 1.005 becomes 1.01 rather than 1.00.
 */
export function roundTo(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  const abs = Math.abs(value);
  const text = String(abs);
  // Numbers in exponent form are either huge (no decimals left to round) or tiny (round to 0).
  if (text.includes('e')) return abs >= 1 ? value : 0;
  const result = sign * Number(`${Math.round(Number(`${text}e${digits}`))}e-${digits}`);
  return result === 0 ? 0 : result;
}

/** Rejects anything but a whole number within [min, max]; `what` names the value in the error. */
export function requireInteger(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ScoringInputError(
      `${what} must be a whole number from ${min} to ${max}, got ${describe(value)}`
    );
  }
  return value;
}

/** Rejects anything but a finite number; `what` names the value in the error. */
export function requireFinite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ScoringInputError(`${what} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** A short, safe rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeof value;
}
