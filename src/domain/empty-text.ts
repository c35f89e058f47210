/**
 * What an empty topic tree or message log says, so that an empty panel tells why it is empty:
 * a filter that matches nothing, nothing received yet, a cleared log, or a paused list.
 */
import { countText, MESSAGE } from './count-text';

export interface TreeEmptyInput {
  /** The text of the topic filter box, as typed. */
  filterText: string;
  /** Whether the filter also looks at each topic's last payload. */
  searchPayloads: boolean;
  /** Topics kept, whatever the filter. */
  topicCount: number;
}

/** The text of a topic tree that shows no row. */
export function treeEmptyText({ filterText, searchPayloads, topicCount }: TreeEmptyInput): string {
  const needle = filterText.trim();
  if (topicCount === 0 || !needle) return 'No topics yet: subscribe to see messages.';
  return searchPayloads
    ? `No topic or last payload matches "${needle}"`
    : `No topic matches "${needle}"`;
}

export interface LogEmptyInput {
  /** The valid MQTT topic filter in use, if any. */
  topicFilter: string | undefined;
  /** The text the messages are searched for, if any. */
  text: string | undefined;
  /** Messages in the log, whatever the filters. */
  keptCount: number;
  /** Messages received since the view started (muted ones included). */
  received: number;
  /** Of those, the ones received on muted subscriptions, which the log never keeps. */
  muted: number;
  /** The list is frozen (paused, or following paused): newer messages are not shown. */
  frozen: boolean;
}

/** The text of a message log that shows no row. */
export function logEmptyText(input: LogEmptyInput): string {
  const { keptCount, received, muted, frozen } = input;
  const topicFilter = input.topicFilter?.trim() || undefined;
  const text = input.text?.trim() || undefined;
  if (keptCount === 0) {
    const keptEver = received - muted;
    if (keptEver > 0)
      return 'The log is empty: it was cleared. New messages show here as they arrive.';
    if (muted > 0)
      return `The log is empty: the ${countText(muted, MESSAGE)} received so far came on muted subscriptions.`;
    return 'The log is empty: no message received yet. Subscribe to a topic to see messages here.';
  }
  const pausedNote = frozen ? ' up to the pause; newer ones show when you resume' : '';
  if (topicFilter && text)
    return `No message matches the topic filter ${topicFilter} and "${text}"${pausedNote}`;
  if (topicFilter) return `No message matches the topic filter ${topicFilter}${pausedNote}`;
  if (text) return `No message matches "${text}"${pausedNote}`;
  if (frozen) return 'No message arrived before the pause; newer ones show when you resume.';
  return 'The log is empty.';
}
