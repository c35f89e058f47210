import { create } from 'zustand';
import type { ChartSpec } from '../domain/chart-specs';

interface ChartsState {
  charts: ChartSpec[];
  /** A chart just made from elsewhere (a "Chart …" button): it scrolls into view and takes focus. */
  revealChartId: number | undefined;
  reveal: (chartId: number | undefined) => void;
}

/** The chart series service owns `charts`; views set which chart to reveal. */
export const useChartsStore = create<ChartsState>((set) => ({
  charts: [],
  revealChartId: undefined,
  reveal: (revealChartId) => set({ revealChartId }),
}));
