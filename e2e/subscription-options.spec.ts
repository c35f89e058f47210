/**
 * Each row of "Active subscriptions" shows the MQTT 5 options it was subscribed with, compact
 * ("NL · RAP · RH 2 · id 7") with the same in full words for its title and for screen readers.
 */
import { readE2eEnv, uniqueTopicPrefix } from './support/brokers';
import { openAndConnect, subscribe, subscriptionItem } from './support/app';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();

test('subscription rows show their MQTT 5 options in a compact form', async ({ page }) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl, { version: '5.0' });
  const region = page.getByRole('region', { name: 'Subscriptions' });
  await region.getByText('MQTT 5 options').click();
  const noLocal = region.getByRole('checkbox', { name: 'No Local' });
  const retainAsPublished = region.getByRole('checkbox', { name: 'Retain As Published' });
  const retainHandling = region.getByRole('combobox', { name: 'Retain Handling' });
  const identifier = region.getByRole('spinbutton', { name: 'Subscription identifier' });

  // Every option at once.
  await noLocal.check();
  await retainAsPublished.check();
  await retainHandling.selectOption('2');
  await identifier.fill('7');
  await subscribe(page, `${prefix}/all/#`, 1);
  const all = subscriptionItem(page, `${prefix}/all/#`);
  await expect(all).toContainText('QoS 1');
  const full =
    'No Local, Retain As Published, Retain Handling 2: never send retained messages, subscription identifier 7';
  await expect(all.getByTitle(full)).toBeVisible();
  await expect(all.getByTitle(full)).toContainText('NL · RAP · RH 2 · id 7');
  await expect(all).toContainText(full);

  // One option: only it is shown.
  await noLocal.uncheck();
  await retainAsPublished.uncheck();
  await retainHandling.selectOption('1');
  await identifier.fill('');
  await subscribe(page, `${prefix}/one/#`);
  const one = subscriptionItem(page, `${prefix}/one/#`);
  await expect(one).toContainText('QoS 0');
  await expect(one.getByTitle('Retain Handling 1: only for a new subscription')).toContainText(
    /^RH 1/,
  );
  await expect(one).not.toContainText('NL');
  await expect(one).not.toContainText('id ');

  // The defaults: nothing beyond the filter and its QoS.
  await retainHandling.selectOption('0');
  await subscribe(page, `${prefix}/plain/#`, 2);
  const plain = subscriptionItem(page, `${prefix}/plain/#`);
  await expect(plain).toContainText('QoS 2');
  await expect(plain).not.toContainText(/No Local|Retain As Published|Retain Handling|RH |RAP/);
});
