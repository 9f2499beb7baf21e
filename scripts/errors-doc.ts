// docs/errors.md is generated from the one error catalog (src/domain/errors.ts), and a test
// (test/docs/errors-doc.test.ts) fails when the two differ. Regenerate with:
//   npx tsx scripts/errors-doc.ts --write
import { writeFileSync } from 'node:fs';
import { ERROR_CATALOG, moreInfoUrl } from '../src/domain/errors.ts';

export const ERRORS_DOC_PATH = new URL('../docs/errors.md', import.meta.url);

export const renderErrorsDoc = (): string => {
  const rows = Object.entries(ERROR_CATALOG).map(([code, spec]) => `| ${code} | ${spec.status} | ${spec.title} | [twilio.com](${moreInfoUrl(Number(code))}) |`);
  return [
    '# Error codes',
    '',
    'Every error masq returns comes from one catalog (`src/domain/errors.ts`) and is rendered in Twilio\'s',
    'legacy envelope, with `status` equal to the HTTP status:',
    '',
    '```json',
    '{"code": 80208, "message": "…", "more_info": "https://www.twilio.com/docs/errors/80208", "status": 400}',
    '```',
    '',
    'Runtime codes (opt-outs, intercept blocks, out-of-session traffic) are not HTTP answers: they appear in',
    'the `routing` of sandbox traffic, in interaction `data` and in logs. An unexpected failure is a 500 with',
    'code 80504 and a request id, never a driver\'s message. This file is generated from the catalog',
    '(`npx tsx scripts/errors-doc.ts --write`); a test keeps the two in step.',
    '',
    '| code | HTTP | meaning | Twilio\'s page |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
};

if (process.argv.includes('--write')) {
  writeFileSync(ERRORS_DOC_PATH, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC_PATH.pathname}`);
}
