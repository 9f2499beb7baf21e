// The layer rule: domain <- ports <- app <- http, cli. storage/ and carriers/ implement ports and
// may import domain/ and ports/, never app/ or http/. Only runtime.ts (the composition root) and cli/
// wire everything together; only config/ reads the environment.
import tseslint from 'typescript-eslint';

// A folder of src/, or the composition root: runtime.ts is a module, not a folder, so it needs its own pattern.
const groupOf = (dir) => (dir === 'runtime' ? ['**/runtime.ts'] : [`**/${dir}/**`, `**/${dir}`]);

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      patterns: forbidden.map((dir) => ({ group: groupOf(dir), message: `${message} (layer rule)` })),
    }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'console/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'read configuration in src/config/ only' }],
    },
  },
  layer(['src/domain/**'], ['ports', 'app', 'http', 'cli', 'storage', 'carriers', 'config', 'runtime'], 'domain/ is pure'),
  layer(['src/ports/**'], ['app', 'http', 'cli', 'storage', 'carriers', 'config', 'runtime'], 'ports/ depend on domain/ only'),
  layer(['src/app/**'], ['http', 'cli', 'storage', 'carriers', 'config', 'runtime'], 'app/ talks to adapters through ports/'),
  layer(['src/storage/**', 'src/carriers/**'], ['app', 'http', 'cli', 'runtime'], 'adapters implement ports/ and never reach up'),
  layer(['src/http/**'], ['storage', 'carriers', 'cli', 'runtime', 'webhooks', 'net', 'config', 'mail'], 'http/ is thin: it calls app/ use cases'),
  // The customer-webhook sender is an adapter like storage/ and carriers/; net/ is plumbing they share.
  layer(['src/webhooks/**'], ['app', 'http', 'cli', 'runtime', 'storage', 'carriers', 'config'], 'adapters implement ports/ and never reach up'),
  // The SMTP mailer is an adapter too (ports/mailer.ts).
  layer(['src/mail/**'], ['app', 'http', 'cli', 'runtime', 'storage', 'carriers', 'config', 'webhooks'], 'adapters implement ports/ and never reach up'),
  layer(['src/net/**'], ['ports', 'app', 'http', 'cli', 'runtime', 'storage', 'carriers', 'config', 'webhooks'], 'net/ is plumbing: it depends on nothing of masq but domain/'),
  // Configuration is read before anything else exists: it depends on domain/ alone (the shape of a carrier
  // type's settings, the value parsers). The carrier types themselves are handed in by the composition root.
  layer(['src/config/**'], ['ports', 'app', 'http', 'cli', 'runtime', 'storage', 'carriers', 'webhooks', 'net'], 'config/ depends on domain/ only'),
  // The CLI starts masq through the composition root (runtime.ts), never by building adapters itself.
  layer(['src/cli/**'], ['storage', 'carriers', 'webhooks', 'net', 'mail'], 'cli/ wires through runtime.ts'),
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
