import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';

interface PageProps {
  readonly title: string;
  /** Buttons or links shown beside the heading (e.g. "Create service"). */
  readonly actions?: ComponentChildren;
  readonly children?: ComponentChildren;
}

/** A page: sets the document title and its one <h1>, which takes focus on navigation (see app.tsx). */
export const Page = ({ title, actions, children }: PageProps) => {
  useEffect(() => {
    document.title = `${title} · masq console`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>{title}</h1>
        {actions ? <div class="page-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
};
