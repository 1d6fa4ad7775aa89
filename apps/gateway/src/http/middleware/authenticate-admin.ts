import type { NextFunction, Request, Response } from 'express';
import { ErrorCodes, OcrError } from '@ocr-pool/contracts';
import { type ApiKeyAuthenticator, presentedKey } from '../../auth/api-keys.js';

/**
 * Guards the admin pages (Bull Board). Besides the API's `Authorization: Bearer KEY` and
 * `X-API-Key`, it takes HTTP Basic with the key as the password (any user name), because a browser
 * can send Basic credentials by itself: it asks once, on the 401's `WWW-Authenticate`, and then
 * sends them with every page, script and API call of the board.
 */
export const ADMIN_REALM = 'ocr-pool admin';

export function authenticateAdmin(auth: ApiKeyAuthenticator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // The board's own paths (assets, API calls) are many: metrics label them all by the mount point.
    req.context.route = req.baseUrl;
    const presented = basicPassword(req.headers.authorization) ?? presentedKey(req.headers);
    // An authenticator without keys lets everyone in as "anonymous": the board is never mounted then.
    const admin = auth.enabled ? auth.tenantFor(presented) : undefined;
    if (!admin) {
      res.setHeader('WWW-Authenticate', `Basic realm="${ADMIN_REALM}", charset="UTF-8"`);
      next(
        new OcrError(
          ErrorCodes.UNAUTHORIZED,
          presented
            ? 'The admin key is not valid.'
            : 'An admin key is required: sign in with any user name and the key as the password.',
        ),
      );
      return;
    }
    req.context.tenant = admin;
    req.context.log = req.context.log.child({ admin });
    next();
  };
}

/** The password of `Authorization: Basic base64(user:password)`, if that is what was sent. */
export function basicPassword(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined;
}
