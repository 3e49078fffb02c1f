import { formatPeriod, periodContaining, previousPeriod, type Period } from '../../../../libs/periods/index.js';

/** The quarter whose returns are being gathered now: the last complete financial quarter before today. */
export function currentReturnsQuarter(today: Date): Period & { label: string } {
  const period = previousPeriod(periodContaining('quarter', today.toISOString().slice(0, 10)));
  return { ...period, label: formatPeriod(period) };
}
