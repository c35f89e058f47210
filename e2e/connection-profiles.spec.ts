import { readE2eEnv } from './support/brokers';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();

test('a saved profile brings back its broker; the password only when remembered', async ({
  page,
}) => {
  await page.goto(`${env.appUrl}?broker=${encodeURIComponent(env.authWsUrl)}`);
  const connection = page.getByRole('region', { name: 'Connection' });
  await connection.getByRole('textbox', { name: 'Username' }).fill('alice');
  await connection.getByLabel('Password', { exact: true }).fill('wonderland');
  page.once('dialog', (dialog) => void dialog.accept('Auth broker'));
  await connection.getByRole('button', { name: 'Save profile' }).click();

  // Without "Remember password", a reload keeps the URL and user but not the password.
  await page.goto(env.appUrl);
  await expect(connection.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(env.authWsUrl);
  await expect(connection.getByRole('textbox', { name: 'Username' })).toHaveValue('alice');
  await expect(connection.getByLabel('Password', { exact: true })).toHaveValue('');

  await connection.getByRole('textbox', { name: 'Broker URL' }).fill(env.mosquittoWsUrl);
  await connection.getByRole('combobox', { name: 'Saved profiles' }).selectOption('Auth broker');
  await expect(connection.getByRole('textbox', { name: 'Broker URL' })).toHaveValue(env.authWsUrl);
  await expect(connection.getByLabel('Password', { exact: true })).toHaveValue('');

  await connection.getByLabel('Password', { exact: true }).fill('wonderland');
  await connection.getByRole('checkbox', { name: 'Remember password' }).check();
  await page.reload();
  await expect(connection.getByLabel('Password', { exact: true })).toHaveValue('wonderland');
  await expect(page.getByRole('status', { name: 'Connection status' })).toHaveText(/^Connected/, {
    timeout: 15_000,
  });
});
