import type { NextFunction, Request, Response } from 'express';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { type ApiKeyAuthenticator, presentedKey } from '../../auth/api-keys.js';

/** Resolves the caller's tenant from its API key, or fails with 401 before any body is read. */
export function authenticate(auth: ApiKeyAuthenticator) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const tenant = auth.tenantFor(presentedKey(req.headers));
    if (!tenant) {
      next(
        new OcrError(
          ErrorCodes.UNAUTHORIZED,
          req.headers.authorization || req.headers['x-api-key']
            ? 'The API key is not valid.'
            : 'An API key is required: send "Authorization: Bearer KEY" or "X-API-Key: KEY".',
        ),
      );
      return;
    }
    req.context.tenant = tenant;
    req.context.log = req.context.log.child({ tenant });
    next();
  };
}

export function tenantOf(req: Request): string {
  if (!req.context.tenant) throw new OcrError(ErrorCodes.UNAUTHORIZED, 'Not authenticated.');
  return req.context.tenant;
}
