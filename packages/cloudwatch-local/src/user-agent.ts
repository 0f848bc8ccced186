/**
 * The application id the AWS SDK v3 appends to its User-Agent as `app/<id>`
 * (`new CloudWatchClient({ userAgentAppId: 'cwagg-single' })`); `unknown` when there is none.
 */
export function appIdFromUserAgent(userAgent: string | undefined): string {
  const match = /(?:^|\s)app\/(\S+)/.exec(userAgent ?? '');
  return match?.[1] ?? 'unknown';
}
