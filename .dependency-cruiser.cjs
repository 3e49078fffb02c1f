/** Module boundaries (STYLE.md). `npm run lint` fails on any violation. */
module.exports = {
  forbidden: [
    {
      name: 'pure-maths-has-no-framework',
      comment: 'Periods and evaluation are pure TypeScript: no Nest, TypeORM, database or queue imports.',
      severity: 'error',
      from: { path: '^libs/(periods|evaluation)/' },
      to: { path: 'node_modules/(@nestjs|typeorm|pg|pg-copy-streams|bullmq|ioredis|exceljs)/' },
    },
    {
      name: 'pure-maths-stays-pure',
      comment: 'Pure libraries may only import each other, not the stateful libraries.',
      severity: 'error',
      from: { path: '^libs/(periods|evaluation)/' },
      to: { path: '^libs/', pathNot: '^libs/(periods|evaluation|common/domain-error)' },
    },
    {
      name: 'read-model-sits-below-its-readers',
      comment:
        'libs/series is the one read model: exceptions, reports and the scorecard read figures through it, so it imports none of them.',
      severity: 'error',
      from: { path: '^libs/series/' },
      to: {
        path: '^libs/',
        pathNot: '^libs/(series|periods|evaluation|common|database|reporting|access|audit|config)/',
      },
    },
    {
      name: 'no-reaching-into-other-entities',
      comment: 'A library talks to another through its exported services, never its entities or repositories.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/.+\\.entity\\.ts$', pathNot: '^libs/$1/' },
    },
    {
      name: 'apps-do-not-touch-entities',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '\\.entity\\.ts$' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: '\\.entity\\.ts$' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
