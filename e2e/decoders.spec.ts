/**
 * Payload decoders against Mosquitto: Sparkplug B from a Node edge node (metric names from the
 * NBIRTH's aliases, a metric charted from the worker's reading), Protobuf with a schema loaded in
 * the Decoding panel and a decode rule, CBOR by its MQTT 5 content type, MessagePack chosen in
 * the details; and publishing in each encoded format, read back by a Node subscriber with the
 * same libraries.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import protobuf from 'protobufjs';
import { decode as decodeCbor, encode as encodeCbor } from 'cbor-x';
import { decode as decodeMsgpack, encode as encodeMsgpack } from '@msgpack/msgpack';
import {
  publishFromNode,
  readE2eEnv,
  REPO_ROOT,
  subscribeFromNode,
  uniqueTopicPrefix,
} from './support/brokers';
import { details, messageLog, openAndConnect, subscribe, treeItem } from './support/app';
import { expect, test } from './support/fixtures';

const env = readE2eEnv();
const LONG = { timeout: 15_000 };

const sparkplugRoot = protobuf.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'src/domain/decoders/sparkplug_b.proto'), 'utf8'),
  { keepCase: true },
).root;
const Payload = sparkplugRoot.lookupType('org.eclipse.tahu.protobuf.Payload');
const sparkplug = (value: Record<string, unknown>) =>
  Buffer.from(Payload.encode(Payload.fromObject(value)).finish());
const FLOAT = 9;
const INT32 = 3;

const FLEET_PROTO = `syntax = "proto3";
package fleet;
message Position {
  double lat = 1;
  double lon = 2;
  string driver = 3;
  uint32 speed = 4;
}
`;
const Position = protobuf.parse(FLEET_PROTO, { keepCase: true }).root.lookupType('fleet.Position');

function decodingPanel(page: Page) {
  return page.getByRole('region', { name: 'Decoding' });
}

function publishRegion(page: Page) {
  return page.getByRole('region', { name: 'Publish' });
}

async function loadFleetSchema(page: Page): Promise<void> {
  const panel = decodingPanel(page);
  await panel.getByText('Paste a .proto schema').click();
  await panel.getByRole('textbox', { name: 'Schema name' }).fill('fleet.proto');
  await panel.getByRole('textbox', { name: 'Schema text' }).fill(FLEET_PROTO);
  await panel.getByRole('button', { name: 'Load schema' }).click();
  await expect(panel.getByRole('status')).toHaveText('Loaded fleet.proto.');
  await expect(panel.getByLabel('Message types')).toContainText('fleet.Position');
}

test('a Sparkplug B edge node: metric names from its NBIRTH, a metric charted', async ({
  page,
}) => {
  const group = `e2e${Date.now().toString(36)}`;
  const birthTopic = `spBv1.0/${group}/NBIRTH/edge1`;
  const dataTopic = `spBv1.0/${group}/NDATA/edge1`;
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `spBv1.0/${group}/#`, 1);
  await expect(page.getByRole('list', { name: 'Active subscriptions' })).toContainText('QoS 1');

  await publishFromNode(
    env.mosquittoTcpUrl,
    birthTopic,
    sparkplug({
      timestamp: Date.now(),
      seq: 0,
      metrics: [
        { name: 'Temperature', alias: 1, datatype: FLOAT, float_value: 20.5 },
        { name: 'Motor/RPM', alias: 2, datatype: INT32, int_value: 1500 },
      ],
    }),
    { qos: 1 },
  );
  const values = [21.5, 22.5, 23.5];
  await publishFromNode(
    env.mosquittoTcpUrl,
    dataTopic,
    values.map((v, i) =>
      sparkplug({
        timestamp: Date.now(),
        seq: i + 1,
        metrics: [
          { alias: 1, float_value: v },
          { alias: 2, int_value: 1500 + i },
        ],
      }),
    ),
    { qos: 1 },
  );

  // The log's preview reads the metrics by name.
  const row = messageLog(page).getByRole('listitem').filter({ hasText: dataTopic }).first();
  await expect(row).toContainText('Temperature=23.5', LONG);
  // The NDATA topic's level (3 messages; its NBIRTH sibling has 1).
  await page
    .getByRole('tree', { name: 'Topic tree' })
    .getByRole('treeitem', { name: /^edge1 3 messages/ })
    .click();
  const panel = details(page);
  await expect(panel).toContainText('NDATA: new values from edge node "edge1"');
  const metrics = panel.getByRole('table', { name: 'Metrics' });
  await expect(metrics.getByRole('row', { name: /Temperature 1 Float 23.5/ })).toBeVisible();
  await expect(metrics.getByRole('row', { name: /Motor\/RPM 2 Int32 1502/ })).toBeVisible();

  await panel.getByRole('button', { name: 'Chart metrics.Temperature.value' }).click();
  const figure = page
    .getByRole('region', { name: 'Charts' })
    .getByRole('figure', { name: /NDATA\/edge1 metrics\.Temperature\.value/ });
  await expect(figure).toBeVisible(LONG);
  const seriesRow = figure.getByRole('row', { name: /metrics\.Temperature\.value/ });
  await expect(seriesRow.getByRole('cell').nth(1)).toHaveText('23.5');

  // New values are read in the worker, aliases named from the BIRTH it saw.
  await publishFromNode(
    env.mosquittoTcpUrl,
    dataTopic,
    sparkplug({ timestamp: Date.now(), seq: 4, metrics: [{ alias: 1, float_value: 30.5 }] }),
    { qos: 1 },
  );
  await expect(seriesRow.getByRole('cell').nth(1)).toHaveText('30.5', LONG);
  await expect(seriesRow.getByRole('cell').nth(3)).toHaveText('30.5');
});

test('Protobuf with a loaded schema and a rule; CBOR and MessagePack show their values', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await subscribe(page, `${prefix}/#`, 1);
  await expect(page.getByRole('list', { name: 'Active subscriptions' })).toContainText('QoS 1');
  await loadFleetSchema(page);
  const panel = decodingPanel(page);
  await panel.getByRole('textbox', { name: 'Rule topic filter' }).fill(`${prefix}/+/pos`);
  await panel.getByRole('combobox', { name: 'Decode as' }).selectOption('protobuf');
  await panel.getByRole('combobox', { name: 'Rule message type' }).selectOption('fleet.Position');
  await panel.getByRole('button', { name: 'Add rule' }).click();
  await expect(panel.getByRole('list', { name: 'Decode rules' })).toContainText(
    `${prefix}/+/pos as Protobuf fleet.Position`,
  );

  const position = Buffer.from(
    Position.encode(
      Position.fromObject({ lat: 52.5, lon: 13.25, driver: 'Ada', speed: 88 }),
    ).finish(),
  );
  // A field the schema does not know (99) is shown by its number.
  const extra = Buffer.from([0x98, 0x06, 0x07]);
  await publishFromNode(
    env.mosquittoTcpUrl,
    `${prefix}/truck7/pos`,
    Buffer.concat([position, extra]),
    {
      qos: 1,
    },
  );
  await publishFromNode(
    env.mosquittoTcpUrl,
    `${prefix}/vibration`,
    encodeCbor({ rms: 0.42, axis: 'x' }),
    { qos: 1, properties: { contentType: 'application/cbor' } },
  );
  await publishFromNode(
    env.mosquittoTcpUrl,
    `${prefix}/packed`,
    Buffer.from(encodeMsgpack({ rpm: 1234, ok: true })),
    { qos: 1 },
  );

  const log = messageLog(page);
  const pos = log.getByRole('listitem').filter({ hasText: `${prefix}/truck7/pos` });
  await expect(pos).toContainText('Protobuf', LONG);
  await treeItem(page, 'pos').click();
  const payload = details(page).getByLabel('Payload', { exact: true });
  await expect(payload).toContainText('"lat": 52.5');
  await expect(payload).toContainText('"driver": "Ada"');
  await expect(payload).toContainText('"#99": 7');
  await expect(details(page)).toContainText('Decoded by rule');

  const cbor = log.getByRole('listitem').filter({ hasText: `${prefix}/vibration` });
  await expect(cbor).toContainText('CBOR · {"rms":0.42,"axis":"x"}');
  await treeItem(page, 'vibration').click();
  await expect(payload).toContainText('"rms": 0.42');

  await treeItem(page, 'packed').click();
  await details(page).getByRole('combobox', { name: 'Show as' }).selectOption('msgpack');
  await expect(payload).toContainText('"rpm": 1234');
  await expect(payload).toContainText('"ok": true');

  // Malformed bytes give the decoder's error and the hex, never an exception.
  await details(page).getByRole('combobox', { name: 'Show as' }).selectOption('sparkplug');
  await expect(details(page).getByRole('alert')).toContainText('Not valid Sparkplug B');
  await expect(payload).toContainText('00000000');

  // Text search finds decoded values.
  await page.getByRole('searchbox', { name: 'Filter by text' }).fill('"driver": "ada"');
  await expect(log.getByRole('listitem')).toHaveCount(1);
});

test('publish as CBOR, MessagePack, Protobuf and Sparkplug B: a Node subscriber decodes them', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  const group = `e2e${Date.now().toString(36)}`;
  const receiver = await subscribeFromNode(
    env.mosquittoTcpUrl,
    [`${prefix}/#`, `spBv1.0/${group}/#`],
    { qos: 1 },
  );
  try {
    await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
    await loadFleetSchema(page);
    const form = publishRegion(page);
    const send = async (topic: string, format: string, payload: string) => {
      await form.getByRole('textbox', { name: 'Publish topic' }).fill(topic);
      await form.getByRole('combobox', { name: 'Format' }).selectOption(format);
      await form.getByRole('textbox', { name: 'Payload', exact: true }).fill(payload);
      await form.getByRole('button', { name: 'Publish', exact: true }).click();
    };
    const result = form.getByRole('status', { name: 'Publish result' });

    await send(`${prefix}/cbor`, 'cbor', '{"celsius": 21.5, "ok": true}');
    await expect(result).toContainText(/Sent \d+ bytes of CBOR/);
    await send(`${prefix}/msgpack`, 'msgpack', '{"rpm": 1500, "tags": ["a", "b"]}');
    await expect(result).toContainText(/Sent \d+ bytes of MessagePack/);
    await form.getByRole('textbox', { name: 'Publish topic' }).fill(`${prefix}/pos`);
    await form.getByRole('combobox', { name: 'Format' }).selectOption('protobuf');
    await form
      .getByRole('combobox', { name: 'Protobuf message type' })
      .selectOption('fleet.Position');
    await send(`${prefix}/pos`, 'protobuf', '{"lat": 52.5, "driver": "Ada", "speed": 88}');
    await expect(result).toContainText(/Sent \d+ bytes of Protobuf fleet.Position/);
    const sparkplugTopic = `spBv1.0/${group}/NDATA/edge1`;
    await send(sparkplugTopic, 'sparkplug', '{"metrics": {"Temperature": 21.5, "Running": true}}');
    await expect(result).toContainText(/Sent \d+ bytes of Sparkplug B, seq 0/);
    await send(sparkplugTopic, 'sparkplug', '{"metrics": {"Temperature": 22}}');
    await expect(result).toContainText(/Sent \d+ bytes of Sparkplug B, seq 1/);

    const got = await receiver.waitForMessages(5, { timeoutMs: 15_000 });
    const on = (topic: string) => got.filter((m) => m.topic === topic);
    expect(decodeCbor(on(`${prefix}/cbor`)[0]!.payload)).toEqual({ celsius: 21.5, ok: true });
    expect(decodeMsgpack(on(`${prefix}/msgpack`)[0]!.payload)).toEqual({
      rpm: 1500,
      tags: ['a', 'b'],
    });
    expect(Position.toObject(Position.decode(on(`${prefix}/pos`)[0]!.payload))).toEqual({
      lat: 52.5,
      driver: 'Ada',
      speed: 88,
    });
    const [first, second] = on(sparkplugTopic).map((m) =>
      Payload.toObject(Payload.decode(m.payload), { longs: Number }),
    );
    expect(first!.seq).toBe(0);
    expect(second!.seq).toBe(1);
    expect(first!.metrics).toEqual([
      expect.objectContaining({ name: 'Temperature', datatype: 10, double_value: 21.5 }),
      expect.objectContaining({ name: 'Running', datatype: 11, boolean_value: true }),
    ]);
  } finally {
    await receiver.close();
  }
});

test('decode rules and schemas go with the message library export and come back on import', async ({
  page,
}) => {
  const prefix = uniqueTopicPrefix(test.info());
  await openAndConnect(page, env.appUrl, env.mosquittoWsUrl);
  await loadFleetSchema(page);
  const panel = decodingPanel(page);
  await panel.getByRole('textbox', { name: 'Rule topic filter' }).fill(`${prefix}/+/pos`);
  await panel.getByRole('combobox', { name: 'Decode as' }).selectOption('protobuf');
  await panel.getByRole('combobox', { name: 'Rule message type' }).selectOption('fleet.Position');
  await panel.getByRole('button', { name: 'Add rule' }).click();
  const rules = panel.getByRole('list', { name: 'Decode rules' });
  await expect(rules).toContainText(`${prefix}/+/pos as Protobuf fleet.Position`);

  const form = publishRegion(page);
  await form
    .getByRole('tablist', { name: 'Publish tools' })
    .getByRole('tab', { name: 'Library' })
    .click();
  const downloading = page.waitForEvent('download');
  await form.getByRole('button', { name: 'Export library' }).click();
  const file = await (await downloading).path();
  const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    decoding: { rules: Array<{ filter: string }>; schemas: Array<{ name: string }> };
  };
  expect(exported.decoding.rules.map((r) => r.filter)).toContain(`${prefix}/+/pos`);
  expect(exported.decoding.schemas.map((s) => s.name)).toEqual(['fleet.proto']);

  await panel.getByRole('button', { name: `Remove rule ${prefix}/+/pos` }).click();
  await expect(panel.getByText('No decode rules.')).toBeVisible();
  await form.getByLabel('Library file to import').setInputFiles(file);
  await expect(rules).toContainText(`${prefix}/+/pos as Protobuf fleet.Position`);
  await expect(form).toContainText('Imported 1 decode rule(s) and 1 .proto schema(s).');
});
