/** Statuses by tone; the badge always shows its text, the colour only repeats it. */
const TONES: Readonly<Record<string, string>> = {
  open: 'good', 'in-progress': 'good', active: 'good', delivered: 'good', completed: 'good', sent: 'good', received: 'good',
  success: 'good', approved: 'good', verified: 'good', 'in-use': 'good',
  closed: 'muted', expired: 'muted', released: 'muted', canceled: 'muted', reserved: 'muted',
  failed: 'bad', undelivered: 'bad', unknown: 'bad', 'no-answer': 'bad', busy: 'bad', rejected: 'bad', suspended: 'bad', quarantined: 'bad',
};

export const Status = ({ value }: { readonly value: string }) => (
  <span class={`status status-${TONES[value.toLowerCase()] ?? 'neutral'}`}>{value || '—'}</span>
);
