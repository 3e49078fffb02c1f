/** For `@Transform`: `?status=open,commented` or `?status=open&status=commented`, as one list. */
export const commaList = ({ value }: { value: unknown }): unknown =>
  value === undefined
    ? undefined
    : ([] as unknown[])
        .concat(value)
        .flatMap((item) => String(item).split(','))
        .map((item) => item.trim())
        .filter(Boolean);
