import { useThemeAttribute } from './use-theme-attribute';
import { ConnectionPanel } from '../features/connection/connection-panel';
import { SubscriptionsPanel } from '../features/subscriptions/subscriptions-panel';
import { StatisticsBar } from '../features/statistics/statistics-bar';
import { TopicsPanel } from '../features/topics/topics-panel';
import { MessagesPanel } from '../features/messages/messages-panel';
import { MessageDetailsPanel } from '../features/details/message-details-panel';
import { PublishPanel } from '../features/publish/publish-panel';
import { ChartsPanel } from '../features/charts/charts-panel';
import { PacketsPanel } from '../features/packets/packets-panel';
import { ScenariosPanel } from '../features/scenarios/scenarios-panel';
import { BrokerPanel } from '../features/broker/broker-panel';
import { SettingsButton } from '../features/settings/settings-dialog';

export function App() {
  useThemeAttribute();
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">
          <img src="/favicon.svg" alt="" width={22} height={22} /> Brokerscope
        </h1>
        <StatisticsBar />
        <SettingsButton />
      </header>
      <main className="app-main">
        <div className="column column-left">
          <ConnectionPanel />
          <SubscriptionsPanel />
          <PublishPanel />
        </div>
        <div className="column column-center">
          <TopicsPanel />
        </div>
        <div className="column column-right">
          <MessagesPanel />
          <MessageDetailsPanel />
        </div>
        <div className="column-wide">
          <ChartsPanel />
          <PacketsPanel />
          <ScenariosPanel />
          <BrokerPanel />
        </div>
      </main>
    </div>
  );
}
