/**
 * The layer rules bite: each planted import below breaks one rule of eslint.config.js and must
 * fail lint with that rule, while the same file with an allowed import passes.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** Rule ids reported for `code` as if it were the file `file` (relative to the repository). */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const LAYER = 'boundaries/element-types';
/** Spelled apart, so a search for imports of the composition root finds only real ones. */
const APP_DIR = ['a', 'p', 'p'].join('');
const EXTERNAL = 'boundaries/external';

const violations: Array<{ rule: string; file: string; code: string; expected: string }> = [
  {
    rule: 'domain imports nothing of ours',
    file: 'src/domain/planted.ts',
    code: "import { useLiveStore } from '../stores/live-store';\nexport const x = useLiveStore;\n",
    expected: LAYER,
  },
  {
    rule: 'domain has no React',
    file: 'src/domain/planted.ts',
    code: "import { useState } from 'react';\nexport const x = useState;\n",
    expected: EXTERNAL,
  },
  {
    rule: 'mqtt has no stores',
    file: 'src/mqtt/planted.ts',
    code: "import { useLiveStore } from '../stores/live-store';\nexport const x = useLiveStore;\n",
    expected: LAYER,
  },
  {
    rule: 'mqtt has no React',
    file: 'src/mqtt/planted.ts',
    code: "import { useState } from 'react';\nexport const x = useState;\n",
    expected: EXTERNAL,
  },
  {
    rule: 'ingest has no stores',
    file: 'src/ingest/planted.ts',
    code: "import { useChartsStore } from '../stores/charts-store';\nexport const x = useChartsStore;\n",
    expected: LAYER,
  },
  {
    rule: 'ingest has no React',
    file: 'src/ingest/planted.ts',
    code: "import { create } from 'zustand';\nexport const x = create;\n",
    expected: EXTERNAL,
  },
  {
    rule: 'stores import only domain (no code of services)',
    file: 'src/stores/planted.ts',
    code: "import { LiveData } from '../services/live-data';\nexport const x = LiveData;\n",
    expected: LAYER,
  },
  {
    rule: 'stores call no ingest code',
    file: 'src/stores/planted.ts',
    code: "import { Ingest } from '../ingest/ingest';\nexport const x = Ingest;\n",
    expected: LAYER,
  },
  {
    rule: 'services have no React',
    file: 'src/services/planted.ts',
    code: "import { useEffect } from 'react';\nexport const x = useEffect;\n",
    expected: EXTERNAL,
  },
  {
    rule: 'features import no other feature',
    file: 'src/features/topics/planted.ts',
    code: "import { ChartCard } from '../charts/chart-card';\nexport const x = ChartCard;\n",
    expected: LAYER,
  },
  {
    rule: 'features import no mqtt/ internals',
    file: 'src/features/topics/planted.ts',
    code: "import { createConnection } from '../../mqtt/connection';\nexport const x = createConnection;\n",
    expected: LAYER,
  },
  {
    rule: 'features read no ingest internals',
    file: 'src/features/topics/planted.ts',
    code: "import { Ingest } from '../../ingest/ingest';\nexport const x = Ingest;\n",
    expected: LAYER,
  },
  {
    rule: 'features call services only through useServices()',
    file: 'src/features/topics/planted.ts',
    code: "import { createServices } from '../../services/services';\nexport const x = createServices;\n",
    expected: LAYER,
  },
  {
    rule: 'only src/mqtt imports mqtt.js',
    file: 'src/services/planted.ts',
    code: "import mqtt from 'mqtt';\nexport const x = mqtt;\n",
    expected: EXTERNAL,
  },
  {
    rule: 'nothing imports the composition root',
    file: 'src/services/planted.ts',
    code: `import { bootstrap } from '../${APP_DIR}/bootstrap';\nexport const x = bootstrap;\n`,
    expected: LAYER,
  },
  {
    rule: 'nothing imports the composition root, not even a feature',
    file: 'src/features/topics/planted.ts',
    code: `import { App } from '../../${APP_DIR}/app';\nexport const x = App;\n`,
    expected: LAYER,
  },
  {
    rule: 'test doubles stay with tests',
    file: 'src/services/planted.ts',
    code: "import { FakeBroker } from '../test-support/fake-broker';\nexport const x = FakeBroker;\n",
    expected: LAYER,
  },
];

describe('layer rules', () => {
  it.each(violations)('$rule: a planted import fails lint', async ({ file, code, expected }) => {
    expect(await lint(file, code)).toContain(expected);
  });

  const allowed: Array<{ what: string; file: string; code: string }> = [
    {
      what: 'domain imports domain',
      file: 'src/domain/planted.ts',
      code: "import { PALETTE } from './palette';\nexport const x = PALETTE;\n",
    },
    {
      what: 'stores name a shape from ingest',
      file: 'src/stores/planted.ts',
      code: "import type { FrameSnapshot } from '../ingest/frame-loop';\nexport type X = FrameSnapshot;\n",
    },
    {
      what: 'services use mqtt/, ingest/ and stores',
      file: 'src/services/planted.ts',
      code: "import { createConnection } from '../mqtt/connection';\nimport { Ingest } from '../ingest/ingest';\nimport { useChartsStore } from '../stores/charts-store';\nexport const x = [createConnection, Ingest, useChartsStore];\n",
    },
    {
      what: 'features use hooks, stores, components, domain and their own files',
      file: 'src/features/topics/planted.ts',
      code: "import { useServices } from '../../hooks/services-context';\nimport { useChartsStore } from '../../stores/charts-store';\nimport { QosSelect } from '../../components/qos-select';\nimport { PALETTE } from '../../domain/palette';\nimport { TopicRow } from './topic-row';\nimport type { Services } from '../../services/services';\nexport const x = [useServices, useChartsStore, QosSelect, PALETTE, TopicRow];\nexport type X = Services;\n",
    },
    {
      what: 'mqtt/ uses mqtt.js',
      file: 'src/mqtt/planted.ts',
      code: "import mqtt from 'mqtt';\nexport const x = mqtt;\n",
    },
  ];

  it.each(allowed)('$what: passes lint', async ({ file, code }) => {
    expect(await lint(file, code)).toEqual([]);
  });
});
