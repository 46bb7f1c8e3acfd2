// A request that got no usable answer (a timeout, a refused connection, an untrusted certificate) as
// the user's sentence; an answer that came is errorMapping.ts's. Pure: no `vscode` import.
import { userMessage } from '../userMessage';
import { hostOf, whereToCheck, type FailureContext } from './errorMapping';
import { BitbucketError } from './errors';

const certificateCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Why a request was aborted: its deadline passed, or the user cancelled the operation it was part of. */
export type AbortCause = 'deadline' | 'cancelled';

/** The one place where a request that got no usable answer becomes a user-facing error. */
export function errorForFailure(failure: unknown, context: FailureContext, aborted?: AbortCause): BitbucketError {
  if (failure instanceof BitbucketError) return failure;
  const host = hostOf(context.url);
  if (aborted === 'cancelled') {
    return new BitbucketError('cancelled', userMessage('Cancelled before Bitbucket answered.'), { cause: failure });
  }
  if (aborted === 'deadline') {
    return new BitbucketError(
      'timeout',
      userMessage(
        'Bitbucket did not answer within {0} seconds. Check your network and proxy, or raise nora.bitbucket.requestTimeoutSeconds.',
        Math.round(context.timeoutMs / 1000),
      ),
      { cause: failure },
    );
  }
  const { code, type } = failureDetails(failure);
  if (type === 'max-size') {
    return new BitbucketError('invalidResponse', userMessage("Bitbucket's answer was larger than 1 MB, so it was not read."), {
      cause: failure,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new BitbucketError(
      'hostNotFound',
      userMessage('Could not find the host {0}. Check your network connection, your proxy (http.proxy) and {1}.', host, whereToCheck(context)),
      { cause: failure },
    );
  }
  if (code === 'ECONNREFUSED') {
    return new BitbucketError(
      'connectionRefused',
      userMessage('The connection to {0} was refused. Check {1} and your proxy settings (http.proxy).', host, whereToCheck(context)),
      { cause: failure },
    );
  }
  if (code !== undefined && (certificateCodes.has(code) || code.startsWith('ERR_TLS') || code.includes('CERT'))) {
    return new BitbucketError(
      'certificate',
      context.credentialType === 'dataCenter'
        ? userMessage(
            "The TLS certificate of {0} is not trusted ({1}). If your company's own certificate authority signed it, add that authority to this computer's trusted certificates and keep VS Code's http.systemCertificates setting on, or ask your administrator.",
            host,
            code,
          )
        : userMessage(
            "The TLS certificate of {0} is not trusted ({1}). If your network inspects TLS traffic, set up VS Code's proxy and certificate settings (http.proxy, http.proxyStrictSSL, http.systemCertificates).",
            host,
            code,
          ),
      { cause: failure },
    );
  }
  return new BitbucketError(
    'network',
    userMessage('The connection to {0} failed before Bitbucket finished answering ({1}). Try again.', host, code ?? userMessage('network error')),
    { cause: failure },
  );
}

function failureDetails(failure: unknown): { code?: string; type?: string } {
  if (typeof failure !== 'object' || failure === null) return {};
  const { code, type, cause } = failure as { code?: unknown; type?: unknown; cause?: unknown };
  const ownCode = typeof code === 'string' ? code : undefined;
  const causeCode = failureDetails(cause).code;
  return { code: ownCode ?? causeCode, type: typeof type === 'string' ? type : undefined };
}
