/** Steps a person takes in the app, by role and label. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export async function openAndConnect(
  page: Page,
  appUrl: string,
  brokerUrl: string,
  opts: { version?: '3.1.1' | '5.0'; username?: string; password?: string } = {},
): Promise<void> {
  await page.goto(`${appUrl}?broker=${encodeURIComponent(brokerUrl)}`);
  const connection = page.getByRole('region', { name: 'Connection' });
  await expect(connection.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(brokerUrl);
  if (opts.version)
    await connection.getByRole('combobox', { name: 'MQTT version' }).selectOption(opts.version);
  if (opts.username)
    await connection.getByRole('textbox', { name: 'Username' }).fill(opts.username);
  if (opts.password) await connection.getByLabel('Password', { exact: true }).fill(opts.password);
  await connection.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^Connected/, {
    timeout: 15_000,
  });
}

export async function subscribe(page: Page, filter: string, qos: 0 | 1 | 2 = 0): Promise<void> {
  const region = page.getByRole('region', { name: 'Subscriptions' });
  await region.getByRole('textbox', { name: 'Topic filter' }).fill(filter);
  await region.getByRole('combobox', { name: 'Subscription QoS' }).selectOption(String(qos));
  await region.getByRole('button', { name: 'Subscribe', exact: true }).click();
}

export function subscriptionItem(page: Page, filter: string) {
  return page
    .getByRole('list', { name: 'Active subscriptions' })
    .getByRole('listitem')
    .filter({ hasText: filter });
}

export async function receivedCount(page: Page): Promise<number> {
  const text = await page.getByLabel('Messages received', { exact: true }).textContent();
  return Number((text ?? '').replace(/[^0-9]/g, ''));
}

export function messageLog(page: Page) {
  return page.getByRole('region', { name: 'Messages' }).getByRole('list', { name: 'Message log' });
}

export function details(page: Page) {
  return page.getByRole('region', { name: 'Message details' });
}

export function treeItem(page: Page, name: string) {
  return page.getByRole('tree', { name: 'Topic tree' }).getByRole('treeitem', {
    name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `),
  });
}
