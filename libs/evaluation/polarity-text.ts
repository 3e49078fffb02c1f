import type { Polarity } from './polarity.js';

export function describePolarity(polarity: Polarity): string {
  switch (polarity) {
    case 'higher_is_better':
      return 'higher is better';
    case 'lower_is_better':
      return 'lower is better';
    case 'no_polarity':
      return 'neither higher nor lower is better';
  }
}
