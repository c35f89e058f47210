import { create } from 'zustand';
import type { ChartSpec } from '../domain/chart-specs';

interface ChartsState {
  charts: ChartSpec[];
}

/** State only: the chart series service owns the charts and changes this. */
export const useChartsStore = create<ChartsState>(() => ({ charts: [] }));
