export type Polarity = 'higher_is_better' | 'lower_is_better' | 'no_polarity';
