import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** The panel's region name, e.g. "Publish": the fallback keeps it, so it is still found. */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | undefined;
  componentStack: string | undefined;
  copied: boolean;
}

/**
 * Keeps a failure inside one panel: the rest of the app goes on, and the panel says what
 * failed, with "Reload this panel" and "Copy error" (for a bug report).
 */
export class PanelBoundary extends Component<Props, State> {
  state: State = { error: undefined, componentStack: undefined, copied: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)), copied: false };
  }

  componentDidCatch(_error: unknown, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? undefined });
  }

  private readonly reload = () =>
    this.setState({ error: undefined, componentStack: undefined, copied: false });

  private readonly copy = async () => {
    const { error, componentStack } = this.state;
    if (!error) return;
    const report = [
      `${this.props.name} panel: ${error.name}: ${error.message}`,
      error.stack ?? '',
      componentStack ? `Component stack:${componentStack}` : '',
    ]
      .filter(Boolean)
      .join('\n\n');
    try {
      await navigator.clipboard.writeText(report);
      this.setState({ copied: true });
    } catch {
      this.setState({ copied: false });
    }
  };

  render(): ReactNode {
    const { error, copied } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel panel-failed" aria-label={this.props.name}>
        <h2>{this.props.name}</h2>
        <p role="alert" className="error">
          This panel stopped because of an error: {error.message || error.name}. The rest of
          Brokerscope goes on working.
        </p>
        <div className="toolbar">
          <button type="button" onClick={this.reload}>
            Reload this panel
          </button>
          <button type="button" onClick={() => void this.copy()}>
            Copy error
          </button>
          {copied && (
            <span role="status" className="muted">
              Copied the error for a report.
            </span>
          )}
        </div>
      </section>
    );
  }
}
