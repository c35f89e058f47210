import { create } from 'zustand';
import { DEFAULT_POINTS_PER_SERIES, type ChartSpec } from '../domain/chart-specs';

interface ChartsState {
  charts: ChartSpec[];
  /** Samples each series keeps (its ring's capacity). */
  pointsPerSeries: number;
  /** A chart just made from elsewhere (a "Chart …" button): it scrolls into view and takes focus. */
  revealChartId: number | undefined;
  reveal: (chartId: number | undefined) => void;
}

/** The chart series service owns `charts` and `pointsPerSeries`; views set which chart to reveal. */
export const useChartsStore = create<ChartsState>((set) => ({
  charts: [],
  pointsPerSeries: DEFAULT_POINTS_PER_SERIES,
  revealChartId: undefined,
  reveal: (revealChartId) => set({ revealChartId }),
}));
