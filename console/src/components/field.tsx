import type { ComponentChildren, InputHTMLAttributes } from 'preact';

interface FieldProps {
  readonly label: string;
  /** The form field's name (Twilio's PascalCase parameter, e.g. "UniqueName"). */
  readonly name: string;
  readonly value: string;
  readonly onInput: (value: string) => void;
  readonly type?: 'text' | 'password' | 'url' | 'tel' | 'search' | 'email';
  readonly hint?: ComponentChildren;
  readonly error?: string | null;
  readonly required?: boolean;
  readonly placeholder?: string;
  readonly autoComplete?: string;
  /** A <select> instead of an <input>: [value, label] pairs. */
  readonly options?: readonly (readonly [string, string])[];
}

type InputType = NonNullable<FieldProps['type']>;
type InputAttributes = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'role' | 'list'>;

/** Preact types each input type apart (which may have a `list`, a `role`), so each is its own literal. */
const TypedInput = ({ type, attributes }: { readonly type: InputType; readonly attributes: InputAttributes }) => {
  switch (type) {
    case 'password': return <input {...attributes} type="password" />;
    case 'url': return <input {...attributes} type="url" />;
    case 'tel': return <input {...attributes} type="tel" />;
    case 'search': return <input {...attributes} type="search" />;
    case 'email': return <input {...attributes} type="email" />;
    case 'text': return <input {...attributes} type="text" />;
  }
};

/** A labelled input (or select) with an optional hint and error, both tied to it by aria-describedby. */
export const Field = ({ label, name, value, onInput, type = 'text', hint, error, required, placeholder, autoComplete, options }: FieldProps) => {
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name, required, 'aria-describedby': described, 'aria-invalid': error ? true : undefined };
  return (
    <div class="field">
      <label for={id}>{label}{required ? <span aria-hidden="true"> *</span> : null}</label>
      {options ? (
        <select {...common} value={value} onChange={(e) => onInput(e.currentTarget.value)}>
          {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
        </select>
      ) : (
        <TypedInput type={type} attributes={{ ...common, value, placeholder, autoComplete, onInput: (e) => onInput(e.currentTarget.value) }} />
      )}
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
};
