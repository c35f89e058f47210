/** The scenarios, the report card and how to run them; loaded on demand, with their panels. */
import { openReportArchive, type ReportArchive } from '../report-card-archive';
import {
  compareReports,
  reportTitle,
  resultText,
  toJson,
  toMarkdown,
  type BrokerReport,
  type ComparedRow,
} from '../report-card';
import { runReportCard, type ReportProgress } from './report-runner';
import { runScenario } from './scenario-runner';
import { SCENARIOS } from './scenarios';
import type {
  ScenarioDefinition,
  ScenarioEnv,
  ScenarioParams,
  ScenarioRunState,
} from './scenario-types';

/** The report card's commands, for its panel (which may only name these shapes). */
export interface ReportCardKit {
  /** Runs every scenario and probe; `measurements` adds latency and rate (about 25 s). */
  run(
    options: { params?: ScenarioParams; measurements?: boolean },
    onProgress: (progress: ReportProgress) => void,
    signal?: AbortSignal,
  ): Promise<BrokerReport>;
  archive: ReportArchive;
  toMarkdown(report: BrokerReport): string;
  toJson(report: BrokerReport): string;
  compare(a: BrokerReport, b: BrokerReport): ComparedRow[];
  title(report: BrokerReport): string;
  resultText: typeof resultText;
}

export interface ScenarioCatalog {
  readonly definitions: readonly ScenarioDefinition[];
  /** Runs one scenario against the page's broker; `onUpdate` sees every change. */
  run(
    definition: ScenarioDefinition,
    onUpdate: (state: ScenarioRunState) => void,
    signal?: AbortSignal,
    params?: ScenarioParams,
  ): Promise<ScenarioRunState>;
  readonly reportCard: ReportCardKit;
}

export function createCatalog(env: () => ScenarioEnv): ScenarioCatalog {
  return {
    definitions: SCENARIOS,
    run: (definition, onUpdate, signal, params) =>
      runScenario(definition, { ...env(), params }, onUpdate, signal),
    reportCard: {
      run: (options, onProgress, signal) => runReportCard({ env, ...options, onProgress, signal }),
      archive: openReportArchive(),
      toMarkdown,
      toJson,
      compare: compareReports,
      title: reportTitle,
      resultText,
    },
  };
}
