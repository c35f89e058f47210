import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { useServices } from '../../hooks/services-context';
import { useRecordingsStore } from '../../stores/recordings-store';
import { formatCount } from '../../domain/count-text';
import { clockTime } from '../../domain/time-format';
import { PLAYBACK_SPEEDS } from '../../domain/recording-timeline';

const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

/**
 * While a recording is open, a bar fixed to the bottom of the window says so in every view's
 * sight ("Recording: <name>", the views show it instead of live data) and moves through it: a
 * time slider, play / pause at 1× – 100×, a message back or forward, and the way back to live.
 */
export function PlayerBar() {
  const player = useRecordingsStore((s) => s.player);
  const { recordings } = useServices();
  const open = player !== undefined;

  // The bar covers the bottom of the page: the page gets room to scroll past it.
  useEffect(() => {
    if (!open) return;
    document.body.classList.add('with-recording-player');
    return () => document.body.classList.remove('with-recording-player');
  }, [open]);

  if (!player) return null;
  const span = Math.max(0, player.lastMs - player.firstMs);
  const at = clockTime(player.positionMs);
  return createPortal(
    <section className="recording-player" aria-label="Recording player">
      <div className="player-title">
        <strong className="player-label">{player.label}</strong>
        <span className="muted small-note">
          The views show this recording ({dateOnly.format(player.firstMs)}), not live data; live
          data keeps arriving and comes back when you close it.
        </span>
      </div>
      <div className="player-controls">
        {player.playing ? (
          <button type="button" onClick={() => recordings.pause()}>
            Pause
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => recordings.play()}>
            Play
          </button>
        )}
        <select
          aria-label="Playback speed"
          value={String(player.speed)}
          onChange={(e) => recordings.setSpeed(Number(e.target.value))}
        >
          {PLAYBACK_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <button
          type="button"
          aria-label="Previous message"
          disabled={player.index === 0}
          onClick={() => recordings.step(-1)}
        >
          ◀ Step
        </button>
        <button
          type="button"
          aria-label="Next message"
          disabled={player.index >= player.total}
          onClick={() => recordings.step(1)}
        >
          Step ▶
        </button>
        <input
          type="range"
          className="player-slider"
          aria-label="Recording position"
          aria-valuetext={`${at}, message ${player.index} of ${player.total}`}
          min={0}
          max={span}
          step={1}
          value={Math.round(player.positionMs - player.firstMs)}
          onChange={(e) => recordings.seekTime(player.firstMs + Number(e.target.value))}
        />
        <span className="player-position">
          <output aria-label="Recording time">{at}</output> · message{' '}
          <output aria-label="Messages shown">{formatCount(player.index)}</output> of{' '}
          {formatCount(player.total)}
          {player.loading !== undefined && ` · loading ${Math.round(player.loading * 100)} %`}
        </span>
        <button type="button" onClick={() => recordings.close()}>
          Back to live data
        </button>
      </div>
      {player.error && (
        <p role="alert" className="error small-note">
          {player.error}
        </p>
      )}
    </section>,
    document.body,
  );
}
