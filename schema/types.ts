/** Reports one problem: the key (without the `isolation:` namespace), the value and what was expected. */
export type Report = (key: string, value: unknown, expected: string) => void;

/**
 * A check across several keys. It receives only the keys that passed their own validation (so one
 * bad key does not hide problems in the others) and reports every problem it finds.
 */
export type CrossCheck<T> = (cfg: Partial<T>, report: Report) => void;
