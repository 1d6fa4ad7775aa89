import { ErrorCodes, OcrError, lookupLanguage } from '@ocr-pool/contracts';

/**
 * Routes a client's language name to the engine (and model pack) that reads it. Routes are added
 * in priority order and the first route for a language wins, so composition decides precedence
 * (configured packs, then bundled packs, then other engines).
 */
export interface LanguageRoute {
  /** Canonical code. */
  code: string;
  name: string;
  /** Accepted spellings, lower case. */
  aliases: readonly string[];
  /** Engine id, e.g. `ppocr`. */
  engine: string;
  /** Model pack id for engines that have packs. */
  pack?: string;
}

export class LanguageRegistry {
  private readonly routes = new Map<string, LanguageRoute>();
  private readonly aliasToCode = new Map<string, string>();

  /** Adds a route unless the language already has one. Returns whether it was added. */
  add(code: string, engine: string, pack?: string): boolean {
    if (this.routes.has(code)) return false;
    const known = lookupLanguage(code);
    const aliases = known?.aliases ?? [code];
    this.routes.set(code, { code, name: known?.name ?? code, aliases, engine, ...(pack ? { pack } : {}) });
    for (const alias of aliases) this.aliasToCode.set(alias, code);
    this.aliasToCode.set(code, code);
    return true;
  }

  list(): LanguageRoute[] {
    return [...this.routes.values()];
  }

  /** The route for a spelling, or an `OcrError(LANGUAGE_UNAVAILABLE)` naming what is installed. */
  resolve(language: string): LanguageRoute {
    const key = language.trim().toLowerCase();
    const code = this.aliasToCode.get(key) ?? lookupLanguage(key)?.code;
    const route = code === undefined ? undefined : this.routes.get(code);
    if (route) return route;
    const installed = this.list().map((r) => r.code);
    const known = lookupLanguage(key);
    const hint = known?.tesseract
      ? ` To add ${known.name}, install a PP-OCR model pack for it in OCR_MODEL_DIR or the Debian package tesseract-ocr-${known.tesseract.replace(/_/g, '-')}.`
      : ' To add a language, install a PP-OCR model pack for it in OCR_MODEL_DIR.';
    throw new OcrError(
      ErrorCodes.LANGUAGE_UNAVAILABLE,
      `Language "${language}" is not installed. Installed languages: ${installed.join(', ') || 'none'}.${hint}`,
      { field: 'language', language, installed },
    );
  }
}
