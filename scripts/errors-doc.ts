// docs/errors.md is generated from the one error catalog (src/domain/errors.ts), and a test
// (test/docs/errors-doc.test.ts) fails when the two differ. Regenerate with:
//   npx tsx scripts/errors-doc.ts --write
// masq serves the file at /docs/errors; a masq-only error's more_info links to its `### <name>` section
// there, whose heading anchor is the name itself (names are kebab-case).
import { writeFileSync } from 'node:fs';
import { ERROR_NAMES, errorSpec, moreInfoUrl, type ErrorName } from '../src/domain/errors.ts';

export const ERRORS_DOC_PATH = new URL('../docs/errors.md', import.meta.url);

const linkOf = (name: ErrorName): string => (errorSpec(name).masqOnly ? `[below](#${name})` : `[twilio.com](${moreInfoUrl(name, '')})`);

const rowOf = (name: ErrorName): string => {
  const spec = errorSpec(name);
  const meaning = spec.reserved ? `${spec.title} *(reserved)*` : spec.title;
  return `| \`${name}\` | ${spec.twilioCode} | ${spec.status} | ${meaning} | ${linkOf(name)} |`;
};

const masqSection = (name: ErrorName): string[] => {
  const spec = errorSpec(name);
  return spec.masqOnly ? ['', `### ${name}`, '', `Code ${spec.twilioCode}, HTTP ${spec.status}: ${spec.title}.`, '', spec.explanation] : [];
};

export const renderErrorsDoc = (): string => [
  '# Error codes',
  '',
  'Every error masq returns comes from one catalog (`src/domain/errors.ts`), where each error has a name',
  '(the first column; `AppError.code` in masq\'s source). On the wire it is rendered in Twilio\'s legacy',
  'envelope, with Twilio\'s numeric code and `status` equal to the HTTP status:',
  '',
  '```json',
  '{"code": 80208, "message": "…", "more_info": "https://www.twilio.com/docs/errors/80208", "status": 400}',
  '```',
  '',
  'Most errors mean what Twilio means by their code, and `more_info` is Twilio\'s page. A few are masq\'s',
  'own: they borrow the nearest Twilio code, so a client\'s handling of that number still applies, and their',
  '`more_info` is their section below, served by masq itself at `<public URL>/docs/errors#<name>`.',
  '',
  'Runtime codes (opt-outs, intercept blocks, out-of-session traffic) are not HTTP answers: they appear in',
  'the `routing` of sandbox traffic, in interaction `data` and in logs. An unexpected failure is a 500 with',
  'code 80504 and a request id, never a driver\'s message. Request-shape errors that Fastify or Node answer',
  '(a body too large, an unsupported content type, headers too large) are 80701 with the HTTP status of the',
  'problem. *Reserved* errors are listed for Twilio compatibility but never raised by masq today.',
  'This file is generated from the catalog (`npx tsx scripts/errors-doc.ts --write`); a test keeps the two',
  'in step.',
  '',
  '| name | code | HTTP | meaning | more_info |',
  '|---|---|---|---|---|',
  ...ERROR_NAMES.map(rowOf),
  '',
  '## masq\'s own errors',
  ...ERROR_NAMES.flatMap(masqSection),
  '',
].join('\n');

if (process.argv.includes('--write')) {
  writeFileSync(ERRORS_DOC_PATH, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC_PATH.pathname}`);
}
