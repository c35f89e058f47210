import { useId } from 'react';
import { useNoticesStore, type Notice } from '../../stores/notices-store';

function NoticeRow({ notice }: { notice: Notice }) {
  const id = useId();
  const dismiss = useNoticesStore((s) => s.dismiss);
  return (
    <li className={`notice notice-${notice.tone}`}>
      <span id={id} role={notice.tone === 'error' ? 'alert' : 'status'}>
        {notice.text}
      </span>
      <button
        type="button"
        className="small"
        aria-describedby={id}
        onClick={() => dismiss(notice.id)}
      >
        Dismiss
      </button>
    </li>
  );
}

/**
 * The app's notices, at the top of the page: stored state that was reset when it opened, and
 * anything that could not be saved. Each one stays until dismissed (a failed save also goes
 * once a later save of the same thing works).
 */
export function NoticesArea() {
  const notices = useNoticesStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      <ul>
        {notices.map((notice) => (
          <NoticeRow key={notice.id} notice={notice} />
        ))}
      </ul>
    </section>
  );
}
