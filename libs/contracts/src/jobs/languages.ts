/** A language a running worker can read, as workers publish it and `GET /v1/languages` lists it. */
export interface LanguageAvailability {
  code: string;
  name: string;
  aliases: string[];
  engine: string;
  pack?: string;
}
