/**
 * The publish form, the message library and the publish history as the browser keeps them: the
 * stored keys that only the Publish panel reads, apart from stored-state.ts (read at start) so
 * the first bundle carries neither their schemas nor the publishing code they name. They are
 * read and written like every other key (see stored-state.ts).
 */
import * as v from 'valibot';
import { EMPTY_PROPERTIES, type PublishDraft } from './publish-draft';
import { PAYLOAD_FORMATS } from './payload-encode';
import { flag, listSpec, nonBlank, plain, qos, text, valueSpec, wholeNumber } from './stored-state';

const userProperty = plain(v.object({ key: text, value: text }));

const propertyFields = {
  contentType: text,
  payloadIsUtf8: flag,
  messageExpirySec: text,
  responseTopic: text,
  correlationData: text,
  userProperties: v.array(userProperty),
};
const propertiesPatch = plain(v.partial(v.object(propertyFields)));

const format = v.picklist([...PAYLOAD_FORMATS]);

/** Any part of the publish form; the store puts it over the defaults. */
const publishDraftPatch = plain(
  v.partial(
    v.object({
      topic: text,
      payload: text,
      format,
      qos,
      retain: flag,
      expandTemplates: flag,
      properties: propertiesPatch,
    }),
  ),
);

/** A whole form kept with a library entry or a history entry: a topic, the rest defaulted. */
const savedDraft = plain(
  v.pipe(
    v.object({
      topic: text,
      payload: v.optional(text, ''),
      format: v.optional(format, 'text'),
      qos: v.optional(qos, 0),
      retain: v.optional(flag, false),
      expandTemplates: v.optional(flag, true),
      properties: v.optional(propertiesPatch, {}),
    }),
    v.transform((d): PublishDraft => ({
      ...d,
      properties: { ...EMPTY_PROPERTIES, ...d.properties },
    })),
  ),
);

const libraryEntry = plain(
  v.object({
    id: nonBlank,
    name: nonBlank,
    folder: v.optional(text, ''),
    draft: savedDraft,
    savedAtMs: v.optional(v.number(), 0),
  }),
);

const historyEntry = plain(
  v.object({
    id: wholeNumber,
    atMs: v.number(),
    kind: v.picklist(['publish', 'command', 'generator', 'clear-retained']),
    draft: savedDraft,
    topic: text,
    ok: flag,
    outcome: text,
    payloadCut: v.optional(flag, false),
  }),
);

/** The publishing keys. Their names never change: users keep their data. */
export const STORED_PUBLISHING = {
  publishDraft: valueSpec(
    'brokerscope.publishDraft',
    publishDraftPatch,
    'The saved publish form could not be read and was reset.',
  ),
  publishHistory: listSpec(
    'brokerscope.publishHistory',
    historyEntry,
    'The saved publish history could not be read and was reset.',
    'publish history entries',
  ),
  library: listSpec(
    'brokerscope.messageLibrary',
    libraryEntry,
    'The saved message library could not be read and was reset.',
    'saved library messages',
  ),
} as const;
