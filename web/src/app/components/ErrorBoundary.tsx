import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import i18n from '../i18n';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  render() {
    if (this.state.error) {
      return (
        <Result
          status="error"
          title={i18n.t('errors.crashTitle')}
          subTitle={i18n.t('errors.crash')}
          extra={<Button onClick={() => window.location.reload()}>{i18n.t('actions.refresh')}</Button>}
        />
      );
    }
    return this.props.children;
  }
}
