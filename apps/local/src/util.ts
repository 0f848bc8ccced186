/** Small helpers shared by the modules of this package. */

/** Throws a RangeError naming the option when `value` is not a whole number in [min, max]. */
export function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/** Throws a RangeError naming the option when `value` is not a finite number in [min, max]. */
export function checkNumber(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a number from ${min} to ${max}, got ${value}`);
  }
}
