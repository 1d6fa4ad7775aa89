import { openApiDocument } from '@ocr-pool/contracts';

/**
 * The methods each documented path takes, read from the OpenAPI document the gateway serves, so a
 * request with the wrong method gets `405` and an `Allow` header that agree with the document
 * instead of a `404` that suggests the path does not exist.
 */
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const routes = Object.entries(openApiDocument.paths).map(([template, operations]) => {
  const methods = HTTP_METHODS.filter((m) => m in operations).map((m) => m.toUpperCase());
  if (methods.includes('GET')) methods.push('HEAD');
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return { matches: new RegExp(`^${pattern}/?$`), methods };
});

/** The methods `path` takes, or undefined for a path the API does not have. */
export function allowedMethods(path: string): string[] | undefined {
  return routes.find((route) => route.matches.test(path))?.methods;
}
