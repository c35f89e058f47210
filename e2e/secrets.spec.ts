/**
 * A password typed into the Broker URL: moved into the Password field as it is typed, so the URL
 * field, the status line and everything stored hold no password; it is kept only when
 * "Remember password" is ticked.
 */
import type { Page } from '@playwright/test';
import { AUTH_USERS, readE2eEnv } from './support/brokers';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();
const LONG = { timeout: 15_000 };
const { username, password } = AUTH_USERS.alice;
/** The auth broker's WebSocket URL as the person would write it, with alice's credentials. */
const authHostPort = new URL(env.authWsUrl).host;
const urlWithCredentials = `ws://${username}:${password}@${authHostPort}`;
const cleanUrl = `ws://${authHostPort}`;

function connection(page: Page) {
  return page.getByRole('region', { name: 'Connection' });
}

function brokerUrl(page: Page) {
  return connection(page).getByRole('textbox', { name: 'Broker URL' });
}

function passwordField(page: Page) {
  return connection(page).getByLabel('Password', { exact: true });
}

function status(page: Page) {
  return page.getByRole('status', { name: 'Connection status' });
}

/** Every key and value in the page's localStorage, as one text. */
async function storedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i)!;
      parts.push(key, window.localStorage.getItem(key) ?? '');
    }
    return parts.join('\n');
  });
}

/** Opens the app without connecting (a ?broker= link) and types `url` into the Broker URL. */
async function typeBrokerUrl(page: Page, url: string): Promise<void> {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(env.mosquittoWsUrl)}`);
  await expect(brokerUrl(page)).toHaveValue(env.mosquittoWsUrl);
  await brokerUrl(page).clear();
  await brokerUrl(page).pressSequentially(url);
}

test('a password typed into the Broker URL goes to the Password field and is not saved', async ({
  page,
}) => {
  await typeBrokerUrl(page, urlWithCredentials);
  await expect(brokerUrl(page)).toHaveValue(cleanUrl);
  await expect(connection(page).getByRole('textbox', { name: 'Username' })).toHaveValue(username);
  await expect(passwordField(page)).toHaveValue(password);
  await expect(passwordField(page)).toHaveAttribute('type', 'password');
  // Where a remembered password would be kept is said next to the checkbox.
  await expect(
    connection(page).getByRole('checkbox', { name: 'Remember password' }),
  ).toHaveAccessibleDescription(/browser's storage, not encrypted/);
  await expect(
    connection(page).getByRole('checkbox', { name: 'Remember password' }),
  ).not.toBeChecked();
  expect(await storedText(page)).not.toContain(password);

  await connection(page).getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(status(page)).toHaveText(/^Connected/, LONG);
  await expect(status(page)).toContainText(cleanUrl);
  await expect(status(page)).not.toContainText(password);
  await expect(brokerUrl(page)).not.toHaveValue(new RegExp(password));
  expect(await storedText(page)).not.toContain(password);

  // Not remembered: opened again, the page has no password; the user name and URL are kept.
  await page.goto(env.appUrl);
  await expect(brokerUrl(page)).toHaveValue(cleanUrl);
  await expect(connection(page).getByRole('textbox', { name: 'Username' })).toHaveValue(username);
  await expect(passwordField(page)).toHaveValue('');
  expect(await storedText(page)).not.toContain(password);
  // The page connects again by itself, without a password: the broker refuses it.
  await expect(status(page)).toHaveText(
    /^Disconnected.*(Bad user name or password|Not authorized)/i,
    LONG,
  );
  await expect(status(page)).not.toContainText(password);
});

test('with "Remember password" ticked, the password comes back when the page opens again, the URL stays clean', async ({
  page,
}) => {
  await typeBrokerUrl(page, urlWithCredentials);
  await connection(page).getByRole('checkbox', { name: 'Remember password' }).check();
  await connection(page).getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(status(page)).toHaveText(/^Connected/, LONG);

  await page.goto(env.appUrl);
  await expect(passwordField(page)).toHaveValue(password);
  await expect(brokerUrl(page)).toHaveValue(cleanUrl);
  await expect(status(page)).toHaveText(/^Connected/, LONG);
  await expect(status(page)).not.toContainText(password);
  // Stored as the password, never inside the URL.
  expect(await storedText(page)).not.toContain(`${username}:${password}@`);
});

test('a ?broker= link with a user name and password fills the fields, not the URL', async ({
  page,
}) => {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(urlWithCredentials)}`);
  await expect(brokerUrl(page)).toHaveValue(cleanUrl);
  await expect(connection(page).getByRole('textbox', { name: 'Username' })).toHaveValue(username);
  await expect(passwordField(page)).toHaveValue(password);
  await expect.poll(() => storedText(page)).not.toContain(password);

  await connection(page).getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(status(page)).toHaveText(/^Connected/, LONG);
  await expect(status(page)).not.toContainText(password);
});
