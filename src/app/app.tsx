import { lazy, Suspense, useEffect } from 'react';
import { markStarted } from '../stores/safe-start';
import { ServicesProvider } from '../hooks/services-context';
import type { Services } from '../services/services';
import { useThemeAttribute } from './use-theme-attribute';
import { PanelBoundary } from '../components/panel-boundary';
import { ConnectionPanel } from '../features/connection/connection-panel';
import { SubscriptionsPanel } from '../features/subscriptions/subscriptions-panel';
import { StatisticsBar } from '../features/statistics/statistics-bar';
import { TopicsPanel } from '../features/topics/topics-panel';
import { MessagesPanel } from '../features/messages/messages-panel';
import { SettingsButton } from '../features/settings/settings-dialog';
import { NoticesArea } from '../features/notices/notices-area';

// Loaded after the live view: the chart library and the scenarios are most of the code, and
// the first message should not wait for them.
const PublishPanel = lazy(() =>
  import('../features/publish/publish-panel').then((m) => ({ default: m.PublishPanel })),
);
const MessageDetailsPanel = lazy(() =>
  import('../features/details/message-details-panel').then((m) => ({
    default: m.MessageDetailsPanel,
  })),
);
const ChartsPanel = lazy(() =>
  import('../features/charts/charts-panel').then((m) => ({ default: m.ChartsPanel })),
);
const PacketsPanel = lazy(() =>
  import('../features/packets/packets-panel').then((m) => ({ default: m.PacketsPanel })),
);
const ScenariosPanel = lazy(() =>
  import('../features/scenarios/scenarios-panel').then((m) => ({ default: m.ScenariosPanel })),
);
const BrokerPanel = lazy(() =>
  import('../features/broker/broker-panel').then((m) => ({ default: m.BrokerPanel })),
);
const RecordingsPanel = lazy(() =>
  import('../features/recordings/recordings-panel').then((m) => ({ default: m.RecordingsPanel })),
);
const DecodingPanel = lazy(() =>
  import('../features/decoding/decoding-panel').then((m) => ({ default: m.DecodingPanel })),
);
const ReportCardPanel = lazy(() =>
  import('../features/report-card/report-card-panel').then((m) => ({
    default: m.ReportCardPanel,
  })),
);

export function App({ services }: { services: Services }) {
  useThemeAttribute();
  // The first screen is up: the start finished, so the next one restores everything.
  useEffect(markStarted, []);
  return (
    <ServicesProvider services={services}>
      <div className="app">
        <header className="app-header">
          <h1 className="brand">
            <img src="/favicon.svg" alt="" width={22} height={22} /> Brokerscope
          </h1>
          <PanelBoundary name="Statistics">
            <StatisticsBar />
          </PanelBoundary>
          <SettingsButton />
        </header>
        <NoticesArea />
        <main className="app-main">
          <div className="column column-left">
            <PanelBoundary name="Connection">
              <ConnectionPanel />
            </PanelBoundary>
            <PanelBoundary name="Subscriptions">
              <SubscriptionsPanel />
            </PanelBoundary>
            <Suspense fallback={<p className="muted">Loading Publish…</p>}>
              <PanelBoundary name="Publish">
                <PublishPanel />
              </PanelBoundary>
            </Suspense>
          </div>
          <div className="column column-center">
            <PanelBoundary name="Topics">
              <TopicsPanel />
            </PanelBoundary>
          </div>
          <div className="column column-right">
            <PanelBoundary name="Messages">
              <MessagesPanel />
            </PanelBoundary>
            <Suspense fallback={null}>
              <PanelBoundary name="Message details">
                <MessageDetailsPanel />
              </PanelBoundary>
            </Suspense>
          </div>
          <div className="column-wide">
            <Suspense fallback={<p className="muted">Loading charts, packets and scenarios…</p>}>
              <PanelBoundary name="Charts">
                <ChartsPanel />
              </PanelBoundary>
              <PanelBoundary name="Recordings">
                <RecordingsPanel />
              </PanelBoundary>
              <PanelBoundary name="Decoding">
                <DecodingPanel />
              </PanelBoundary>
              <PanelBoundary name="Packets">
                <PacketsPanel />
              </PanelBoundary>
              <PanelBoundary name="Scenarios">
                <ScenariosPanel />
              </PanelBoundary>
              <PanelBoundary name="Report card">
                <ReportCardPanel />
              </PanelBoundary>
              <PanelBoundary name="Broker">
                <BrokerPanel />
              </PanelBoundary>
            </Suspense>
          </div>
        </main>
      </div>
    </ServicesProvider>
  );
}
