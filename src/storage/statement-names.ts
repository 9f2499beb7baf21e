// The statements prepared.ts compiles once, by SQL text, with a stable name for each: the PostgreSQL
// dialect sends them as named prepared statements (parsed and planned once per connection). Bounded by the
// number of prepared() statements in the code, a few dozen.
const names = new Map<string, string>();

export const nameStatement = (sql: string): void => {
  if (!names.has(sql)) names.set(sql, `masq_${names.size + 1}`);
};

/** The name of a statement prepared.ts compiled, or undefined for any other SQL. */
export const statementName = (sql: string): string | undefined => names.get(sql);
