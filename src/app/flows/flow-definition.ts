// A flow definition as a request carries it: JSON text (a form's `Definition`) or the parsed object (a JSON
// body's). Read into the typed document, or refused with Studio's 81022 and every problem by its pointer.
import { AppError } from '../../domain/errors.ts';
import type { FlowDocument } from '../../domain/flows/flow-document.ts';
import { describeProblem, type FlowProblem } from '../../domain/flows/flow-fields.ts';
import { readFlowDocument, readFlowValue, type FlowReadResult } from '../../domain/flows/read-flow-document.ts';

/** The message names this many problems; the error's `problems` has them all. */
const PROBLEMS_IN_MESSAGE = 10;

export class FlowDefinitionInvalid extends AppError {
  readonly problems: readonly FlowProblem[];
  constructor(problems: readonly FlowProblem[]) {
    const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map(describeProblem).join('; ');
    const more = problems.length > PROBLEMS_IN_MESSAGE ? ` (and ${problems.length - PROBLEMS_IN_MESSAGE} more)` : '';
    super('flow-definition-invalid', `Flow definition validation failed: ${shown}${more}`);
    this.problems = problems;
  }
}

export interface ReadDefinition {
  /** The JSON text stored as the revision's definition. */
  readonly text: string;
  readonly document: FlowDocument;
}

const orThrow = (result: FlowReadResult): FlowDocument => {
  if (result.kind === 'invalid') throw new FlowDefinitionInvalid(result.problems);
  return result.document;
};

/** Text is kept as sent (its author's layout); an object is stored as its JSON. */
export const readDefinition = (definition: unknown): ReadDefinition => {
  if (definition === undefined || definition === null || definition === '') throw new FlowDefinitionInvalid([{ pointer: '', message: 'Definition is required' }]);
  if (typeof definition === 'string') return { text: definition, document: orThrow(readFlowDocument(definition)) };
  const text = JSON.stringify(definition);
  return { text, document: orThrow(readFlowValue(definition)) };
};

/** A stored revision's document. Stored ones were valid when saved; a failure here is a broken row. */
export const storedDocument = (definition: string): FlowDocument => {
  const result = readFlowDocument(definition);
  if (result.kind === 'invalid') throw new Error(`a stored flow revision no longer reads: ${result.problems.map(describeProblem).join('; ')}`);
  return result.document;
};
