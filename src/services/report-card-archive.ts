/**
 * Saved report cards, in the browser's IndexedDB (through idb, as the message library is) but
 * in a database of their own, so the report card never changes the app's main database schema.
 * Each save or delete is one transaction; an unreadable record is left out of the list.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { readReport, type BrokerReport } from './report-card';

export const REPORTS_DB_NAME = 'brokerscope-report-cards';
const DB_VERSION = 1;

interface ReportsDb extends DBSchema {
  reports: { key: string; value: unknown };
}

export interface ReportArchive {
  /** Saved reports, newest first. */
  list(): Promise<BrokerReport[]>;
  save(report: BrokerReport): Promise<void>;
  remove(id: string): Promise<void>;
}

export function openReportArchive(name = REPORTS_DB_NAME): ReportArchive {
  let opening: Promise<IDBPDatabase<ReportsDb>> | undefined;
  const db = () => {
    if (typeof indexedDB === 'undefined')
      return Promise.reject(new Error('this browser has no IndexedDB'));
    opening ??= openDB<ReportsDb>(name, DB_VERSION, {
      upgrade(database) {
        if (!database.objectStoreNames.contains('reports')) database.createObjectStore('reports');
      },
    });
    return opening;
  };
  return {
    async list() {
      const all = await (await db()).getAll('reports');
      return all
        .map(readReport)
        .filter((r): r is BrokerReport => r !== undefined)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },
    async save(report) {
      await (await db()).put('reports', report, report.id);
    },
    async remove(id) {
      await (await db()).delete('reports', id);
    },
  };
}
