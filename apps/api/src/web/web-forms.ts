/** A form's problems, in the order the fields appear, for the GOV.UK error summary and inline errors. */
export class FormErrors {
  private readonly errors: { field: string; message: string; href?: string }[] = [];

  add(field: string, message: string, href?: string): this {
    this.errors.push({ field, message, href });
    return this;
  }

  any(): boolean {
    return this.errors.length > 0;
  }

  /** Items for govukErrorSummary: each links to its field (or to where the problem is). */
  summary(): { text: string; href: string }[] {
    return this.errors.map((error) => ({ text: error.message, href: error.href ?? `#${error.field}` }));
  }

  /** The first message per field, for each field's errorMessage. */
  byField(): Record<string, { text: string }> {
    const result: Record<string, { text: string }> = {};
    for (const error of this.errors) result[error.field] ??= { text: error.message };
    return result;
  }
}

/** Reads a GOV.UK date input (day, month, year) as an ISO date, or says in plain words what is wrong. */
export function readDateInput(
  day: unknown,
  month: unknown,
  year: unknown,
  label: string,
): { ok: true; date: string | null } | { ok: false; message: string } {
  const parts = [day, month, year].map((part) => (typeof part === 'string' ? part.trim() : ''));
  if (parts.every((part) => part === '')) return { ok: true, date: null };
  const [d, m, y] = parts;
  const missing = [
    ['day', d],
    ['month', m],
    ['year', y],
  ]
    .filter(([, value]) => value === '')
    .map(([name]) => name);
  if (missing.length > 0) return { ok: false, message: `${label} must include a ${missing.join(' and ')}` };
  if (![d, m, y].every((part) => /^\d+$/.test(part)) || y.length !== 4) {
    return { ok: false, message: `${label} must be a real date, like 31 3 2027` };
  }
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    return { ok: false, message: `${label} must be a real date, like 31 3 2027` };
  }
  return { ok: true, date: iso };
}

/** A form or query field as text ('' when absent or not a single value). */
export function formText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Rows per page of a listing page. */
export const LIST_PAGE_SIZE = 50;

/** `?page=` as a page number, 1 when missing or nonsense. */
export function pageNumber(query: Record<string, unknown>): number {
  return Math.max(1, Number.parseInt(formText(query.page), 10) || 1);
}
