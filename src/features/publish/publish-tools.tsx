import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { CommandTab } from './command-tab';
import { GeneratorTab } from './generator-tab';
import { HistoryTab } from './history-tab';
import { LibraryTab } from './library-tab';
import { RetainedTab } from './retained-tab';

const TABS = [
  { key: 'command', label: 'Command', Panel: CommandTab },
  { key: 'generator', label: 'Generator', Panel: GeneratorTab },
  { key: 'library', label: 'Library', Panel: LibraryTab },
  { key: 'history', label: 'History', Panel: HistoryTab },
  { key: 'retained', label: 'Retained', Panel: RetainedTab },
] as const;

type TabKey = (typeof TABS)[number]['key'];

/** Tools that build on the publish form, as tabs (arrow keys move between them). */
export function PublishTools() {
  const id = useId();
  const [active, setActive] = useState<TabKey>('command');
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.key === active);
    let next = index;
    if (event.key === 'ArrowRight') next = (index + 1) % TABS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + TABS.length) % TABS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = TABS.length - 1;
    else return;
    event.preventDefault();
    setActive(TABS[next]!.key);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="publish-tools">
      <div role="tablist" aria-label="Publish tools" className="tabs" onKeyDown={onKeyDown}>
        {TABS.map((tab, i) => (
          <button
            key={tab.key}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-${tab.key}-tab`}
            aria-selected={active === tab.key}
            aria-controls={`${id}-${tab.key}-panel`}
            tabIndex={active === tab.key ? 0 : -1}
            onClick={() => setActive(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {/* Hidden, not unmounted: a command awaiting its reply keeps its result. */}
      {TABS.map(({ key, Panel }) => (
        <div
          key={key}
          role="tabpanel"
          id={`${id}-${key}-panel`}
          aria-labelledby={`${id}-${key}-tab`}
          className="tab-panel"
          hidden={key !== active}
        >
          <Panel />
        </div>
      ))}
    </div>
  );
}
