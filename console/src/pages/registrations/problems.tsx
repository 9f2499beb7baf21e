// A registration's problems as the registry wrote them: errors[] entries (code, description, fields).
import { isRecord, list, num, str } from '../../json.ts';

export const problemsOf = (registration: unknown, summary: string | null) => {
  const errors = list(registration, 'errors').filter(isRecord);
  if (errors.length === 0) return summary ?? '—';
  return (
    <ul class="plain">
      {errors.map((e, i) => {
        const fields = list(e, 'fields').filter((f): f is string => typeof f === 'string');
        return <li key={i}>{Number.isFinite(num(e, 'error_code')) ? `${num(e, 'error_code')}: ` : ''}{str(e, 'description')}{fields.length > 0 ? ` (${fields.join(', ')})` : ''}</li>;
      })}
    </ul>
  );
};
