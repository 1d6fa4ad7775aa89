/**
 * Language names and aliases, mapped to one canonical code per language. Canonical codes follow
 * PaddleOCR's names where it has one (`en`, `ch`, `korean` -> `ko`, ...) so that the old service's
 * clients keep working; ISO 639-1/-3 codes and English names are accepted too. This table only
 * names languages: which ones are installed is the engine registry's business.
 */
export interface LanguageName {
  /** Canonical code, used in results and model pack manifests. */
  code: string;
  /** English name, for listings. */
  name: string;
  /** Every accepted spelling, lower case, including the code. */
  aliases: readonly string[];
  /** tesseract traineddata name for this language, where tesseract has one. */
  tesseract?: string;
}

export const LANGUAGES: readonly LanguageName[] = [
  { code: 'en', name: 'English', aliases: ['en', 'eng', 'english', 'en-us', 'en-gb'], tesseract: 'eng' },
  {
    code: 'ch',
    name: 'Chinese (simplified)',
    aliases: ['ch', 'zh', 'zho', 'chi', 'chi_sim', 'chinese', 'zh-cn', 'zh-hans', 'simplified chinese'],
    tesseract: 'chi_sim',
  },
  {
    code: 'chinese_cht',
    name: 'Chinese (traditional)',
    aliases: ['chinese_cht', 'cht', 'chi_tra', 'zh-tw', 'zh-hant', 'traditional chinese'],
    tesseract: 'chi_tra',
  },
  { code: 'ko', name: 'Korean', aliases: ['ko', 'kor', 'korean'], tesseract: 'kor' },
  { code: 'ja', name: 'Japanese', aliases: ['ja', 'jpn', 'japan', 'japanese'], tesseract: 'jpn' },
  { code: 'fr', name: 'French', aliases: ['fr', 'fra', 'fre', 'french'], tesseract: 'fra' },
  { code: 'de', name: 'German', aliases: ['de', 'deu', 'ger', 'german'], tesseract: 'deu' },
  { code: 'es', name: 'Spanish', aliases: ['es', 'spa', 'spanish'], tesseract: 'spa' },
  { code: 'it', name: 'Italian', aliases: ['it', 'ita', 'italian'], tesseract: 'ita' },
  { code: 'pt', name: 'Portuguese', aliases: ['pt', 'por', 'portuguese'], tesseract: 'por' },
  { code: 'ru', name: 'Russian', aliases: ['ru', 'rus', 'russian'], tesseract: 'rus' },
  { code: 'ar', name: 'Arabic', aliases: ['ar', 'ara', 'arabic'], tesseract: 'ara' },
  { code: 'hi', name: 'Hindi', aliases: ['hi', 'hin', 'hindi'], tesseract: 'hin' },
  { code: 'vi', name: 'Vietnamese', aliases: ['vi', 'vie', 'vietnamese'], tesseract: 'vie' },
  { code: 'th', name: 'Thai', aliases: ['th', 'tha', 'thai'], tesseract: 'tha' },
];

const BY_ALIAS = new Map<string, LanguageName>(
  LANGUAGES.flatMap((language) => language.aliases.map((alias) => [alias, language] as const)),
);

/** The canonical language for a client's spelling, or undefined when the name is unknown. */
export function lookupLanguage(nameOrAlias: string): LanguageName | undefined {
  return BY_ALIAS.get(nameOrAlias.trim().toLowerCase());
}

/** The canonical code for a spelling; unknown names pass through lower-cased (packs may add them). */
export function canonicalLanguage(nameOrAlias: string): string {
  return lookupLanguage(nameOrAlias)?.code ?? nameOrAlias.trim().toLowerCase();
}
