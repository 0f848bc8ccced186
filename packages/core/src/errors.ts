/** Thrown at construction for configuration CloudWatch would reject on every request. */
export class CwaggConfigError extends Error {
  override name = 'CwaggConfigError';
}
