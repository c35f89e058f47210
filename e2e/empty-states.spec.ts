/**
 * Empty panels say why they are empty, and counts use the right plural form.
 */
import { publishFromNode, readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { expect, test } from './support/fixtures';
import { messageLog, openAndConnect, subscribe, subscriptionItem, treeItem } from './support/app';

const env = readE2eEnv();

test('the topic tree says when its filter matches nothing; counts read 1 topic, 2 topics', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  const topics = page.getByRole('region', { name: 'Topics' });
  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');

  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/alpha`, 'first');
  // The panel's own count comes first; rows above the leaves count their subtopics too.
  await expect(treeItem(page, 'alpha')).toHaveAccessibleName('alpha 1 message');
  await expect(topics.getByText('1 topic', { exact: true }).first()).toBeVisible();

  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/beta`, ['second', 'third']);
  await expect(treeItem(page, 'beta')).toHaveAccessibleName('beta 2 messages');
  await expect(topics.getByText('2 topics', { exact: true }).first()).toBeVisible();

  const filter = topics.getByRole('searchbox', { name: 'Filter topics' });
  await filter.fill('zzz-nothing');
  await expect(topics).toContainText('No topic matches "zzz-nothing"');
  await expect(topics).not.toContainText('No topics yet');
  await expect(topics.getByRole('treeitem')).toHaveCount(0);
  await topics.getByRole('checkbox', { name: 'Search payloads' }).check();
  await expect(topics).toContainText('No topic or last payload matches "zzz-nothing"');

  await filter.fill('alpha');
  await expect(treeItem(page, 'alpha')).toBeVisible();
  await expect(topics).not.toContainText('matches');
});

test('the message log says what its filter matched nothing for, and why it is empty', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  const messages = page.getByRole('region', { name: 'Messages' });
  const log = messageLog(page);
  await expect(messages).toContainText('The log is empty: no message received yet');

  await subscribe(page, `${prefix}/#`);
  await expect(subscriptionItem(page, `${prefix}/#`)).toContainText('QoS 0');
  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/kiln`, '{"celsius": 21.5}');
  await expect(log.getByRole('listitem')).toHaveCount(1);
  await expect(messages.getByText('1 shown · 1 kept', { exact: true })).toBeVisible();
  await expect(messages).not.toContainText('The log is empty');

  const text = messages.getByRole('searchbox', { name: 'Filter by text' });
  await text.fill('zzz-nothing');
  await expect(log.getByRole('listitem')).toHaveCount(0);
  await expect(messages).toContainText('No message matches "zzz-nothing"');
  await expect(messages.getByText('0 shown · 1 kept', { exact: true })).toBeVisible();
  await text.fill('');

  const topicFilter = messages.getByRole('textbox', { name: 'Filter by topic' });
  await topicFilter.fill(`${prefix}/nothing/+`);
  await expect(messages).toContainText(`No message matches the topic filter ${prefix}/nothing/+`);
  await text.fill('celsius');
  await expect(messages).toContainText(
    `No message matches the topic filter ${prefix}/nothing/+ and "celsius"`,
  );
  await topicFilter.fill('');
  await expect(log.getByRole('listitem')).toHaveCount(1);
  await text.fill('');

  await messages.getByRole('button', { name: 'Clear log' }).click();
  await expect(log.getByRole('listitem')).toHaveCount(0);
  await expect(messages).toContainText('The log is empty: it was cleared');

  await publishFromNode(env.mosquittoTcpUrl, `${prefix}/kiln`, [
    '{"celsius": 22}',
    '{"celsius": 23}',
  ]);
  await expect(log.getByRole('listitem')).toHaveCount(2);
  await expect(messages.getByText('2 shown · 2 kept', { exact: true })).toBeVisible();
  await expect(messages).not.toContainText('The log is empty');
  await expect(treeItem(page, 'kiln')).toHaveAccessibleName('kiln 3 messages');
});
