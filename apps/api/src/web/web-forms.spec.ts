import { describe, expect, it } from 'vitest';
import { FormErrors, readDateInput } from './web-forms.js';

describe(readDateInput.name, () => {
  const label = 'The expected recovery date';

  it('reads a date as people type it, without leading zeros', () => {
    expect(readDateInput('31', '3', '2027', label)).toEqual({ ok: true, date: '2027-03-31' });
  });

  it('treats three empty boxes as no date', () => {
    expect(readDateInput('', ' ', '', label)).toEqual({ ok: true, date: null });
  });

  it('says which parts are missing', () => {
    expect(readDateInput('31', '', '', label)).toEqual({
      ok: false,
      message: 'The expected recovery date must include a month and year',
    });
  });

  it('refuses a day that does not exist, with an example', () => {
    expect(readDateInput('30', '2', '2027', label)).toEqual({
      ok: false,
      message: 'The expected recovery date must be a real date, like 31 3 2027',
    });
  });

  it('refuses a two-digit year', () => {
    expect(readDateInput('31', '3', '27', label).ok).toBe(false);
  });
});

describe(FormErrors.name, () => {
  it('links each problem to its field and keeps the first message per field', () => {
    const sut = new FormErrors()
      .add('cause', 'Say what caused it')
      .add('cause', 'Second')
      .add('date', 'Bad', '#date-day');
    expect(sut.summary()).toEqual([
      { text: 'Say what caused it', href: '#cause' },
      { text: 'Second', href: '#cause' },
      { text: 'Bad', href: '#date-day' },
    ]);
    expect(sut.byField()).toEqual({ cause: { text: 'Say what caused it' }, date: { text: 'Bad' } });
  });
});
