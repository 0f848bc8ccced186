/**
 * Which failed requests are worth sending again. A request that failed after the SDK's own retries is held
 * and re-sent with the next flush when the cause can pass (throttling, a 5xx, a timeout, a dropped or refused
 * connection); when it cannot, sending it again only repeats the failure, so it is dropped at once and
 * reported once.
 */

/** Why a failure cannot heal by retrying, or `undefined` when it can. */
export type PermanentFailure = 'invalid-request' | 'client-setup';

/**
 * CloudWatch rejected the request itself (the API reference's validation errors). With the query-compatible
 * JSON protocol the SDK names them without the `Exception` suffix; both spellings are matched.
 */
const INVALID_REQUEST =
  /^(InvalidParameterValue|InvalidParameterCombination|MissingParameter|MissingRequiredParameter|ValidationError|SerializationException)(Exception)?$/;

/**
 * The client cannot send at all until someone changes its configuration: no credentials, credentials AWS does
 * not know or whose signature does not match (the SDK has already corrected clock skew and retried), or a
 * principal without `cloudwatch:PutMetricData`. Expired session tokens are not here: a refreshing credential
 * provider heals them.
 */
const CLIENT_SETUP =
  /^(CredentialsProviderError|InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|IncompleteSignature|MissingAuthenticationToken|AccessDenied|NotAuthorized|OptInRequired|UnauthorizedOperation)(Exception)?$/;

/** The SDK throws a plain Error with this message when no region is configured anywhere. */
const REGION_MISSING = /^Region is missing/;

/** What kind of permanent failure `errorCode` (the Publisher's outcome code) is, if any. */
export function permanentFailure(errorCode: string, error: Error | undefined): PermanentFailure | undefined {
  if (INVALID_REQUEST.test(errorCode)) return 'invalid-request';
  if (CLIENT_SETUP.test(errorCode)) return 'client-setup';
  if (errorCode === 'Error' && REGION_MISSING.test(error?.message ?? '')) return 'client-setup';
  return undefined;
}
