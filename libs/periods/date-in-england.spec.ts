import { describe, expect, it } from 'vitest';
import { dateInEngland } from './date-in-england.js';

describe(dateInEngland.name, () => {
  it('gives the date in England, where 23:30 UTC in summer is already the next day', () => {
    expect(dateInEngland(new Date('2024-07-12T23:30:00Z'))).toBe('2024-07-13');
    expect(dateInEngland(new Date('2024-10-14T23:30:00Z'))).toBe('2024-10-15');
  });

  it('gives the UTC date in winter, when England keeps GMT', () => {
    expect(dateInEngland(new Date('2024-12-14T23:30:00Z'))).toBe('2024-12-14');
  });
});
