/** A CRM's body as a JSON object, or null when it is not one (an HTML error page, an empty 5xx, a bare value). */
export function jsonObjectOrNull(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
