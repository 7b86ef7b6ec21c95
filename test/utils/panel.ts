// The stored-session panel of the demo pages ("What the server stored for
// you"), read back from a page's HTML.

/** Undoes Handlebars' escaping, for texts taken out of a page. */
export function unescapeHtml(html: string): string {
  return html
    .replace(/&quot;/g, '"')
    .replace(/&#x3D;/g, '=')
    .replace(/&#x27;/g, "'")
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The JSON of the stored-session panel of a page, as the store holds it. */
export function panelOf(html: string): Record<string, unknown> {
  const match = /data-testid="stored-json"><code>([\s\S]*?)<\/code>/.exec(html);
  if (!match) throw new Error('no stored-session panel in the page');
  return JSON.parse(unescapeHtml(match[1])) as Record<string, unknown>;
}

/**
 * The session data the panel shows: a MongoDB document's `session`, or a
 * Redis hash's `d:` fields (each JSON).
 */
export function storedData(html: string): Record<string, unknown> {
  const json = panelOf(html);
  if (json.session) return json.session as Record<string, unknown>;
  const fields = (json.fields ?? {}) as Record<string, string>;
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([field]) => field.startsWith('d:'))
      .map(([field, value]) => [field.slice(2), JSON.parse(value) as unknown]),
  );
}
